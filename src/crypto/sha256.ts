// SHA-256 (FIPS 180-4 section 6.2), and the SHA-256 shorthands the self-checks use, on top of
// the generic HMAC and HKDF. Measured against @noble/hashes' SHA-256 in the bundle: as fast on
// Node, about twice as fast in QuickJS and Duktape, and the device bundle no longer carries noble.
import { mdAlgorithm } from './md';
import { KH, IV256 } from './sha2-constants';
import { nativeHash } from './native';
import { boardHas } from '../board';
import { hmac } from './hmac';
import { hkdfExpand } from './hkdf';
import type { HashAlgorithm } from './provider';

const W = new Int32Array(64);

function compress256(st: Int32Array, data: Uint8Array, off: number, end: number): void {
  let i: number, j: number, x: number, y: number, t1: number, t2: number;
  for (; off < end; off += 64) {
    for (i = 0, j = off; i < 16; i++, j += 4) {
      W[i] = (data[j] << 24) | (data[j + 1] << 16) | (data[j + 2] << 8) | data[j + 3];
    }
    for (; i < 64; i++) {
      // sigma0 = rotr 7 ^ rotr 18 ^ shr 3; sigma1 = rotr 17 ^ rotr 19 ^ shr 10.
      x = W[i - 15];
      y = W[i - 2];
      W[i] = ((((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3)) +
        (((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10)) + W[i - 7] + W[i - 16]) | 0;
    }
    let a = st[0], b = st[1], c = st[2], d = st[3], e = st[4], f = st[5], g = st[6], h = st[7];
    for (i = 0; i < 64; i++) {
      // Sigma1 = rotr 6 ^ rotr 11 ^ rotr 25; Sigma0 = rotr 2 ^ rotr 13 ^ rotr 22.
      t1 = (h + (((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))) +
        (g ^ (e & (f ^ g))) + KH[i] + W[i]) | 0;
      t2 = ((((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))) +
        ((a & b) ^ (c & (a ^ b)))) | 0;
      h = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
    }
    st[0] = st[0] + a; st[1] = st[1] + b; st[2] = st[2] + c; st[3] = st[3] + d;
    st[4] = st[4] + e; st[5] = st[5] + f; st[6] = st[6] + g; st[7] = st[7] + h;
  }
}

// Without feature sha2-pure the runtime's native SHA-256 serves (native.ts).
export const SHA256: HashAlgorithm = boardHas('sha2-pure') ? mdAlgorithm('sha256', compress256, 64, 32, IV256) :
  nativeHash('sha256', 64, 32);

export function sha256(data: Uint8Array): Uint8Array {
  return SHA256.create().update(data).digest();
}

export function hmacSha256(key: Uint8Array, data: Uint8Array): Uint8Array {
  return hmac(SHA256, key, data);
}

/** HKDF-Extract (RFC 5869 section 2.2): HMAC keyed with the salt. */
export const hkdfExtractSha256: (salt: Uint8Array, ikm: Uint8Array) => Uint8Array = hmacSha256;

/** HKDF-Expand (RFC 5869 section 2.3). */
export function hkdfExpandSha256(prk: Uint8Array, info: Uint8Array, length: number): Uint8Array {
  return hkdfExpand(SHA256, prk, info, length);
}
