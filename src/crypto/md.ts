// The Merkle-Damgard frame shared by SHA-1, SHA-256 and SHA-384/512: block buffering, padding
// with a big-endian bit length, and a big-endian digest of the first state words. Each hash
// only supplies its compression function and initial state.
import type { Hasher, HashAlgorithm } from './provider';
import { cryptoError } from '../errors';

/** Runs the compression function over the blocks data[off..end) (end - off is a multiple of
 * the block length), updating `state` in place. */
export type Compress = (state: Int32Array, data: Uint8Array, off: number, end: number) => void;

/** 32-bit words from a hex string of 8 digits per word (constant tables stay compact text). */
export function hexWords(hex: string): Int32Array {
  const out = new Int32Array(hex.length >> 3);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.substring(8 * i, 8 * i + 8), 16);
  return out;
}

export class MdHasher implements Hasher {
  st: Int32Array;
  buf: Uint8Array;
  pos: number;
  /** Bytes hashed so far: a double stays exact far beyond any message a device sees. */
  total: number;
  done: boolean;
  blockLen: number;
  outputLen: number;
  compress: Compress;

  constructor(compress: Compress, blockLen: number, outputLen: number, st: Int32Array) {
    this.compress = compress;
    this.blockLen = blockLen;
    this.outputLen = outputLen;
    this.st = st;
    this.buf = new Uint8Array(blockLen);
    this.pos = 0;
    this.total = 0;
    this.done = false;
  }

  update(data: Uint8Array): Hasher {
    if (this.done) throw cryptoError('bad_state', 'hash already finished');
    const n = data.length;
    const bl = this.blockLen;
    const buf = this.buf;
    let pos = this.pos;
    let i = 0;
    this.total += n;
    if (pos > 0) {
      // Top up the partial block first; short pieces by hand, long ones natively.
      const take = bl - pos < n ? bl - pos : n;
      if (take < 16) {
        for (; i < take; i++) buf[pos++] = data[i];
      } else {
        buf.set(data.subarray(0, take), pos);
        pos += take;
        i = take;
      }
      if (pos < bl) {
        this.pos = pos;
        return this;
      }
      this.compress(this.st, buf, 0, bl);
      pos = 0;
    }
    // Whole blocks straight from the input, without copying.
    const end = n - ((n - i) % bl);
    if (end > i) {
      this.compress(this.st, data, i, end);
      i = end;
    }
    if (i < n) {
      buf.set(data.subarray(i), 0);
      pos = n - i;
    }
    this.pos = pos;
    return this;
  }

  digest(): Uint8Array {
    if (this.done) throw cryptoError('bad_state', 'hash already finished');
    this.done = true;
    const bl = this.blockLen;
    const buf = this.buf;
    let pos = this.pos;
    buf[pos++] = 0x80;
    // The length field is 8 bytes for 64-byte blocks and 16 for SHA-384/512's 128-byte ones.
    if (pos > bl - (bl >> 3)) {
      while (pos < bl) buf[pos++] = 0;
      this.compress(this.st, buf, 0, bl);
      pos = 0;
    }
    while (pos < bl - 8) buf[pos++] = 0;
    // The bit length in its last 64 bits (the zeros above are the top half of a 128-bit field).
    const hi = Math.floor(this.total / 536870912);
    const lo = (this.total * 8) % 4294967296;
    buf[pos] = hi >>> 24; buf[pos + 1] = hi >>> 16; buf[pos + 2] = hi >>> 8; buf[pos + 3] = hi;
    buf[pos + 4] = lo >>> 24; buf[pos + 5] = lo >>> 16; buf[pos + 6] = lo >>> 8; buf[pos + 7] = lo;
    this.compress(this.st, buf, 0, bl);
    const out = new Uint8Array(this.outputLen);
    const st = this.st;
    for (let i = 0, j = 0; j < out.length; i++, j += 4) {
      const w = st[i];
      out[j] = w >>> 24; out[j + 1] = w >>> 16; out[j + 2] = w >>> 8; out[j + 3] = w;
    }
    for (let i = 0; i < bl; i++) buf[i] = 0;
    return out;
  }

  copy(): Hasher {
    const st = new Int32Array(this.st.length);
    st.set(this.st);
    const c = new MdHasher(this.compress, this.blockLen, this.outputLen, st);
    c.buf.set(this.buf);
    c.pos = this.pos;
    c.total = this.total;
    c.done = this.done;
    return c;
  }
}

/** A HashAlgorithm over the frame above: `iv` is copied into each new hasher's state. */
export function mdAlgorithm(name: HashAlgorithm['name'], compress: Compress, blockLen: number, outputLen: number,
  iv: Int32Array): HashAlgorithm {
  return {
    name: name,
    outputLen: outputLen,
    blockLen: blockLen,
    create: function (): Hasher {
      const st = new Int32Array(iv.length);
      st.set(iv);
      return new MdHasher(compress, blockLen, outputLen, st);
    },
  };
}
