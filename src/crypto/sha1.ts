// SHA-1 (FIPS 180-4 section 6.1), only for TLS 1.2's HMAC-SHA1 record MAC (the CBC-SHA suites).
import { mdAlgorithm } from './md';
import { nativeHash } from './native';
import { boardHas } from '../board';
import type { HashAlgorithm } from './provider';

const W = new Int32Array(80);

function compress1(st: Int32Array, data: Uint8Array, off: number, end: number): void {
  let i: number, j: number, t: number, x: number;
  for (; off < end; off += 64) {
    for (i = 0, j = off; i < 16; i++, j += 4) {
      W[i] = (data[j] << 24) | (data[j + 1] << 16) | (data[j + 2] << 8) | data[j + 3];
    }
    for (; i < 80; i++) {
      x = W[i - 3] ^ W[i - 8] ^ W[i - 14] ^ W[i - 16];
      W[i] = (x << 1) | (x >>> 31);
    }
    let a = st[0], b = st[1], c = st[2], d = st[3], e = st[4];
    // Four rounds of 20, each with its own function and constant: one loop each keeps the
    // round body free of a per-round choice.
    for (i = 0; i < 20; i++) {
      t = (((a << 5) | (a >>> 27)) + (d ^ (b & (c ^ d))) + e + W[i] + 0x5a827999) | 0;
      e = d; d = c; c = (b << 30) | (b >>> 2); b = a; a = t;
    }
    for (; i < 40; i++) {
      t = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + W[i] + 0x6ed9eba1) | 0;
      e = d; d = c; c = (b << 30) | (b >>> 2); b = a; a = t;
    }
    for (; i < 60; i++) {
      t = (((a << 5) | (a >>> 27)) + ((b & c) | (d & (b | c))) + e + W[i] + 0x8f1bbcdc) | 0;
      e = d; d = c; c = (b << 30) | (b >>> 2); b = a; a = t;
    }
    for (; i < 80; i++) {
      t = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + W[i] + 0xca62c1d6) | 0;
      e = d; d = c; c = (b << 30) | (b >>> 2); b = a; a = t;
    }
    st[0] = st[0] + a; st[1] = st[1] + b; st[2] = st[2] + c; st[3] = st[3] + d; st[4] = st[4] + e;
  }
}

// Without feature sha1 the runtime's native SHA-1 serves (native.ts).
export const SHA1: HashAlgorithm = boardHas('sha1') ? mdAlgorithm('sha1', compress1, 64, 20,
  new Int32Array([0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0])) : nativeHash('sha1', 64, 20);
