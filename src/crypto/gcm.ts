// AES-GCM (NIST SP 800-38D) with 96-bit nonces and 128-bit tags, the only shape TLS uses
// (RFC 5288, RFC 8446 section 5.3), in place over the caller's buffer.
//
// GHASH is constant-time: no table indexed by data or key. A 128x128-bit carry-less product is
// split by Karatsuba into 27 products of 16-bit halves, each computed with ordinary integer
// multiplications whose operands keep only every third bit, so the sums in each 3-bit group
// never carry into the next bit of interest (at most 6 pairs meet at one position); masking and
// XOR recombine them. Each product is below 2^31 (at most 0x9249 * 0x9249), so a plain `*` is
// exact on every engine and its result is a valid int32 for the bitwise operators; it beats
// Math.imul wherever a call costs (interpreters, and Espruino, where Math.imul is the prelude's
// JS). The key's side of all 27 products is split once per key.
//
// Bit order: GCM numbers the bits of a block from the most significant bit of its first byte,
// so the big-endian 128-bit integer of a block is the bit-reversal of its polynomial. Carry-less
// multiplication of two such integers yields the reversed product shifted by one bit; folding
// that shift into the key (H * x^-1, done once) leaves the 256-bit product in the same reversed
// form, ready for reduction modulo x^128 + x^7 + x^2 + x + 1.
import { cryptoError } from '../errors';
import { AeadKey, checkAeadArgs, equalConstantTime, AEAD_TAG_LENGTH } from './aead';
import {
  AesKey, AesBlockCipher, aesKey, aesEncryptWords, aesCtrState, aesCtrNonce, aesCtrBlock, readWordBE, writeWordBE,
} from './aes';
import { nativeAesBlock } from './native';
import { boardHas } from '../board';

/**
 * The nine 32x32-bit carry-less products of ghashMul's Karatsuba tree: for operand n at r[18+n],
 * r[2n], r[2n+1] = high, low words of its product with the key's operand split at hp[9n, 9n+9):
 * Karatsuba again over the 16-bit halves (hi*hi, lo*lo, and the product of the XORed halves),
 * each a sum of nine masked products. One loop, not a function called nine times: V8 does not
 * inline a function this large, and interpreters pay for every call. A function of its own with
 * few locals: Espruino looks each variable up by a linear search of its scope.
 */
function clmulAll(hp: Uint16Array, r: Int32Array): void {
  for (let n = 0, i = 0; n < 18; n += 2, i += 9) {
    const u = r[18 + (n >> 1)];
    let a = u >>> 16;
    let a0 = a & 0x9249, a1 = a & 0x2492, a2 = a & 0x4924;
    let b0 = hp[i], b1 = hp[i + 1], b2 = hp[i + 2];
    const hh = ((a0 * b0 ^ a1 * b2 ^ a2 * b1) & 0x49249249) |
      ((a0 * b1 ^ a1 * b0 ^ a2 * b2) & 0x92492492) |
      ((a0 * b2 ^ a1 * b1 ^ a2 * b0) & 0x24924924);
    a = u & 0xffff;
    a0 = a & 0x9249; a1 = a & 0x2492; a2 = a & 0x4924;
    b0 = hp[i + 3]; b1 = hp[i + 4]; b2 = hp[i + 5];
    const ll = ((a0 * b0 ^ a1 * b2 ^ a2 * b1) & 0x49249249) |
      ((a0 * b1 ^ a1 * b0 ^ a2 * b2) & 0x92492492) |
      ((a0 * b2 ^ a1 * b1 ^ a2 * b0) & 0x24924924);
    a = (u >>> 16) ^ a;
    a0 = a & 0x9249; a1 = a & 0x2492; a2 = a & 0x4924;
    b0 = hp[i + 6]; b1 = hp[i + 7]; b2 = hp[i + 8];
    const mm = (((a0 * b0 ^ a1 * b2 ^ a2 * b1) & 0x49249249) |
      ((a0 * b1 ^ a1 * b0 ^ a2 * b2) & 0x92492492) |
      ((a0 * b2 ^ a1 * b1 ^ a2 * b0) & 0x24924924)) ^ hh ^ ll;
    r[n] = hh ^ (mm >>> 16);
    r[n + 1] = ll ^ (mm << 16);
  }
}

/** y = y * H in GF(2^128), with hp the split key (ghashKey) and r a 27-word scratch. */
function ghashMul(y: Int32Array, hp: Uint16Array, r: Int32Array): void {
  const x0 = y[0], x1 = y[1], x2 = y[2], x3 = y[3];
  const z0 = x0 ^ x2, z1 = x1 ^ x3;
  r[18] = x0; r[19] = x1; r[20] = x0 ^ x1;
  r[21] = x2; r[22] = x3; r[23] = x2 ^ x3;
  r[24] = z0; r[25] = z1; r[26] = z0 ^ z1;
  clmulAll(hp, r);
  // Karatsuba at 64 bits: [hi, lo ^ mid_hi, ...] with mid = c ^ a ^ b.
  const p0 = r[0], p3 = r[3];
  const p1 = r[1] ^ r[4] ^ r[0] ^ r[2], p2 = r[2] ^ r[5] ^ r[1] ^ r[3];
  const q0 = r[6], q3 = r[9];
  const q1 = r[7] ^ r[10] ^ r[6] ^ r[8], q2 = r[8] ^ r[11] ^ r[7] ^ r[9];
  const m0 = r[12] ^ p0 ^ q0, m3 = r[15] ^ p3 ^ q3;
  const m1 = r[13] ^ r[16] ^ r[12] ^ r[14] ^ p1 ^ q1, m2 = r[14] ^ r[17] ^ r[13] ^ r[15] ^ p2 ^ q2;
  // The 256-bit product is [p0, p1, p2^m0, p3^m1, q0^m2, q1^m3, q2, q3]: its high half holds
  // the coefficients of x^0..x^127, its low half d the ones of x^128..x^255, folded back in as
  // d * (1 + x + x^2 + x^7); the bits that fold past x^127 come back once more through e.
  const d0 = q0 ^ m2, d1 = q1 ^ m3, d2 = q2, d3 = q3;
  const e = (d3 << 31) ^ (d3 << 30) ^ (d3 << 25);
  y[0] = p0 ^ d0 ^ (d0 >>> 1) ^ (d0 >>> 2) ^ (d0 >>> 7) ^ e ^ (e >>> 1) ^ (e >>> 2) ^ (e >>> 7);
  y[1] = p1 ^ d1 ^ ((d1 >>> 1) | (d0 << 31)) ^ ((d1 >>> 2) | (d0 << 30)) ^ ((d1 >>> 7) | (d0 << 25));
  y[2] = p2 ^ m0 ^ d2 ^ ((d2 >>> 1) | (d1 << 31)) ^ ((d2 >>> 2) | (d1 << 30)) ^ ((d2 >>> 7) | (d1 << 25));
  y[3] = p3 ^ m1 ^ d3 ^ ((d3 >>> 1) | (d2 << 31)) ^ ((d3 >>> 2) | (d2 << 30)) ^ ((d3 >>> 7) | (d2 << 25));
}

/** Splits the 27 16-bit key operands of ghashMul's Karatsuba tree from H = (h0, h1, h2, h3). */
function ghashKey(h0: number, h1: number, h2: number, h3: number): Uint16Array {
  // H * x^-1: shift left one bit; the coefficient of x^0 that falls off comes back as
  // x^-1 = x^127 + x^6 + x + 1, chosen by mask so the key bits steer no branch.
  const m = h0 >> 31;
  const g0 = ((h0 << 1) | (h1 >>> 31)) ^ (m & 0xc2000000);
  const g1 = (h1 << 1) | (h2 >>> 31);
  const g2 = (h2 << 1) | (h3 >>> 31);
  const g3 = (h3 << 1) ^ (m & 1);
  // 16-bit entries: V8 then knows each product stays below 2^32 and multiplies integers.
  const hp = new Uint16Array(81);
  const w64 = [g0, g1, g2, g3, g0 ^ g2, g1 ^ g3];
  let n = 0;
  for (let i1 = 0; i1 < 3; i1++) {
    const v0 = w64[2 * i1], v1 = w64[2 * i1 + 1];
    const w32 = [v0, v1, v0 ^ v1];
    for (let i2 = 0; i2 < 3; i2++) {
      const v = w32[i2];
      const w16 = [v >>> 16, v & 0xffff, (v >>> 16) ^ (v & 0xffff)];
      for (let i3 = 0; i3 < 3; i3++) {
        hp[n++] = w16[i3] & 0x9249;
        hp[n++] = w16[i3] & 0x2492;
        hp[n++] = w16[i3] & 0x4924;
      }
    }
  }
  return hp;
}

/** y = (y ^ the block b[p, p+16)) * H. */
function ghashBlock(y: Int32Array, hp: Uint16Array, r: Int32Array, b: Uint8Array, p: number): void {
  y[0] ^= (b[p] << 24) | (b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3];
  y[1] ^= (b[p + 4] << 24) | (b[p + 5] << 16) | (b[p + 6] << 8) | b[p + 7];
  y[2] ^= (b[p + 8] << 24) | (b[p + 9] << 16) | (b[p + 10] << 8) | b[p + 11];
  y[3] ^= (b[p + 12] << 24) | (b[p + 13] << 16) | (b[p + 14] << 8) | b[p + 15];
  ghashMul(y, hp, r);
}

/** Absorbs b[off, off+len) into y, zero-padding the last partial block (pad: 16-byte scratch). */
function ghashBytes(y: Int32Array, hp: Uint16Array, r: Int32Array, b: Uint8Array, off: number, len: number, pad: Uint8Array): void {
  const end = off + (len & ~15);
  let p = off;
  for (; p < end; p += 16) ghashBlock(y, hp, r, b, p);
  const rest = off + len - p;
  if (rest > 0) {
    for (let i = 0; i < 16; i++) pad[i] = i < rest ? b[p + i] : 0;
    ghashBlock(y, hp, r, pad, 0);
  }
}

// What ctr does besides encrypting: GHASH the output (seal), GHASH the input (open), or neither
// (undoing a refused open).
const SEAL = 0;
const OPEN = 1;
const XOR_ONLY = 2;

// Bytes of counter blocks a block cipher (the provider's aesBlock seam) encrypts per call: large
// enough that a native call's fixed cost is spread, small enough for a device's RAM.
const CHUNK = 256;

function checkKeyLength(key: Uint8Array): void {
  if (key.length !== 16 && key.length !== 32) {
    throw cryptoError('bad_length', 'AES-GCM key must be 16 or 32 bytes, got ' + key.length);
  }
}

/**
 * AES-GCM over either the pure-TS AES, with its counter-mode shortcut (cipher null), or the blocks
 * of an AesBlockCipher (a native or hardware AES). GHASH is this file's in both.
 *
 * Open decrypts and hashes the ciphertext in one pass, like seal (one read of each block instead
 * of two); when the tag then does not match, a second pass of the same keystream restores the
 * ciphertext, so a refused record leaves no plaintext behind. A refused record costs twice the
 * keystream, which tells nothing: the refusal itself is public.
 */
function gcmKey(key: Uint8Array, cipher: AesBlockCipher | null): AeadKey {
  checkKeyLength(key);
  const k: AesKey | null = cipher === null ? aesKey(key) : null;
  // Counter blocks in and keystream out for the block-cipher path.
  const ctrIn = new Uint8Array(cipher === null ? 0 : CHUNK);
  const ks = new Uint8Array(cipher === null ? 16 : CHUNK);
  const ej0 = new Int32Array(4);

  /** Encrypts the block held as four words in ej0, in place. */
  function encryptJ(): void {
    if (k !== null) {
      aesEncryptWords(k, ej0);
      return;
    }
    for (let j = 0; j < 4; j++) writeWordBE(ks, 4 * j, ej0[j]);
    (cipher as AesBlockCipher).encryptBlocks(ks, 0, ks, 0, 16);
    for (let j = 0; j < 4; j++) ej0[j] = readWordBE(ks, 4 * j);
  }

  encryptJ(); // H = E(K, 0^128)
  const hp = ghashKey(ej0[0], ej0[1], ej0[2], ej0[3]);
  const st = aesCtrState();
  const y = new Int32Array(4);
  const r = new Int32Array(27);
  const pad = new Uint8Array(16);
  const tag = new Uint8Array(16);

  /** Sets the nonce, E(K, J0) and GHASH over the additional data. */
  function begin(nonce: Uint8Array, aad: Uint8Array, aadOff: number, aadLen: number): void {
    const n0 = readWordBE(nonce, 0), n1 = readWordBE(nonce, 4), n2 = readWordBE(nonce, 8);
    if (k !== null) {
      aesCtrNonce(st, n0, n1, n2);
    } else {
      for (let b = 0; b < CHUNK; b += 16) {
        writeWordBE(ctrIn, b, n0);
        writeWordBE(ctrIn, b + 4, n1);
        writeWordBE(ctrIn, b + 8, n2);
      }
    }
    ej0[0] = n0; ej0[1] = n1; ej0[2] = n2; ej0[3] = 1;
    encryptJ();
    y[0] = 0; y[1] = 0; y[2] = 0; y[3] = 0;
    ghashBytes(y, hp, r, aad, aadOff, aadLen, pad);
  }

  /** Absorbs the length block and writes the tag into `tag`. */
  function finish(aadLen: number, len: number): void {
    y[0] ^= aadLen >>> 29;
    y[1] ^= aadLen << 3;
    y[2] ^= len >>> 29;
    y[3] ^= len << 3;
    ghashMul(y, hp, r);
    for (let j = 0; j < 4; j++) writeWordBE(tag, 4 * j, y[j] ^ ej0[j]);
  }

  /**
   * XORs the keystream block held as words kw[ko, ko+4) into buf[p, p+16)
   * and absorbs the ciphertext: the output for SEAL, the input for OPEN. With XOR_ONLY the tag
   * is already out and y is spent: XORing into it is harmless.
   */
  function xorBlock(buf: Uint8Array, p: number, kw: Int32Array, ko: number, mode: number): void {
    for (let j = 0; j < 4; j++) {
      const q = p + 4 * j;
      const x = (buf[q] << 24) | (buf[q + 1] << 16) | (buf[q + 2] << 8) | buf[q + 3];
      const w = x ^ kw[ko + j];
      buf[q] = w >>> 24;
      buf[q + 1] = w >>> 16;
      buf[q + 2] = w >>> 8;
      buf[q + 3] = w;
      y[j] ^= mode === OPEN ? x : w;
    }
    if (mode !== XOR_ONLY) ghashMul(y, hp, r);
  }

  /** The last, partial block: rest bytes at buf[p..) against keystream bytes ksb[q..). */
  function xorTail(buf: Uint8Array, p: number, rest: number, ksb: Uint8Array, q: number, mode: number): void {
    if (mode === OPEN) ghashBytes(y, hp, r, buf, p, rest, pad);
    for (let i = 0; i < rest; i++) buf[p + i] ^= ksb[q + i];
    if (mode === SEAL) ghashBytes(y, hp, r, buf, p, rest, pad);
  }

  // Keystream words of one block on the block-cipher path.
  const kw = new Int32Array(4);

  /** CTR mode from counter 2 over buf[off, off+len). */
  function ctr(buf: Uint8Array, off: number, len: number, mode: number): void {
    let c = 2;
    let p = off;
    const end = off + len;
    if (k !== null) {
      const whole = off + (len & ~15);
      for (; p < whole; p += 16) {
        st[3] = c;
        c = (c + 1) | 0;
        aesCtrBlock(k, st);
        xorBlock(buf, p, st, 4, mode);
      }
      if (p < end) {
        st[3] = c;
        aesCtrBlock(k, st);
        for (let j = 0; j < 4; j++) writeWordBE(ks, 4 * j, st[4 + j]);
        xorTail(buf, p, end - p, ks, 0, mode);
      }
      return;
    }
    const bc = cipher as AesBlockCipher;
    while (p < end) {
      const n = end - p < CHUNK ? end - p : CHUNK;
      const nb = (n + 15) & ~15;
      for (let b = 0; b < nb; b += 16) {
        writeWordBE(ctrIn, b + 12, c);
        c = (c + 1) | 0;
      }
      bc.encryptBlocks(ctrIn, 0, ks, 0, nb);
      const whole = n & ~15;
      for (let q = 0; q < whole; q += 16) {
        for (let j = 0; j < 4; j++) kw[j] = readWordBE(ks, q + 4 * j);
        xorBlock(buf, p + q, kw, 0, mode);
      }
      if (whole < n) xorTail(buf, p + whole, n - whole, ks, whole, mode);
      p += n;
    }
  }

  return {
    seal: function (nonce: Uint8Array, aad: Uint8Array, aadOff: number, aadLen: number, buf: Uint8Array, off: number, len: number): void {
      checkAeadArgs(nonce, aad, aadOff, aadLen, buf, off, len);
      begin(nonce, aad, aadOff, aadLen);
      ctr(buf, off, len, SEAL);
      finish(aadLen, len);
      buf.set(tag, off + len);
    },
    open: function (nonce: Uint8Array, aad: Uint8Array, aadOff: number, aadLen: number, buf: Uint8Array, off: number, len: number): boolean {
      checkAeadArgs(nonce, aad, aadOff, aadLen, buf, off, len);
      begin(nonce, aad, aadOff, aadLen);
      ctr(buf, off, len, OPEN);
      finish(aadLen, len);
      if (equalConstantTime(tag, 0, buf, off + len, AEAD_TAG_LENGTH)) return true;
      ctr(buf, off, len, XOR_ONLY);
      return false;
    },
  };
}

/** An AES-GCM key (16 or 32 bytes) for 12-byte nonces and 16-byte tags, on the pure-TS AES (or
 * without feature aes-pure, the runtime's native AES). */
export function aesGcmKey(key: Uint8Array): AeadKey {
  if (!boardHas('aes-pure')) {
    checkKeyLength(key);
    return gcmKey(key, nativeAesBlock(key));
  }
  return gcmKey(key, null);
}

/**
 * AES-GCM whose AES is `blockCipher`'s (the provider's aesBlock seam: a native or hardware AES),
 * with this file's GHASH. Same answers as aesGcmKey; withOverrides installs it when a provider's
 * aesBlock is swapped.
 */
export function aesGcmOver(blockCipher: (key: Uint8Array) => AesBlockCipher): (key: Uint8Array) => AeadKey {
  return function (key: Uint8Array): AeadKey {
    checkKeyLength(key);
    return gcmKey(key, blockCipher(key));
  };
}
