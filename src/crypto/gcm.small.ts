// AES-GCM (NIST SP 800-38D), the size variant of gcm.ts (same exports and answers): 96-bit
// nonces, 128-bit tags, in place over the caller's buffer. GHASH multiplies bit by bit
// (SP 800-38D algorithm 1) with masks, so no branch or index depends on data or key, and no
// table is built; AES always comes through an AesBlockCipher (the pure-TS one, or the HAL's
// native or hardware AES), a chunk of counter blocks per call.
import { checkAesKey } from './check';
import { AeadKey, encryptThenMac } from './aead';
import { aesBlockCipher } from './aes';
import { AesBlockCipher, readWordBE } from './aeskey';
import { nativeAesBlock } from './native';
import { boardHas } from '../board';

// Bytes of counter blocks per encryptBlocks call: spreads a native call's fixed cost.
const CHUNK = 256;

/** y = y * h in GF(2^128): GCM's bit order, bit 0 the top bit of y[0]. */
function gfMul(y: Int32Array, h: Int32Array): void {
  let v0 = h[0], v1 = h[1], v2 = h[2], v3 = h[3], z0 = 0, z1 = 0, z2 = 0, z3 = 0;
  for (let i = 0; i < 128; i++) {
    const m = -((y[i >> 5] >>> (~i & 31)) & 1);
    z0 ^= v0 & m; z1 ^= v1 & m; z2 ^= v2 & m; z3 ^= v3 & m;
    // v = v * x: a right shift in this bit order, x^128 folding back as 0xe1 in the top byte.
    const r = -(v3 & 1) & (0xe1 << 24);
    v3 = (v3 >>> 1) | (v2 << 31); v2 = (v2 >>> 1) | (v1 << 31); v1 = (v1 >>> 1) | (v0 << 31); v0 = (v0 >>> 1) ^ r;
  }
  y[0] = z0; y[1] = z1; y[2] = z2; y[3] = z3;
}

function gcmKey(bc: AesBlockCipher): AeadKey {
  // Counter blocks in, keystream out; E(K, J0) kept for the tag.
  const ctrIn = new Uint8Array(CHUNK);
  const ks = new Uint8Array(CHUNK);
  const ej0 = new Uint8Array(16);
  const tag = new Uint8Array(16);
  const h = new Int32Array(4);
  const y = new Int32Array(4);
  bc.encryptBlocks(ej0, 0, ks, 0, 16); // H = E(K, 0^128)
  for (let j = 0; j < 4; j++) h[j] = readWordBE(ks, 4 * j);

  /** Absorbs b[off, off+len), zero-padding the last partial block. */
  function ghash(b: Uint8Array, off: number, len: number): void {
    for (let p = 0; p < len; p += 16) {
      for (let i = 0; i < 16 && p + i < len; i++) y[i >> 2] ^= b[off + p + i] << (24 - 8 * (i & 3));
      gfMul(y, h);
    }
  }

  /** Sets the nonce into every counter block, E(K, J0), and GHASH over the additional data. */
  function begin(nonce: Uint8Array, aad: Uint8Array, aadOff: number, aadLen: number): void {
    for (let b = 0; b < CHUNK; b += 16) ctrIn.set(nonce, b);
    ctrIn[12] = ctrIn[13] = ctrIn[14] = 0;
    ctrIn[15] = 1;
    bc.encryptBlocks(ctrIn, 0, ej0, 0, 16);
    y[0] = y[1] = y[2] = y[3] = 0;
    ghash(aad, aadOff, aadLen);
  }

  /** Absorbs the length block and returns the tag. */
  function finish(aadLen: number, len: number): Uint8Array {
    y[0] ^= aadLen >>> 29;
    y[1] ^= aadLen << 3;
    y[2] ^= len >>> 29;
    y[3] ^= len << 3;
    gfMul(y, h);
    for (let i = 0; i < 16; i++) tag[i] = ej0[i] ^ (y[i >> 2] >>> (24 - 8 * (i & 3)));
    return tag;
  }

  /** XORs the keystream from counter 2 on into buf[off, off+len). */
  function ctr(buf: Uint8Array, off: number, len: number): void {
    let c = 2;
    for (let p = 0; p < len; p += CHUNK) {
      const n = len - p < CHUNK ? len - p : CHUNK;
      for (let b = 0; b < n; b += 16, c++) {
        for (let j = 0; j < 4; j++) ctrIn[b + 12 + j] = c >>> (24 - 8 * j);
      }
      bc.encryptBlocks(ctrIn, 0, ks, 0, (n + 15) & ~15);
      for (let i = 0; i < n; i++) buf[off + p + i] ^= ks[i];
    }
  }

  return encryptThenMac(begin, ctr, ghash, finish);
}

/** AES-GCM whose AES is `blockCipher`'s (a native or hardware AES), with this file's GHASH. */
export function aesGcmOver(blockCipher: (key: Uint8Array) => AesBlockCipher): (key: Uint8Array) => AeadKey {
  return function (key: Uint8Array): AeadKey {
    checkAesKey(key);
    return gcmKey(blockCipher(key));
  };
}

/** An AES-GCM key (16 or 32 bytes) for 12-byte nonces and 16-byte tags, on the pure-TS AES (or
 * without feature aes-pure, the runtime's native AES). */
export const aesGcmKey: (key: Uint8Array) => AeadKey = aesGcmOver(boardHas('aes-pure') ? aesBlockCipher : nativeAesBlock);
