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
    return this.updateRange(data, 0, data.length);
  }

  /** update over data[off, off+n) without making a view of it (allocates nothing). */
  updateRange(data: Uint8Array, off: number, n: number): Hasher {
    if (this.done) throw cryptoError('bad_state', 'hash already finished');
    const bl = this.blockLen;
    const buf = this.buf;
    const end = off + n;
    let pos = this.pos;
    let i = off;
    this.total += n;
    if (pos > 0) {
      // Top up the partial block first (fewer than blockLen bytes).
      const take = bl - pos < n ? bl - pos : n;
      const stop = i + take;
      for (; i < stop; i++) buf[pos++] = data[i];
      if (pos < bl) {
        this.pos = pos;
        return this;
      }
      this.compress(this.st, buf, 0, bl);
      pos = 0;
    }
    // Whole blocks straight from the input, without copying.
    const whole = end - ((end - i) % bl);
    if (whole > i) {
      this.compress(this.st, data, i, whole);
      i = whole;
    }
    for (; i < end; i++) buf[pos++] = data[i];
    this.pos = pos;
    return this;
  }

  digest(): Uint8Array {
    const out = new Uint8Array(this.outputLen);
    this.digestInto(out, 0);
    return out;
  }

  /** Finishes and writes the digest at out[off, off+outputLen) (allocates nothing). */
  digestInto(out: Uint8Array, off: number): void {
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
    const st = this.st;
    const n = this.outputLen;
    for (let i = 0, j = 0; j < n; i++, j += 4) {
      const w = st[i];
      out[off + j] = w >>> 24; out[off + j + 1] = w >>> 16; out[off + j + 2] = w >>> 8; out[off + j + 3] = w;
    }
    for (let i = 0; i < bl; i++) buf[i] = 0;
  }

  /** Makes this hasher's state a copy of src's, the same algorithm (allocates nothing). */
  copyFrom(src: MdHasher): void {
    this.st.set(src.st);
    this.buf.set(src.buf);
    this.pos = src.pos;
    this.total = src.total;
    this.done = src.done;
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
