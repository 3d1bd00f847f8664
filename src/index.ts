// The public surface of microtls. The prelude is imported first so that it runs before any
// other module's top-level code in the bundle.
import './compat/prelude';
import board from 'microtls:board';

export { selftest } from './selftest';
export type { SelftestResult } from './selftest';
export { sha256, hmacSha256, hkdfExtractSha256, hkdfExpandSha256, SHA256 } from './crypto/sha256';
export type { HashAlgorithm, Hasher } from './crypto/provider';
// --- crypto: hash ---
export { SHA384, SHA512 } from './crypto/sha512';
export { SHA1 } from './crypto/sha1';
export { hmac, hmacCreate } from './crypto/hmac';
export { hkdfExtract, hkdfExpand, hkdfExpandLabel } from './crypto/hkdf';
export { tls12Prf } from './crypto/prf';
// --- end hash ---
export { microtlsError, cryptoError, isMicrotlsError } from './errors';
export type { MicrotlsError } from './errors';
export { x25519, x25519Base } from './crypto/x25519';
// --- crypto: ec ---
export { p256PublicKey, p256Ecdh } from './crypto/p256';
export { p384PublicKey, p384Ecdh } from './crypto/p384';
export { ecdsaVerify, ecdsaP256Sign } from './crypto/ecdsa';
export { ed25519Verify, ed25519Sign, ed25519PublicKey } from './crypto/ed25519';
// --- end ec ---
export { toHex, fromHex } from './bytes';
// --- crypto: aead ---
export { aesKey, aesEncryptBlock, aesDecryptBlock, aesBlockCipher } from './crypto/aes';
export type { AesKey, AesBlockCipher } from './crypto/aes';
export type { AeadKey } from './crypto/aead';
export { aesGcmKey, aesGcmOver } from './crypto/gcm';
export { chacha20Poly1305Key } from './crypto/chacha20poly1305';
export { aesCbcEncrypt, aesCbcDecrypt, pkcs7Unpad, aesCbcHmacKey } from './crypto/cbc';
export type { CbcHmacKey } from './crypto/cbc';
// --- end aead ---
// --- crypto: rsa ---
export {
  rsaPublicKey, rsaPrivateKey, rsaPkcs1Verify, rsaPssVerify, rsaPkcs1Sign, rsaPssSign,
  rsaPkcs1Encrypt, rsaPkcs1Decrypt, rsaDecryptPremaster,
} from './crypto/rsa';
export type { RsaPublicKey, RsaPrivateKey, RsaPrivateComponents, RsaOptions } from './crypto/rsa';
// --- end rsa ---
// --- crypto: provider ---
export { defaultProvider, withOverrides } from './crypto/default-provider';
export type { CryptoProvider } from './crypto/provider';
export { espruinoCryptoMembers } from '../hal/espruino/crypto';
// --- end provider ---
export type { BoardProfile } from './board';
// --- tls ---
export { createEngine } from './tls/engine';
export { createTicketStore } from './tls/tickets';
export { alertName } from './tls/alerts';
export type {
  Engine, EngineConfig, EngineState, HandshakeStep, SessionState, ConnectionInfo, TicketStore,
} from './tls/types';
// --- end tls ---
// --- x509 ---
export { pemDecode, base64Decode } from './x509/pem';
export { parsePublicKeyInfo, parsePrivateKey } from './x509/keys';
export type { PrivateKeyOptions } from './x509/keys';
export { parseCertificate, certPublicKey, certSignatureAlgorithm } from './x509/cert';
export type { Certificate } from './x509/cert';
export { verifySignature, signMessage } from './x509/signature';
export type { SignatureAlgorithm } from './x509/signature';
export { verifyChain, anchorFromCertificate, spkiPin } from './x509/verify';
export { anchorsFromPem, anchorsEncode, anchorsDecode, anchorsFromBase64 } from './x509/anchors';
export { derRead, derCheck, x509Error } from './x509/der';
export type { Tlv } from './x509/der';
export type { PublicKey, PrivateKey, TrustAnchor, TimePolicy, VerifyOptions } from './x509/types';
// --- end x509 ---
// --- api ---
export { connect, createServer, bindEngine } from './api/index';
export type { TlsOptions, TlsSocket, TlsServer } from './api/index';
// --- end api ---

export const VERSION = '0.1.0';
export { board };
