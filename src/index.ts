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
// --- crypto: ec ---
export { p256PublicKey, p256Ecdh } from './crypto/p256';
export { p384PublicKey, p384Ecdh } from './crypto/p384';
export { ecdsaVerify, ecdsaP256Sign } from './crypto/ecdsa';
export { ed25519Verify } from './crypto/ed25519';
// --- end ec ---
export { toHex, fromHex } from './bytes';
export type { BoardProfile } from './board';

export const VERSION = '0.1.0';
export { board };
