// AES-128 and AES-256 (FIPS 197), the size variant of aes.ts (same exports and answers): no
// T-tables, only the S-box and its inverse, computed when the module loads. A round works on the
// 16 state bytes with the textbook steps, so it is several times slower than aes.ts; size
// profiles run it only where the board has no AES of its own (the HAL's aesBlock), or in tests.
import { AesKey, AesBlockCipher, expandAesKey, readWordBE, writeWordBE, xtime } from './aeskey';
// The key shape, the block-cipher seam and the word helpers are shared with the other variant.
export type { AesKey, AesBlockCipher };
export { readWordBE, writeWordBE };

const SBOX = new Uint8Array(256);
const INV_SBOX = new Uint8Array(256);
// S(x) is the affine map of x^-1 (FIPS 197 section 5.1.1): p walks the multiplicative group
// with generator 3 and q its inverse (generator 3^-1 = 0xf6), so x^-1 comes with x.
(function (): void {
  let p = 1, q = 1;
  for (let i = 0; i < 256; i++) {
    // i = 0 stands for x = 0, whose "inverse" is 0; then p runs over 3^0 .. 3^254.
    const x = i && p, v = i && q;
    let s = v ^ 0x63;
    for (let k = 1; k < 5; k++) s ^= ((v << k) | (v >>> (8 - k))) & 255;
    SBOX[x] = s;
    INV_SBOX[s] = x;
    if (i !== 0) {
      p ^= xtime(p);
      // q *= 0xf6 = x^7 + x^6 + x^5 + x^4 + x^2 + x, by Horner over its bits.
      let r = 0;
      for (let b = 7; b >= 0; b--) r = xtime(r) ^ (-((0xf6 >>> b) & 1) & q);
      q = r;
    }
  }
})();

function subWord(w: number): number {
  let r = 0;
  for (let i = 24; i >= 0; i -= 8) r |= SBOX[(w >>> i) & 255] << i;
  return r;
}

/** Expands a 16- or 32-byte AES key (FIPS 197 section 5.2). AES-192 is refused: TLS never uses it. */
export function aesKey(key: Uint8Array): AesKey {
  return expandAesKey(key, subWord);
}

/** Marks `k` ready for decryption (this variant needs no separate round keys). */
export function aesPrepareDecrypt(k: AesKey): void {
  k.dk = k.ek;
}

// The state as bytes, column by column (byte 4c + i is row i of column c), and a copy of it.
const T = new Uint8Array(16);
const U = new Uint8Array(16);

function addRoundKey(ek: Int32Array, r: number): void {
  for (let j = 0; j < 16; j++) T[j] ^= ek[4 * r + (j >> 2)] >>> (24 - 8 * (j & 3));
}

/** SubBytes and ShiftRows (box SBOX, d 1), or their inverses (INV_SBOX, d 3): row i of column c
 * comes from column c + d * i. */
function subShift(box: Uint8Array, d: number): void {
  U.set(T);
  for (let j = 0; j < 16; j++) T[j] = box[U[(((j >> 2) + d * (j & 3)) & 3) * 4 + (j & 3)]];
}

function mixColumns(): void {
  for (let a = 0; a < 16; a += 4) {
    const t0 = T[a], x = t0 ^ T[a + 1] ^ T[a + 2] ^ T[a + 3];
    // 2b_i + 3b_(i+1) + b_(i+2) + b_(i+3) = b_i + x + 2(b_i + b_(i+1)).
    for (let i = 0; i < 4; i++) T[a + i] ^= x ^ xtime(T[a + i] ^ (i < 3 ? T[a + i + 1] : t0));
  }
}

/**
 * The cipher, or with `dec` the inverse cipher (FIPS 197 section 5.3, with the same round keys
 * backwards), on the words s[o, o+4). MixColumns has order 4, so InvMixColumns is MixColumns
 * three times: slower, but decryption only serves CBC.
 */
function crypt(k: AesKey, s: Int32Array, o: number, dec: boolean): void {
  const n = k.rounds;
  const ek = k.ek;
  for (let j = 0; j < 16; j++) T[j] = s[o + (j >> 2)] >>> (24 - 8 * (j & 3));
  addRoundKey(ek, dec ? n : 0);
  for (let r = 1; r <= n; r++) {
    subShift(dec ? INV_SBOX : SBOX, dec ? 3 : 1);
    if (dec) addRoundKey(ek, n - r);
    if (r < n) for (let m = dec ? 3 : 1; m > 0; m--) mixColumns();
    if (!dec) addRoundKey(ek, r);
  }
  for (let c = 0; c < 4; c++) s[o + c] = readWordBE(T, 4 * c);
}

/** Encrypts the block held as four big-endian words in s[0..4), in place. */
export function aesEncryptWords(k: AesKey, s: Int32Array): void {
  crypt(k, s, 0, false);
}

/** Decrypts the block held as four big-endian words in s[0..4), in place. */
export function aesDecryptWords(k: AesKey, s: Int32Array): void {
  crypt(k, s, 0, true);
}

/** A counter-mode state for aesCtrBlock: nonce words at 0..2, counter at 3, keystream at 4..7. */
export function aesCtrState(): Int32Array {
  return new Int32Array(8);
}

/** Sets the nonce words of a counter-mode state. */
export function aesCtrNonce(st: Int32Array, n0: number, n1: number, n2: number): void {
  st[0] = n0; st[1] = n1; st[2] = n2;
}

/** Encrypts the counter block (nonce, st[3]) into st[4..8). */
export function aesCtrBlock(k: AesKey, st: Int32Array): void {
  for (let j = 0; j < 4; j++) st[4 + j] = st[j];
  crypt(k, st, 4, false);
}

const BLOCK = new Int32Array(4);

function blockOp(k: AesKey, src: Uint8Array, srcOff: number, dst: Uint8Array, dstOff: number, dec: boolean): void {
  for (let j = 0; j < 4; j++) BLOCK[j] = readWordBE(src, srcOff + 4 * j);
  crypt(k, BLOCK, 0, dec);
  for (let j = 0; j < 4; j++) writeWordBE(dst, dstOff + 4 * j, BLOCK[j]);
}

/** Encrypts the 16-byte block src[srcOff..) into dst[dstOff..) (the two may be the same bytes). */
export function aesEncryptBlock(k: AesKey, src: Uint8Array, srcOff: number, dst: Uint8Array, dstOff: number): void {
  blockOp(k, src, srcOff, dst, dstOff, false);
}

/** Decrypts the 16-byte block src[srcOff..) into dst[dstOff..) (the two may be the same bytes). */
export function aesDecryptBlock(k: AesKey, src: Uint8Array, srcOff: number, dst: Uint8Array, dstOff: number): void {
  blockOp(k, src, srcOff, dst, dstOff, true);
}

/** The pure-TS AesBlockCipher for a 16- or 32-byte key. */
export function aesBlockCipher(key: Uint8Array): AesBlockCipher {
  const k = aesKey(key);
  return {
    encryptBlocks: function (src: Uint8Array, srcOff: number, dst: Uint8Array, dstOff: number, len: number): void {
      for (let p = 0; p < len; p += 16) blockOp(k, src, srcOff + p, dst, dstOff + p, false);
    },
  };
}
