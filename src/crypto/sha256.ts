// SHA-256, HMAC-SHA-256 and HKDF-SHA-256 from @noble/hashes (DESIGN.md section 5).
// Only the SHA-256 half of noble's sha2 module is reachable from here: its SHA-384/512 half
// needs BigInt when it loads, and the build drops it because nothing imports it.
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { hmac } from '@noble/hashes/hmac.js';
import { extract, expand } from '@noble/hashes/hkdf.js';
import type { HashAlgorithm, Hasher } from './provider';

interface NobleHash {
  update(data: Uint8Array): NobleHash;
  digest(): Uint8Array;
  clone(): NobleHash;
}

function wrap(h: NobleHash): Hasher {
  const hasher: Hasher = {
    update: function (data: Uint8Array): Hasher { h.update(data); return hasher; },
    digest: function (): Uint8Array { return h.digest(); },
    copy: function (): Hasher { return wrap(h.clone()); },
  };
  return hasher;
}

export const SHA256: HashAlgorithm = {
  name: 'sha256',
  outputLen: 32,
  blockLen: 64,
  create: function (): Hasher { return wrap(nobleSha256.create() as unknown as NobleHash); },
};

export function sha256(data: Uint8Array): Uint8Array {
  return nobleSha256(data);
}

export function hmacSha256(key: Uint8Array, data: Uint8Array): Uint8Array {
  return hmac(nobleSha256, key, data);
}

/** HKDF-Extract (RFC 5869 section 2.2). */
export function hkdfExtractSha256(salt: Uint8Array, ikm: Uint8Array): Uint8Array {
  return extract(nobleSha256, ikm, salt);
}

/** HKDF-Expand (RFC 5869 section 2.3). */
export function hkdfExpandSha256(prk: Uint8Array, info: Uint8Array, length: number): Uint8Array {
  return expand(nobleSha256, prk, info, length);
}
