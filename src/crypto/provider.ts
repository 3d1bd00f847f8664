// The crypto provider: every primitive the stack uses, behind one object the engine is configured
// with. The pure-TS default lives beside this file; a board's HAL may replace any member with a
// native or hardware version (Espruino's require("crypto"), firmware natives) that must give the
// same answers.

/** A running hash. `copy` gives an independent state (the transcript hash needs it). */
export interface Hasher {
  update(data: Uint8Array): Hasher;
  /** Finishes and returns the digest; the hasher is unusable afterwards. */
  digest(): Uint8Array;
  copy(): Hasher;
}

export interface HashAlgorithm {
  name: 'sha1' | 'sha256' | 'sha384' | 'sha512';
  outputLen: number;
  blockLen: number;
  create(): Hasher;
}

import type { AeadKey } from './aead';
import type { AesBlockCipher } from './aes';
import type { CbcHmacKey } from './cbc';
import type { RsaPublicKey, RsaPrivateKey } from './rsa';

/**
 * Every primitive the handshakes and the record layer call, as one object. `defaultProvider`
 * (default-provider.ts) is the pure-TS set; `withOverrides` swaps members for native or hardware
 * versions (hal/node/crypto.ts, hal/espruino/crypto.ts).
 */
export interface CryptoProvider {
  sha1: HashAlgorithm;
  sha256: HashAlgorithm;
  sha384: HashAlgorithm;
  sha512: HashAlgorithm;
  /** AES on whole blocks (ECB): the seam for a native or hardware AES. Swapping it through
   *  withOverrides also makes aesGcm run on it (with the pure-TS GHASH), unless aesGcm is swapped
   *  in the same call. */
  aesBlock(key: Uint8Array): AesBlockCipher;
  aesGcm(key: Uint8Array): AeadKey;
  chacha20Poly1305(key: Uint8Array): AeadKey;
  aesCbcHmac(encKey: Uint8Array, macKey: Uint8Array, mac: HashAlgorithm): CbcHmacKey;
  x25519(scalar: Uint8Array, point: Uint8Array): Uint8Array;
  x25519Base(scalar: Uint8Array): Uint8Array;
  p256PublicKey(priv: Uint8Array): Uint8Array;
  p256Ecdh(priv: Uint8Array, peer: Uint8Array): Uint8Array;
  ecdsaVerify(curve: 'p256' | 'p384', pub: Uint8Array, digest: Uint8Array, sig: Uint8Array, format: 'der' | 'raw'): boolean;
  ecdsaP256Sign(priv: Uint8Array, digest: Uint8Array): Uint8Array;
  ed25519Verify(pub: Uint8Array, msg: Uint8Array, sig: Uint8Array): boolean;
  ed25519Sign(seed: Uint8Array, msg: Uint8Array): Uint8Array;
  rsaPkcs1Verify(key: RsaPublicKey, hashName: 'sha256' | 'sha384' | 'sha512', digest: Uint8Array, sig: Uint8Array): boolean;
  rsaPssVerify(key: RsaPublicKey, hash: HashAlgorithm, digest: Uint8Array, sig: Uint8Array, saltLen: number): boolean;
  rsaPkcs1Sign(priv: RsaPrivateKey, hashName: 'sha256' | 'sha384' | 'sha512', digest: Uint8Array): Uint8Array;
  rsaPssSign(priv: RsaPrivateKey, hash: HashAlgorithm, digest: Uint8Array, salt: Uint8Array): Uint8Array;
  rsaPkcs1Encrypt(key: RsaPublicKey, msg: Uint8Array, random: (out: Uint8Array) => void): Uint8Array;
  rsaDecryptPremaster(priv: RsaPrivateKey, ct: Uint8Array, clientVersion: number, random48: Uint8Array): Uint8Array;
}
