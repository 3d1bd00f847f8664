// ChaCha20-Poly1305 (RFC 8439) in place over the caller's buffer, as TLS uses it (RFC 7905,
// RFC 8446 section 5.3): 32-byte key, 12-byte nonce, 16-byte tag.
//
// Poly1305 works modulo 2^130 - 5 on ten 13-bit limbs: a limb product is below 2^28 (2^30 with
// the factor 5 of the wrap-around), so a column of ten stays below 2^34, far below 2^53, and
// ordinary JS numbers compute it exactly on every engine; no branch or table depends on a secret.
import { cryptoError } from '../errors';
import { AeadKey, checkAeadArgs, equalConstantTime, AEAD_TAG_LENGTH } from './aead';
import { polyCarry } from './poly1305';

/** One ChaCha20 block (RFC 8439 section 2.3): out = 20 rounds of inp, plus inp. */
function chachaBlock(inp: Int32Array, out: Int32Array): void {
  let x0 = inp[0], x1 = inp[1], x2 = inp[2], x3 = inp[3];
  let x4 = inp[4], x5 = inp[5], x6 = inp[6], x7 = inp[7];
  let x8 = inp[8], x9 = inp[9], x10 = inp[10], x11 = inp[11];
  let x12 = inp[12], x13 = inp[13], x14 = inp[14], x15 = inp[15];
  // The hottest loop of the cipher: the eight quarter rounds of a double round are written out,
  // rotations included (a call per rotation costs more than the rotation in an interpreter).
  for (let i = 0; i < 10; i++) {
    x0 = (x0 + x4) | 0; x12 ^= x0; x12 = (x12 << 16) | (x12 >>> 16); x8 = (x8 + x12) | 0; x4 ^= x8; x4 = (x4 << 12) | (x4 >>> 20);
    x0 = (x0 + x4) | 0; x12 ^= x0; x12 = (x12 << 8) | (x12 >>> 24); x8 = (x8 + x12) | 0; x4 ^= x8; x4 = (x4 << 7) | (x4 >>> 25);
    x1 = (x1 + x5) | 0; x13 ^= x1; x13 = (x13 << 16) | (x13 >>> 16); x9 = (x9 + x13) | 0; x5 ^= x9; x5 = (x5 << 12) | (x5 >>> 20);
    x1 = (x1 + x5) | 0; x13 ^= x1; x13 = (x13 << 8) | (x13 >>> 24); x9 = (x9 + x13) | 0; x5 ^= x9; x5 = (x5 << 7) | (x5 >>> 25);
    x2 = (x2 + x6) | 0; x14 ^= x2; x14 = (x14 << 16) | (x14 >>> 16); x10 = (x10 + x14) | 0; x6 ^= x10; x6 = (x6 << 12) | (x6 >>> 20);
    x2 = (x2 + x6) | 0; x14 ^= x2; x14 = (x14 << 8) | (x14 >>> 24); x10 = (x10 + x14) | 0; x6 ^= x10; x6 = (x6 << 7) | (x6 >>> 25);
    x3 = (x3 + x7) | 0; x15 ^= x3; x15 = (x15 << 16) | (x15 >>> 16); x11 = (x11 + x15) | 0; x7 ^= x11; x7 = (x7 << 12) | (x7 >>> 20);
    x3 = (x3 + x7) | 0; x15 ^= x3; x15 = (x15 << 8) | (x15 >>> 24); x11 = (x11 + x15) | 0; x7 ^= x11; x7 = (x7 << 7) | (x7 >>> 25);

    x0 = (x0 + x5) | 0; x15 ^= x0; x15 = (x15 << 16) | (x15 >>> 16); x10 = (x10 + x15) | 0; x5 ^= x10; x5 = (x5 << 12) | (x5 >>> 20);
    x0 = (x0 + x5) | 0; x15 ^= x0; x15 = (x15 << 8) | (x15 >>> 24); x10 = (x10 + x15) | 0; x5 ^= x10; x5 = (x5 << 7) | (x5 >>> 25);
    x1 = (x1 + x6) | 0; x12 ^= x1; x12 = (x12 << 16) | (x12 >>> 16); x11 = (x11 + x12) | 0; x6 ^= x11; x6 = (x6 << 12) | (x6 >>> 20);
    x1 = (x1 + x6) | 0; x12 ^= x1; x12 = (x12 << 8) | (x12 >>> 24); x11 = (x11 + x12) | 0; x6 ^= x11; x6 = (x6 << 7) | (x6 >>> 25);
    x2 = (x2 + x7) | 0; x13 ^= x2; x13 = (x13 << 16) | (x13 >>> 16); x8 = (x8 + x13) | 0; x7 ^= x8; x7 = (x7 << 12) | (x7 >>> 20);
    x2 = (x2 + x7) | 0; x13 ^= x2; x13 = (x13 << 8) | (x13 >>> 24); x8 = (x8 + x13) | 0; x7 ^= x8; x7 = (x7 << 7) | (x7 >>> 25);
    x3 = (x3 + x4) | 0; x14 ^= x3; x14 = (x14 << 16) | (x14 >>> 16); x9 = (x9 + x14) | 0; x4 ^= x9; x4 = (x4 << 12) | (x4 >>> 20);
    x3 = (x3 + x4) | 0; x14 ^= x3; x14 = (x14 << 8) | (x14 >>> 24); x9 = (x9 + x14) | 0; x4 ^= x9; x4 = (x4 << 7) | (x4 >>> 25);
  }
  out[0] = x0 + inp[0]; out[1] = x1 + inp[1]; out[2] = x2 + inp[2]; out[3] = x3 + inp[3];
  out[4] = x4 + inp[4]; out[5] = x5 + inp[5]; out[6] = x6 + inp[6]; out[7] = x7 + inp[7];
  out[8] = x8 + inp[8]; out[9] = x9 + inp[9]; out[10] = x10 + inp[10]; out[11] = x11 + inp[11];
  out[12] = x12 + inp[12]; out[13] = x13 + inp[13]; out[14] = x14 + inp[14]; out[15] = x15 + inp[15];
}

/** XORs the first n (<= 64) bytes of keystream block ks into b[p..). */
function xorKeystream(ks: Int32Array, b: Uint8Array, p: number, n: number): void {
  let j = 0;
  while (n >= 4) {
    const w = ks[j++];
    b[p] ^= w;
    b[p + 1] ^= w >>> 8;
    b[p + 2] ^= w >>> 16;
    b[p + 3] ^= w >>> 24;
    p += 4;
    n -= 4;
  }
  for (let i = 0; i < n; i++) b[p + i] ^= ks[j] >>> (8 * i);
}

// Poly1305 state layout in one Int32Array: h limbs at 0..9, r limbs at 10..19, s as 16-bit
// words at 20..27, scratch for the final reduction at 28..37.
const P_R = 10;
const P_S = 20;
const P_G = 28;
const P_SIZE = 38;

/**
 * Absorbs n full 16-byte blocks b[p, p+16n), each with the 2^128 bit set (RFC 8439 section
 * 2.5.1; the AEAD pads every segment to whole blocks, so no other kind occurs).
 */
function polyBlocks(st: Int32Array, b: Uint8Array, p: number, n: number): void {
  let h0 = st[0], h1 = st[1], h2 = st[2], h3 = st[3], h4 = st[4];
  let h5 = st[5], h6 = st[6], h7 = st[7], h8 = st[8], h9 = st[9];
  const r0 = st[10], r1 = st[11], r2 = st[12], r3 = st[13], r4 = st[14];
  const r5 = st[15], r6 = st[16], r7 = st[17], r8 = st[18], r9 = st[19];
  // 5r: 2^130 = 5 (mod p), so limbs that land at 2^130 and above wrap with a factor 5.
  const s1 = 5 * r1, s2 = 5 * r2, s3 = 5 * r3, s4 = 5 * r4, s5 = 5 * r5;
  const s6 = 5 * r6, s7 = 5 * r7, s8 = 5 * r8, s9 = 5 * r9;
  while (n-- > 0) {
    const t0 = b[p] | (b[p + 1] << 8), t1 = b[p + 2] | (b[p + 3] << 8);
    const t2 = b[p + 4] | (b[p + 5] << 8), t3 = b[p + 6] | (b[p + 7] << 8);
    const t4 = b[p + 8] | (b[p + 9] << 8), t5 = b[p + 10] | (b[p + 11] << 8);
    const t6 = b[p + 12] | (b[p + 13] << 8), t7 = b[p + 14] | (b[p + 15] << 8);
    p += 16;
    h0 += t0 & 0x1fff;
    h1 += ((t0 >>> 13) | (t1 << 3)) & 0x1fff;
    h2 += ((t1 >>> 10) | (t2 << 6)) & 0x1fff;
    h3 += ((t2 >>> 7) | (t3 << 9)) & 0x1fff;
    h4 += ((t3 >>> 4) | (t4 << 12)) & 0x1fff;
    h5 += (t4 >>> 1) & 0x1fff;
    h6 += ((t4 >>> 14) | (t5 << 2)) & 0x1fff;
    h7 += ((t5 >>> 11) | (t6 << 5)) & 0x1fff;
    h8 += ((t6 >>> 8) | (t7 << 8)) & 0x1fff;
    h9 += (t7 >>> 5) | 0x800;
    // Column sums reach ~2^33 (above 2^32, below 2^53): carries divide instead of shifting.
    let d0 = h0 * r0 + h1 * s9 + h2 * s8 + h3 * s7 + h4 * s6 + h5 * s5 + h6 * s4 + h7 * s3 + h8 * s2 + h9 * s1;
    let c = (d0 / 8192) | 0;
    d0 &= 0x1fff;
    let d1 = c + h0 * r1 + h1 * r0 + h2 * s9 + h3 * s8 + h4 * s7 + h5 * s6 + h6 * s5 + h7 * s4 + h8 * s3 + h9 * s2;
    c = (d1 / 8192) | 0;
    d1 &= 0x1fff;
    let d2 = c + h0 * r2 + h1 * r1 + h2 * r0 + h3 * s9 + h4 * s8 + h5 * s7 + h6 * s6 + h7 * s5 + h8 * s4 + h9 * s3;
    c = (d2 / 8192) | 0;
    d2 &= 0x1fff;
    let d3 = c + h0 * r3 + h1 * r2 + h2 * r1 + h3 * r0 + h4 * s9 + h5 * s8 + h6 * s7 + h7 * s6 + h8 * s5 + h9 * s4;
    c = (d3 / 8192) | 0;
    d3 &= 0x1fff;
    let d4 = c + h0 * r4 + h1 * r3 + h2 * r2 + h3 * r1 + h4 * r0 + h5 * s9 + h6 * s8 + h7 * s7 + h8 * s6 + h9 * s5;
    c = (d4 / 8192) | 0;
    d4 &= 0x1fff;
    let d5 = c + h0 * r5 + h1 * r4 + h2 * r3 + h3 * r2 + h4 * r1 + h5 * r0 + h6 * s9 + h7 * s8 + h8 * s7 + h9 * s6;
    c = (d5 / 8192) | 0;
    d5 &= 0x1fff;
    let d6 = c + h0 * r6 + h1 * r5 + h2 * r4 + h3 * r3 + h4 * r2 + h5 * r1 + h6 * r0 + h7 * s9 + h8 * s8 + h9 * s7;
    c = (d6 / 8192) | 0;
    d6 &= 0x1fff;
    let d7 = c + h0 * r7 + h1 * r6 + h2 * r5 + h3 * r4 + h4 * r3 + h5 * r2 + h6 * r1 + h7 * r0 + h8 * s9 + h9 * s8;
    c = (d7 / 8192) | 0;
    d7 &= 0x1fff;
    let d8 = c + h0 * r8 + h1 * r7 + h2 * r6 + h3 * r5 + h4 * r4 + h5 * r3 + h6 * r2 + h7 * r1 + h8 * r0 + h9 * s9;
    c = (d8 / 8192) | 0;
    d8 &= 0x1fff;
    let d9 = c + h0 * r9 + h1 * r8 + h2 * r7 + h3 * r6 + h4 * r5 + h5 * r4 + h6 * r3 + h7 * r2 + h8 * r1 + h9 * r0;
    c = (d9 / 8192) | 0;
    d9 &= 0x1fff;
    d0 += 5 * c;
    c = d0 >>> 13;
    d0 &= 0x1fff;
    h0 = d0; h1 = d1 + c; h2 = d2; h3 = d3; h4 = d4;
    h5 = d5; h6 = d6; h7 = d7; h8 = d8; h9 = d9;
  }
  st[0] = h0; st[1] = h1; st[2] = h2; st[3] = h3; st[4] = h4;
  st[5] = h5; st[6] = h6; st[7] = h7; st[8] = h8; st[9] = h9;
}

/** Absorbs b[p, p+len) zero-padded to whole blocks (pad: 16-byte scratch). */
function polyPadded(st: Int32Array, b: Uint8Array, p: number, len: number, pad: Uint8Array): void {
  const n = len >>> 4;
  polyBlocks(st, b, p, n);
  const rest = len & 15;
  if (rest > 0) {
    const q = p + (n << 4);
    for (let i = 0; i < 16; i++) pad[i] = i < rest ? b[q + i] : 0;
    polyBlocks(st, pad, 0, 1);
  }
}

/** Sets r (clamped) and s from the 32-byte one-time key held as 8 little-endian words k[0..8). */
function polyInit(st: Int32Array, k: Int32Array): void {
  for (let i = 0; i < 10; i++) st[i] = 0;
  const w0 = k[0] & 0x0fffffff, w1 = k[1] & 0x0ffffffc, w2 = k[2] & 0x0ffffffc, w3 = k[3] & 0x0ffffffc;
  const t0 = w0 & 0xffff, t1 = w0 >>> 16, t2 = w1 & 0xffff, t3 = w1 >>> 16;
  const t4 = w2 & 0xffff, t5 = w2 >>> 16, t6 = w3 & 0xffff, t7 = w3 >>> 16;
  st[P_R] = t0 & 0x1fff;
  st[P_R + 1] = ((t0 >>> 13) | (t1 << 3)) & 0x1fff;
  st[P_R + 2] = ((t1 >>> 10) | (t2 << 6)) & 0x1fff;
  st[P_R + 3] = ((t2 >>> 7) | (t3 << 9)) & 0x1fff;
  st[P_R + 4] = ((t3 >>> 4) | (t4 << 12)) & 0x1fff;
  st[P_R + 5] = (t4 >>> 1) & 0x1fff;
  st[P_R + 6] = ((t4 >>> 14) | (t5 << 2)) & 0x1fff;
  st[P_R + 7] = ((t5 >>> 11) | (t6 << 5)) & 0x1fff;
  st[P_R + 8] = ((t6 >>> 8) | (t7 << 8)) & 0x1fff;
  st[P_R + 9] = t7 >>> 5;
  for (let i = 0; i < 4; i++) {
    st[P_S + 2 * i] = k[4 + i] & 0xffff;
    st[P_S + 2 * i + 1] = k[4 + i] >>> 16;
  }
}

/** Writes the tag (h mod 2^130-5, plus s, mod 2^128) to out[o, o+16). */
function polyFinish(st: Int32Array, out: Uint8Array, o: number): void {
  polyCarry(st);
  // g = h + 5 - 2^130 in the scratch words; if it is not negative, h >= p and the answer is g.
  // The choice is made by mask, not by branch.
  let c = 5;
  for (let i = 0; i < 10; i++) {
    const v = st[i] + c;
    c = v >>> 13;
    st[P_G + i] = v & 0x1fff;
  }
  st[P_G + 9] -= 1 << 13;
  const useG = ~(st[P_G + 9] >> 31); // all ones when g >= 0
  for (let i = 0; i < 10; i++) st[i] = (st[P_G + i] & useG) | (st[i] & ~useG);
  // Repack the limbs as eight 16-bit words, add s, and write them little-endian.
  const h0 = st[0], h1 = st[1], h2 = st[2], h3 = st[3], h4 = st[4];
  const h5 = st[5], h6 = st[6], h7 = st[7], h8 = st[8], h9 = st[9];
  st[P_G] = h0 | (h1 << 13);
  st[P_G + 1] = (h1 >>> 3) | (h2 << 10);
  st[P_G + 2] = (h2 >>> 6) | (h3 << 7);
  st[P_G + 3] = (h3 >>> 9) | (h4 << 4);
  st[P_G + 4] = (h4 >>> 12) | (h5 << 1) | (h6 << 14);
  st[P_G + 5] = (h6 >>> 2) | (h7 << 11);
  st[P_G + 6] = (h7 >>> 5) | (h8 << 8);
  st[P_G + 7] = (h8 >>> 8) | (h9 << 5);
  c = 0;
  for (let i = 0; i < 8; i++) {
    const v = (st[P_G + i] & 0xffff) + st[P_S + i] + c;
    c = v >>> 16;
    out[o + 2 * i] = v;
    out[o + 2 * i + 1] = v >>> 8;
  }
}

/** A ChaCha20-Poly1305 key (32 bytes) for 12-byte nonces and 16-byte tags. */
export function chacha20Poly1305Key(key: Uint8Array): AeadKey {
  if (key.length !== 32) {
    throw cryptoError('bad_length', 'ChaCha20-Poly1305 key must be 32 bytes, got ' + key.length);
  }
  // Block input: "expand 32-byte k", key, counter, nonce (little-endian words).
  const inp = new Int32Array(16);
  inp[0] = 0x61707865; inp[1] = 0x3320646e; inp[2] = 0x79622d32; inp[3] = 0x6b206574;
  for (let i = 0; i < 8; i++) {
    inp[4 + i] = key[4 * i] | (key[4 * i + 1] << 8) | (key[4 * i + 2] << 16) | (key[4 * i + 3] << 24);
  }
  const ks = new Int32Array(16);
  const st = new Int32Array(P_SIZE);
  const pad = new Uint8Array(16);
  const tag = new Uint8Array(16);

  /** Sets the nonce, derives the one-time Poly1305 key from block 0 and absorbs the aad. */
  function begin(nonce: Uint8Array, aad: Uint8Array, aadOff: number, aadLen: number): void {
    inp[12] = 0;
    for (let i = 0; i < 3; i++) {
      inp[13 + i] = nonce[4 * i] | (nonce[4 * i + 1] << 8) | (nonce[4 * i + 2] << 16) | (nonce[4 * i + 3] << 24);
    }
    chachaBlock(inp, ks);
    polyInit(st, ks);
    polyPadded(st, aad, aadOff, aadLen, pad);
  }

  /** Absorbs the two little-endian 64-bit lengths and writes the tag into `tag`. */
  function finish(aadLen: number, len: number): void {
    for (let i = 0; i < 16; i++) pad[i] = 0;
    pad[0] = aadLen; pad[1] = aadLen >>> 8; pad[2] = aadLen >>> 16; pad[3] = aadLen >>> 24;
    pad[8] = len; pad[9] = len >>> 8; pad[10] = len >>> 16; pad[11] = len >>> 24;
    polyBlocks(st, pad, 0, 1);
    polyFinish(st, tag, 0);
  }

  /** XORs the keystream from block 1 on over buf[off, off+len); when `hash`, Poly1305 absorbs the result. */
  function crypt(buf: Uint8Array, off: number, len: number, hash: boolean): void {
    let p = off;
    const end = off + len;
    let ctr = 1;
    while (p < end) {
      inp[12] = ctr++;
      chachaBlock(inp, ks);
      const n = end - p < 64 ? end - p : 64;
      xorKeystream(ks, buf, p, n);
      if (hash) {
        if (n === 64) polyBlocks(st, buf, p, 4);
        else polyPadded(st, buf, p, n, pad);
      }
      p += n;
    }
  }

  return {
    seal: function (nonce: Uint8Array, aad: Uint8Array, aadOff: number, aadLen: number, buf: Uint8Array, off: number, len: number): void {
      checkAeadArgs(nonce, aad, aadOff, aadLen, buf, off, len);
      begin(nonce, aad, aadOff, aadLen);
      crypt(buf, off, len, true);
      finish(aadLen, len);
      buf.set(tag, off + len);
    },
    open: function (nonce: Uint8Array, aad: Uint8Array, aadOff: number, aadLen: number, buf: Uint8Array, off: number, len: number): boolean {
      checkAeadArgs(nonce, aad, aadOff, aadLen, buf, off, len);
      begin(nonce, aad, aadOff, aadLen);
      polyPadded(st, buf, off, len, pad);
      finish(aadLen, len);
      if (!equalConstantTime(tag, 0, buf, off + len, AEAD_TAG_LENGTH)) return false;
      crypt(buf, off, len, false);
      return true;
    },
  };
}
