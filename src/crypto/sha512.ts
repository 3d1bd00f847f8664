// SHA-512 and SHA-384 (FIPS 180-4 section 6.4) without BigInt: each 64-bit word is a pair of
// 32-bit halves. A 64-bit sum adds the low halves as unsigned numbers in a double (exact: a few
// terms below 2^32 each), and the high halves take the carry floor(low sum / 2^32).
import { mdAlgorithm } from './md';
import { KH, KL, IV512, IV384 } from './sha2-constants';
import { nativeHash } from './native';
import { boardHas } from '../board';
import type { HashAlgorithm } from './provider';

// The message schedule, like the round constants, in high (signed) and low (unsigned) halves,
// so the rounds index them directly and low halves come out ready to add.
const WH = new Int32Array(80);
const WL = new Uint32Array(80);
const TWO32 = 4294967296;

/** state[i] (high) and state[i + 1] (low) += (h, l): the final feed-forward of a block. */
function add64(st: Int32Array, i: number, h: number, l: number): void {
  const lo = (st[i + 1] >>> 0) + l;
  st[i] = st[i] + h + ((lo / TWO32) | 0);
  st[i + 1] = lo;
}

function compress512(st: Int32Array, data: Uint8Array, off: number, end: number): void {
  let i: number, j: number, xh: number, xl: number, s0h: number, s0l: number, s1h: number, s1l: number;
  let th: number, tl: number, mh: number, ml: number;
  for (; off < end; off += 128) {
    for (i = 0, j = off; i < 16; i++, j += 8) {
      WH[i] = (data[j] << 24) | (data[j + 1] << 16) | (data[j + 2] << 8) | data[j + 3];
      WL[i] = (data[j + 4] << 24) | (data[j + 5] << 16) | (data[j + 6] << 8) | data[j + 7];
    }
    for (i = 16; i < 80; i++) {
      // sigma0 = rotr 1 ^ rotr 8 ^ shr 7 of W[i-15]; sigma1 = rotr 19 ^ rotr 61 ^ shr 6 of W[i-2].
      xh = WH[i - 15]; xl = WL[i - 15];
      s0h = ((xh >>> 1) | (xl << 31)) ^ ((xh >>> 8) | (xl << 24)) ^ (xh >>> 7);
      s0l = ((xl >>> 1) | (xh << 31)) ^ ((xl >>> 8) | (xh << 24)) ^ ((xl >>> 7) | (xh << 25));
      xh = WH[i - 2]; xl = WL[i - 2];
      s1h = ((xh >>> 19) | (xl << 13)) ^ ((xl >>> 29) | (xh << 3)) ^ (xh >>> 6);
      s1l = ((xl >>> 19) | (xh << 13)) ^ ((xh >>> 29) | (xl << 3)) ^ ((xl >>> 6) | (xh << 26));
      tl = (s0l >>> 0) + (s1l >>> 0) + WL[i - 7] + WL[i - 16];
      // The typed-array stores reduce both halves mod 2^32.
      WH[i] = s0h + s1h + WH[i - 7] + WH[i - 16] + ((tl / TWO32) | 0);
      WL[i] = tl;
    }
    // Working variables: high halves as int32, low halves as uint32.
    let ah = st[0], al = st[1] >>> 0, bh = st[2], bl = st[3] >>> 0;
    let ch = st[4], cl = st[5] >>> 0, dh = st[6], dl = st[7] >>> 0;
    let eh = st[8], el = st[9] >>> 0, fh = st[10], fl = st[11] >>> 0;
    let gh = st[12], gl = st[13] >>> 0, hh = st[14], hl = st[15] >>> 0;
    for (i = 0; i < 80; i++) {
      // T1 = h + Sigma1(e) + Ch(e, f, g) + K[i] + W[i]; Sigma1 = rotr 14 ^ rotr 18 ^ rotr 41.
      s1h = ((eh >>> 14) | (el << 18)) ^ ((eh >>> 18) | (el << 14)) ^ ((el >>> 9) | (eh << 23));
      s1l = ((el >>> 14) | (eh << 18)) ^ ((el >>> 18) | (eh << 14)) ^ ((eh >>> 9) | (el << 23));
      tl = hl + (s1l >>> 0) + ((gl ^ (el & (fl ^ gl))) >>> 0) + KL[i] + WL[i];
      th = (hh + s1h + (gh ^ (eh & (fh ^ gh))) + KH[i] + WH[i]) | 0;
      // T2 = Sigma0(a) + Maj(a, b, c); Sigma0 = rotr 28 ^ rotr 34 ^ rotr 39.
      s0h = ((ah >>> 28) | (al << 4)) ^ ((al >>> 2) | (ah << 30)) ^ ((al >>> 7) | (ah << 25));
      s0l = ((al >>> 28) | (ah << 4)) ^ ((ah >>> 2) | (al << 30)) ^ ((ah >>> 7) | (al << 25));
      mh = (ah & bh) ^ (ch & (ah ^ bh));
      ml = (al & bl) ^ (cl & (al ^ bl));
      hh = gh; hl = gl; gh = fh; gl = fl; fh = eh; fl = el;
      // (th, tl) is T1 with an unreduced low half; carries are taken once, here.
      xl = dl + tl;
      eh = (dh + th + ((xl / TWO32) | 0)) | 0;
      el = xl >>> 0;
      dh = ch; dl = cl; ch = bh; cl = bl; bh = ah; bl = al;
      xl = tl + (s0l >>> 0) + (ml >>> 0);
      ah = (th + s0h + mh + ((xl / TWO32) | 0)) | 0;
      al = xl >>> 0;
    }
    add64(st, 0, ah, al); add64(st, 2, bh, bl); add64(st, 4, ch, cl); add64(st, 6, dh, dl);
    add64(st, 8, eh, el); add64(st, 10, fh, fl); add64(st, 12, gh, gl); add64(st, 14, hh, hl);
  }
}

// Without feature sha2-pure the runtime's native SHA-512 and SHA-384 serve (native.ts).
export const SHA512: HashAlgorithm = boardHas('sha2-pure') ? mdAlgorithm('sha512', compress512, 128, 64, IV512) :
  nativeHash('sha512', 128, 64);
export const SHA384: HashAlgorithm = boardHas('sha2-pure') ? mdAlgorithm('sha384', compress512, 128, 48, IV384) :
  nativeHash('sha384', 128, 48);
