// The pure-TypeScript provider, and the one way to swap members of it.
import type { CryptoProvider } from './provider';
import { cryptoError } from '../errors';
import { SHA1 } from './sha1';
import { SHA256 } from './sha256';
import { SHA384, SHA512 } from './sha512';
import { aesGcmKey, aesGcmOver } from './gcm';
import { aesBlockCipher } from './aes';
import type { AesBlockCipher } from './aes';
import { nativeAesBlock } from './native';
import { boardHas } from '../board';
import { chacha20Poly1305Key } from './chacha20poly1305';
import { aesCbcHmacKey } from './cbc';
import { x25519, x25519Base } from './x25519';
import { p256PublicKey, p256Ecdh } from './p256';
import { ecdsaVerify, ecdsaP256Sign } from './ecdsa';
import { ed25519Verify, ed25519Sign } from './ed25519';
import {
  rsaPkcs1Verify, rsaPssVerify, rsaPkcs1Sign, rsaPssSign, rsaPkcs1Encrypt, rsaDecryptPremaster,
} from './rsa';

export const defaultProvider: CryptoProvider = {
  sha1: SHA1,
  sha256: SHA256,
  sha384: SHA384,
  sha512: SHA512,
  // Without feature aes-pure, AES (and so AES-GCM's) is the runtime's native one (native.ts).
  aesBlock: boardHas('aes-pure') ? aesBlockCipher : nativeAesBlock,
  aesGcm: aesGcmKey,
  chacha20Poly1305: chacha20Poly1305Key,
  aesCbcHmac: aesCbcHmacKey,
  x25519: x25519,
  x25519Base: x25519Base,
  p256PublicKey: p256PublicKey,
  p256Ecdh: p256Ecdh,
  ecdsaVerify: ecdsaVerify,
  ecdsaP256Sign: ecdsaP256Sign,
  ed25519Verify: ed25519Verify,
  ed25519Sign: ed25519Sign,
  rsaPkcs1Verify: rsaPkcs1Verify,
  rsaPssVerify: rsaPssVerify,
  rsaPkcs1Sign: rsaPkcs1Sign,
  rsaPssSign: rsaPssSign,
  rsaPkcs1Encrypt: rsaPkcs1Encrypt,
  rsaDecryptPremaster: rsaDecryptPremaster,
};

/** A provider that is `base` with the members of `overrides` in place of its own. A member
 * name the provider does not have is refused, so a misspelt override cannot go unnoticed.
 * An `aesBlock` given without an `aesGcm` also becomes the AES under aesGcm (GHASH stays the
 * pure-TS one): a board with an AES accelerator needs to supply blocks only. */
export function withOverrides(base: CryptoProvider, overrides: { [name: string]: unknown }): CryptoProvider {
  const has = function (o: object, k: string): boolean { return Object.prototype.hasOwnProperty.call(o, k); };
  const out: { [name: string]: unknown } = {};
  const src = base as unknown as { [name: string]: unknown };
  for (const k in src) out[k] = src[k];
  for (const k in overrides) {
    if (!has(overrides, k)) continue;
    if (!has(src, k)) throw cryptoError('bad_provider', 'no crypto provider member named ' + k);
    out[k] = overrides[k];
  }
  if (has(overrides, 'aesBlock') && !has(overrides, 'aesGcm')) {
    out.aesGcm = aesGcmOver(overrides.aesBlock as (key: Uint8Array) => AesBlockCipher);
  }
  return out as unknown as CryptoProvider;
}
