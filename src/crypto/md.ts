// The Merkle-Damgard frame shared by SHA-1, SHA-256 and SHA-384/512: block buffering, padding
// with a big-endian bit length, and a big-endian digest of the first state words. Each hash
// only supplies its compression function and initial state.
import type { Hasher, HashAlgorithm } from './provider';
import { cryptoError } from '../errors';

/** Runs the compression function over the blocks data[off..end) (end - off is a multiple of
 * the block length), updating `state` in place. */
export type Compress = (state: Int32Array, data: Uint8Array, off: number, end: number) => void;

function checkLive(h: MdHasher): void {
  if (h.done) throw cryptoError('bad_state', 'hash already finished');
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
    checkLive(this);
    const bl = this.blockLen;
    const buf = this.buf;
    const end = off + n;
    let pos = this.pos;
    let i = off;
    this.total += n;
    // Top up a partial block first; whole blocks then go straight from the input, uncopied.
    while (pos > 0 && i < end) {
      buf[pos++] = data[i++];
      if (pos === bl) {
        this.compress(this.st, buf, 0, bl);
        pos = 0;
      }
    }
    const whole = end - ((end - i) % bl);
    if (whole > i) {
      this.compress(this.st, data, i, whole);
      i = whole;
    }
    while (i < end) buf[pos++] = data[i++];
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
    checkLive(this);
    this.done = true;
    const bl = this.blockLen;
    const buf = this.buf;
    const st = this.st;
    let pos = this.pos;
    buf[pos++] = 0x80;
    // The length field is 8 bytes for 64-byte blocks and 16 for SHA-384/512's 128-byte ones.
    if (pos > bl - (bl >> 3)) {
      while (pos < bl) buf[pos++] = 0;
      this.compress(st, buf, 0, bl);
      pos = 0;
    }
    while (pos < bl - 8) buf[pos++] = 0;
    // The bit length in the last 64 bits (the zeros above are the top half of a 128-bit field).
    const hi = Math.floor(this.total / 536870912);
    const lo = (this.total * 8) % 4294967296;
    for (let i = 0; i < 8; i++) buf[pos + i] = (i < 4 ? hi : lo) >>> (24 - 8 * (i & 3));
    this.compress(st, buf, 0, bl);
    for (let i = 0; i < this.outputLen; i++) out[off + i] = st[i >> 2] >>> (24 - 8 * (i & 3));
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
    const c = new MdHasher(this.compress, this.blockLen, this.outputLen, new Int32Array(this.st.length));
    c.copyFrom(this);
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
