// The public surface of microtls. The prelude is imported first so that it runs before any
// other module's top-level code in the bundle.
import './compat/prelude';
import board from 'microtls:board';

export { selftest } from './selftest';
export type { SelftestResult } from './selftest';
export { sha256, hmacSha256, hkdfExtractSha256, hkdfExpandSha256, SHA256 } from './crypto/sha256';
export type { HashAlgorithm, Hasher } from './crypto/provider';
export { microtlsError, cryptoError, isMicrotlsError } from './errors';
export type { MicrotlsError } from './errors';
export { x25519, x25519Base } from './crypto/x25519';
export { toHex, fromHex } from './bytes';
// --- crypto: rsa ---
export {
  rsaPublicKey, rsaPrivateKey, rsaPkcs1Verify, rsaPssVerify, rsaPkcs1Sign, rsaPssSign,
  rsaPkcs1Encrypt, rsaPkcs1Decrypt, rsaDecryptPremaster,
} from './crypto/rsa';
export type { RsaPublicKey, RsaPrivateKey, RsaPrivateComponents, RsaOptions } from './crypto/rsa';
// --- end rsa ---
export type { BoardProfile } from './board';

export const VERSION = '0.1.0';
export { board };
