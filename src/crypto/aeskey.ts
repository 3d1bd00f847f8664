// The AES key shape, the key schedule of FIPS 197 section 5.2 over an S-box lookup, and the
// big-endian words and block-cipher seam that AES-GCM uses also over a native AES.
import { checkAesKey } from './check';

/** An expanded AES key. Round keys are big-endian words, 4 per round. */
export interface AesKey {
  /** 10 for AES-128, 14 for AES-256. */
  rounds: number;
  /** Encryption round keys, 4 * (rounds + 1) words. */
  ek: Int32Array;
  /** Decryption round keys (the equivalent inverse cipher's, empty until first needed). */
  dk: Int32Array;
}

/**
 * A block cipher behind the provider's `aesBlock` seam: AES in ECB over whole blocks. GCM builds
 * its counter blocks and keeps GHASH, so a native or hardware AES (Espruino's require("crypto"),
 * a firmware accelerator) only has to encrypt blocks. Espruino's native CTR cannot stand in for
 * this: in 2v29 it ignores the IV and always counts from zero.
 */
export interface AesBlockCipher {
  /** Encrypts the whole blocks src[srcOff, srcOff+len) into dst[dstOff, dstOff+len); len is a
   *  multiple of 16; src and dst may be the same bytes. */
  encryptBlocks(src: Uint8Array, srcOff: number, dst: Uint8Array, dstOff: number, len: number): void;
}

/** Reads the big-endian word at b[i..i+4). */
export function readWordBE(b: Uint8Array, i: number): number {
  return (b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3];
}

/** Writes w as a big-endian word at b[i..i+4). */
export function writeWordBE(b: Uint8Array, i: number, w: number): void {
  b[i] = w >>> 24;
  b[i + 1] = w >>> 16;
  b[i + 2] = w >>> 8;
  b[i + 3] = w;
}

/** Multiplication by x in GF(2^8) modulo x^8 + x^4 + x^3 + x + 1. */
export function xtime(a: number): number {
  return ((a << 1) ^ ((a >>> 7) * 0x1b)) & 255;
}

/** Expands a 16- or 32-byte AES key with `subWord` (the S-box on each byte of a word). AES-192 is
 * refused: TLS never uses it. */
export function expandAesKey(key: Uint8Array, subWord: (w: number) => number): AesKey {
  const nk = key.length >>> 2;
  checkAesKey(key);
  const rounds = nk + 6;
  const total = 4 * (rounds + 1);
  const ek = new Int32Array(total);
  for (let i = 0; i < nk; i++) ek[i] = readWordBE(key, 4 * i);
  let rcon = 1;
  for (let i = nk; i < total; i++) {
    let t = ek[i - 1];
    if (i % nk === 0) {
      t = subWord((t << 8) | (t >>> 24)) ^ (rcon << 24);
      rcon = xtime(rcon);
    } else if (nk === 8 && i % 8 === 4) {
      t = subWord(t);
    }
    ek[i] = ek[i - nk] ^ t;
  }
  return { rounds: rounds, ek: ek, dk: new Int32Array(0) };
}
