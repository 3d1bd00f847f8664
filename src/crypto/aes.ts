// AES-128 and AES-256 (FIPS 197) on 32-bit words.
//
// Why T-tables: a JavaScript AES is either fast or free of secret-indexed table lookups, not
// both. A bitsliced AES needs 64-bit or SIMD words to pay off; on 32-bit JS engines it runs
// several times slower, and far slower on interpreters, where every operation costs a dispatch.
// Every fast JS AES uses tables that fold SubBytes, ShiftRows and MixColumns into one load per
// byte: with four 256-word tables per direction a round is 16 loads and 16 XORs, in 4 KB per
// direction. (Tables indexed by two bytes at once halve the loads and are what makes
// @noble/ciphers fast, but they take 640 KB, which no device has.) Devices should prefer a
// hardware AES through the HAL; on a host, the cache-timing exposure of these 4 KB is that of
// every other JS AES.
//
// The tables are computed (not stored as literals) the first time a key is set up, so code that
// never uses AES pays for neither the tables nor the source text of a 256-entry literal; the
// decryption tables are built only when a decryption key is first needed (CBC).
import { AesKey, AesBlockCipher, expandAesKey, readWordBE, writeWordBE, xtime } from './aeskey';
// The key shape, the block-cipher seam and the word helpers live in aeskey.ts (GCM uses them also
// over a native AES).
export type { AesKey, AesBlockCipher };
export { readWordBE, writeWordBE };

let SBOX: Uint8Array | null = null;
let INV_SBOX: Uint8Array | null = null;
// Encryption table: TE[x] = (2s, s, s, 3s) for s = S(x), big-endian, and at 256, 512 and 768
// its byte rotations, so a round is four lookups per output word and no rotations. One array
// indexed with an offset measured faster in V8 than four separate arrays.
let TE: Int32Array | null = null;
// Decryption table, the same way: TD[x] = (14s, 9s, 13s, 11s) for s = S^-1(x).
let TD: Int32Array | null = null;


function gmul(a: number, b: number): number {
  let r = 0;
  while (b !== 0) {
    if ((b & 1) !== 0) r ^= a;
    a = xtime(a);
    b >>>= 1;
  }
  return r;
}

function buildEncTables(): void {
  const sbox = new Uint8Array(256);
  const inv = new Uint8Array(256);
  // Walk the multiplicative group with generator 3 to get logarithms, then S(x) is the affine
  // map of x^-1 (FIPS 197 section 5.1.1). Runs once, at the first key set-up.
  const exp = new Uint8Array(256);
  const log = new Uint8Array(256);
  let p = 1;
  for (let i = 0; i < 255; i++) {
    exp[i] = p;
    log[p] = i;
    p ^= xtime(p);
  }
  for (let x = 0; x < 256; x++) {
    const q = x === 0 ? 0 : exp[(255 - log[x]) % 255];
    let s = q ^ 0x63;
    for (let k = 1; k < 5; k++) s ^= ((q << k) | (q >>> (8 - k))) & 255;
    sbox[x] = s;
    inv[s] = x;
  }
  const te = new Int32Array(1024);
  for (let x = 0; x < 256; x++) {
    const s = sbox[x];
    const w = (xtime(s) << 24) | (s << 16) | (s << 8) | (xtime(s) ^ s);
    te[x] = w;
    te[256 + x] = (w >>> 8) | (w << 24);
    te[512 + x] = (w >>> 16) | (w << 16);
    te[768 + x] = (w >>> 24) | (w << 8);
  }
  SBOX = sbox;
  INV_SBOX = inv;
  TE = te;
}

function buildDecTables(): void {
  const inv = INV_SBOX as Uint8Array;
  const td = new Int32Array(1024);
  for (let x = 0; x < 256; x++) {
    const s = inv[x];
    const w = (gmul(s, 14) << 24) | (gmul(s, 9) << 16) | (gmul(s, 13) << 8) | gmul(s, 11);
    td[x] = w;
    td[256 + x] = (w >>> 8) | (w << 24);
    td[512 + x] = (w >>> 16) | (w << 16);
    td[768 + x] = (w >>> 24) | (w << 8);
  }
  TD = td;
}

function subWord(w: number): number {
  const s = SBOX as Uint8Array;
  return (s[w >>> 24] << 24) | (s[(w >>> 16) & 255] << 16) | (s[(w >>> 8) & 255] << 8) | s[w & 255];
}

/** Expands a 16- or 32-byte AES key (FIPS 197 section 5.2). AES-192 is refused: TLS never uses it. */
export function aesKey(key: Uint8Array): AesKey {
  if (SBOX === null) buildEncTables();
  return expandAesKey(key, subWord);
}

/** Builds the decryption round keys of `k` if it has none yet (FIPS 197 section 5.3.5). */
export function aesPrepareDecrypt(k: AesKey): void {
  if (k.dk.length !== 0) return;
  if (TD === null) buildDecTables();
  const s = SBOX as Uint8Array;
  const td = TD as Int32Array;
  const ek = k.ek;
  const n = ek.length;
  const dk = new Int32Array(n);
  for (let r = 0; r <= k.rounds; r++) {
    for (let j = 0; j < 4; j++) {
      const w = ek[4 * (k.rounds - r) + j];
      // InvMixColumns of a round key: TDn[S(b)] undoes the S-box inside the table.
      dk[4 * r + j] = r === 0 || r === k.rounds ? w :
        td[s[w >>> 24]] ^ td[256 | s[(w >>> 16) & 255]] ^ td[512 | s[(w >>> 8) & 255]] ^ td[768 | s[w & 255]];
    }
  }
  k.dk = dk;
}

/**
 * Runs the encryption rounds from round key index i (a multiple of 4) on the state held in
 * s[o, o+4), leaving the output block there.
 */
function encryptRounds(k: AesKey, s: Int32Array, o: number, i: number): void {
  const ek = k.ek;
  const t = TE as Int32Array;
  let s0 = s[o], s1 = s[o + 1], s2 = s[o + 2], s3 = s[o + 3];
  const last = k.rounds << 2;
  while (i < last) {
    const a0 = t[s0 >>> 24] ^ t[256 | ((s1 >>> 16) & 255)] ^ t[512 | ((s2 >>> 8) & 255)] ^ t[768 | (s3 & 255)] ^ ek[i];
    const a1 = t[s1 >>> 24] ^ t[256 | ((s2 >>> 16) & 255)] ^ t[512 | ((s3 >>> 8) & 255)] ^ t[768 | (s0 & 255)] ^ ek[i + 1];
    const a2 = t[s2 >>> 24] ^ t[256 | ((s3 >>> 16) & 255)] ^ t[512 | ((s0 >>> 8) & 255)] ^ t[768 | (s1 & 255)] ^ ek[i + 2];
    const a3 = t[s3 >>> 24] ^ t[256 | ((s0 >>> 16) & 255)] ^ t[512 | ((s1 >>> 8) & 255)] ^ t[768 | (s2 & 255)] ^ ek[i + 3];
    s0 = a0; s1 = a1; s2 = a2; s3 = a3;
    i += 4;
  }
  const sb = SBOX as Uint8Array;
  s[o] = ((sb[s0 >>> 24] << 24) | (sb[(s1 >>> 16) & 255] << 16) | (sb[(s2 >>> 8) & 255] << 8) | sb[s3 & 255]) ^ ek[i];
  s[o + 1] = ((sb[s1 >>> 24] << 24) | (sb[(s2 >>> 16) & 255] << 16) | (sb[(s3 >>> 8) & 255] << 8) | sb[s0 & 255]) ^ ek[i + 1];
  s[o + 2] = ((sb[s2 >>> 24] << 24) | (sb[(s3 >>> 16) & 255] << 16) | (sb[(s0 >>> 8) & 255] << 8) | sb[s1 & 255]) ^ ek[i + 2];
  s[o + 3] = ((sb[s3 >>> 24] << 24) | (sb[(s0 >>> 16) & 255] << 16) | (sb[(s1 >>> 8) & 255] << 8) | sb[s2 & 255]) ^ ek[i + 3];
}

/** Encrypts the block held as four big-endian words in s[0..4), in place. */
export function aesEncryptWords(k: AesKey, s: Int32Array): void {
  const ek = k.ek;
  s[0] ^= ek[0]; s[1] ^= ek[1]; s[2] ^= ek[2]; s[3] ^= ek[3];
  encryptRounds(k, s, 0, 4);
}

// Counter mode state (aesCtrState): nonce words at 0..2, the counter at 3, the keystream block
// out at 4..7, then what the first two rounds share between counters that differ only in the
// low byte: at 8 the counter >>> 8 it was computed for (CTR_STALE when none), at 9 the part of
// round 1's word 0 that does not depend on the counter, at 10..12 round 1's words 1..3, and at
// 13..16 round 2's words without their one term from round 1's word 0.
const CTR_STALE = -1;

/** A counter-mode state for aesCtrBlock. */
export function aesCtrState(): Int32Array {
  const st = new Int32Array(17);
  st[8] = CTR_STALE;
  return st;
}

/** Sets the nonce words of a counter-mode state (and forgets what it cached for the last one). */
export function aesCtrNonce(st: Int32Array, n0: number, n1: number, n2: number): void {
  st[0] = n0; st[1] = n1; st[2] = n2;
  st[8] = CTR_STALE;
}

/**
 * Encrypts the counter block (nonce, st[3]) into st[4..8). Only the last word of the block
 * changes between counters, and while only its low byte does, a round-1 word and three of the
 * four lookups of each round-2 word stay the same: they are kept in st and recomputed when the
 * counter crosses a multiple of 256, which skips 27 of AES's 160 table lookups per block.
 */
export function aesCtrBlock(k: AesKey, st: Int32Array): void {
  const ek = k.ek;
  const t = TE as Int32Array;
  const x3 = st[3] ^ ek[3];
  if (st[8] !== st[3] >>> 8) {
    const x0 = st[0] ^ ek[0], x1 = st[1] ^ ek[1], x2 = st[2] ^ ek[2];
    const a1 = t[x1 >>> 24] ^ t[256 | ((x2 >>> 16) & 255)] ^ t[512 | ((x3 >>> 8) & 255)] ^ t[768 | (x0 & 255)] ^ ek[5];
    const a2 = t[x2 >>> 24] ^ t[256 | ((x3 >>> 16) & 255)] ^ t[512 | ((x0 >>> 8) & 255)] ^ t[768 | (x1 & 255)] ^ ek[6];
    const a3 = t[x3 >>> 24] ^ t[256 | ((x0 >>> 16) & 255)] ^ t[512 | ((x1 >>> 8) & 255)] ^ t[768 | (x2 & 255)] ^ ek[7];
    st[8] = st[3] >>> 8;
    st[9] = t[x0 >>> 24] ^ t[256 | ((x1 >>> 16) & 255)] ^ t[512 | ((x2 >>> 8) & 255)] ^ ek[4];
    st[10] = a1; st[11] = a2; st[12] = a3;
    st[13] = t[256 | ((a1 >>> 16) & 255)] ^ t[512 | ((a2 >>> 8) & 255)] ^ t[768 | (a3 & 255)] ^ ek[8];
    st[14] = t[a1 >>> 24] ^ t[256 | ((a2 >>> 16) & 255)] ^ t[512 | ((a3 >>> 8) & 255)] ^ ek[9];
    st[15] = t[a2 >>> 24] ^ t[256 | ((a3 >>> 16) & 255)] ^ t[768 | (a1 & 255)] ^ ek[10];
    st[16] = t[a3 >>> 24] ^ t[512 | ((a1 >>> 8) & 255)] ^ t[768 | (a2 & 255)] ^ ek[11];
  }
  const a0 = st[9] ^ t[768 | (x3 & 255)];
  st[4] = st[13] ^ t[a0 >>> 24];
  st[5] = st[14] ^ t[768 | (a0 & 255)];
  st[6] = st[15] ^ t[512 | ((a0 >>> 8) & 255)];
  st[7] = st[16] ^ t[256 | ((a0 >>> 16) & 255)];
  encryptRounds(k, st, 4, 12);
}

/** Decrypts the block held as four big-endian words in s[0..4), in place (needs aesPrepareDecrypt). */
export function aesDecryptWords(k: AesKey, s: Int32Array): void {
  const dk = k.dk;
  const t = TD as Int32Array;
  let s0 = s[0] ^ dk[0], s1 = s[1] ^ dk[1], s2 = s[2] ^ dk[2], s3 = s[3] ^ dk[3];
  let i = 4;
  const last = k.rounds << 2;
  while (i < last) {
    const a0 = t[s0 >>> 24] ^ t[256 | ((s3 >>> 16) & 255)] ^ t[512 | ((s2 >>> 8) & 255)] ^ t[768 | (s1 & 255)] ^ dk[i];
    const a1 = t[s1 >>> 24] ^ t[256 | ((s0 >>> 16) & 255)] ^ t[512 | ((s3 >>> 8) & 255)] ^ t[768 | (s2 & 255)] ^ dk[i + 1];
    const a2 = t[s2 >>> 24] ^ t[256 | ((s1 >>> 16) & 255)] ^ t[512 | ((s0 >>> 8) & 255)] ^ t[768 | (s3 & 255)] ^ dk[i + 2];
    const a3 = t[s3 >>> 24] ^ t[256 | ((s2 >>> 16) & 255)] ^ t[512 | ((s1 >>> 8) & 255)] ^ t[768 | (s0 & 255)] ^ dk[i + 3];
    s0 = a0; s1 = a1; s2 = a2; s3 = a3;
    i += 4;
  }
  const sb = INV_SBOX as Uint8Array;
  s[0] = ((sb[s0 >>> 24] << 24) | (sb[(s3 >>> 16) & 255] << 16) | (sb[(s2 >>> 8) & 255] << 8) | sb[s1 & 255]) ^ dk[i];
  s[1] = ((sb[s1 >>> 24] << 24) | (sb[(s0 >>> 16) & 255] << 16) | (sb[(s3 >>> 8) & 255] << 8) | sb[s2 & 255]) ^ dk[i + 1];
  s[2] = ((sb[s2 >>> 24] << 24) | (sb[(s1 >>> 16) & 255] << 16) | (sb[(s0 >>> 8) & 255] << 8) | sb[s3 & 255]) ^ dk[i + 2];
  s[3] = ((sb[s3 >>> 24] << 24) | (sb[(s2 >>> 16) & 255] << 16) | (sb[(s1 >>> 8) & 255] << 8) | sb[s0 & 255]) ^ dk[i + 3];
}

const BLOCK = new Int32Array(4);

/** Encrypts the 16-byte block src[srcOff..) into dst[dstOff..) (the two may be the same bytes). */
export function aesEncryptBlock(k: AesKey, src: Uint8Array, srcOff: number, dst: Uint8Array, dstOff: number): void {
  for (let j = 0; j < 4; j++) BLOCK[j] = readWordBE(src, srcOff + 4 * j);
  aesEncryptWords(k, BLOCK);
  for (let j = 0; j < 4; j++) writeWordBE(dst, dstOff + 4 * j, BLOCK[j]);
}

/** Decrypts the 16-byte block src[srcOff..) into dst[dstOff..) (the two may be the same bytes). */
export function aesDecryptBlock(k: AesKey, src: Uint8Array, srcOff: number, dst: Uint8Array, dstOff: number): void {
  aesPrepareDecrypt(k);
  for (let j = 0; j < 4; j++) BLOCK[j] = readWordBE(src, srcOff + 4 * j);
  aesDecryptWords(k, BLOCK);
  for (let j = 0; j < 4; j++) writeWordBE(dst, dstOff + 4 * j, BLOCK[j]);
}

/** The pure-TS AesBlockCipher for a 16- or 32-byte key. */
export function aesBlockCipher(key: Uint8Array): AesBlockCipher {
  const k = aesKey(key);
  const s = new Int32Array(4);
  return {
    encryptBlocks: function (src: Uint8Array, srcOff: number, dst: Uint8Array, dstOff: number, len: number): void {
      for (let p = 0; p < len; p += 16) {
        for (let j = 0; j < 4; j++) s[j] = readWordBE(src, srcOff + p + 4 * j);
        aesEncryptWords(k, s);
        for (let j = 0; j < 4; j++) writeWordBE(dst, dstOff + p + 4 * j, s[j]);
      }
    },
  };
}
