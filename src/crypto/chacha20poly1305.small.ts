// ChaCha20-Poly1305 (RFC 8439), the size variant of chacha20poly1305.ts (same exports and
// answers): the quarter rounds and Poly1305's limb products are loops instead of written out.
// Poly1305 works modulo 2^130 - 5 on ten 13-bit limbs: a column of ten limb products (with the
// factor 5 of the wrap-around) stays below 2^34, exact in a double on every engine; no branch
// or table index depends on a secret.
import { checkLength } from './check';
import { AeadKey, encryptThenMac } from './aead';
import { polyCarry } from './poly1305';
import { asciiInto } from '../bytes';

/** The quarter round on x[a], x[b], x[c], x[d] (RFC 8439 section 2.1). */
function qr(x: Int32Array, a: number, b: number, c: number, d: number): void {
  let t: number;
  x[a] += x[b]; t = x[d] ^ x[a]; x[d] = (t << 16) | (t >>> 16);
  x[c] += x[d]; t = x[b] ^ x[c]; x[b] = (t << 12) | (t >>> 20);
  x[a] += x[b]; t = x[d] ^ x[a]; x[d] = (t << 8) | (t >>> 24);
  x[c] += x[d]; t = x[b] ^ x[c]; x[b] = (t << 7) | (t >>> 25);
}

/** One ChaCha20 block (RFC 8439 section 2.3): 20 rounds of inp plus inp, little-endian into out. */
function chachaBlock(inp: Int32Array, x: Int32Array, out: Uint8Array): void {
  x.set(inp);
  for (let i = 0; i < 10; i++) {
    qr(x, 0, 4, 8, 12); qr(x, 1, 5, 9, 13); qr(x, 2, 6, 10, 14); qr(x, 3, 7, 11, 15);
    qr(x, 0, 5, 10, 15); qr(x, 1, 6, 11, 12); qr(x, 2, 7, 8, 13); qr(x, 3, 4, 9, 14);
  }
  // The sums wrap in the Int32Array before any bitwise operator sees them.
  for (let i = 0; i < 16; i++) x[i] += inp[i];
  for (let i = 0; i < 64; i++) out[i] = x[i >> 2] >>> (8 * (i & 3));
}

// Poly1305 state in one Int32Array: h limbs at 0..9, r limbs at 10..19, products at 20..29,
// and at 30 + 9 + k for k in -9..9 the factor of limb product h_j * r at column j + k: r_k, or
// 5 r_(k+10) for k < 0 (limbs that land at 2^130 and above wrap with 5, as 2^130 = 5 mod p).
const P_R = 10;
const P_D = 20;
const P_F = 39;

/** Adds the 16 bytes b[p..) and the bit 2^(128 + 8 * hi) as 13-bit limbs to st[o, o+10). */
function addLimbs(st: Int32Array, o: number, b: Uint8Array, p: number, hi: number): void {
  let acc = 0, bits = 0, k = 0;
  for (let i = 0; i < 10; i++) {
    for (; bits < 13; bits += 8, k++) acc |= (k < 16 ? b[p + k] : k === 16 ? hi : 0) << bits;
    st[o + i] += acc & 0x1fff;
    acc >>>= 13;
    bits -= 13;
  }
}

/** h = (h + block) * r mod 2^130 - 5 for the full block b[p, p+16). */
function polyBlock(st: Int32Array, b: Uint8Array, p: number): void {
  addLimbs(st, 0, b, p, 1);
  let c = 0;
  for (let i = 0; i < 10; i++) {
    let d = c;
    for (let j = 0; j < 10; j++) d += st[j] * st[P_F + i - j];
    c = (d / 8192) | 0;
    st[P_D + i] = d & 0x1fff;
  }
  for (let i = 0; i < 10; i++) st[i] = st[P_D + i];
  c = st[0] + 5 * c;
  st[0] = c & 0x1fff;
  st[1] += c >>> 13;
}

/** Absorbs b[p, p+len) zero-padded to whole blocks (pad: 16-byte scratch). */
function polyPadded(st: Int32Array, b: Uint8Array, p: number, len: number, pad: Uint8Array): void {
  for (let q = 0; q < len; q += 16) {
    if (len - q >= 16) {
      polyBlock(st, b, p + q);
    } else {
      for (let i = 0; i < 16; i++) pad[i] = q + i < len ? b[p + q + i] : 0;
      polyBlock(st, pad, 0);
    }
  }
}

/** Writes the tag ((h mod 2^130-5) + s mod 2^128) to out[0, 16). */
function polyFinish(st: Int32Array, s: Uint8Array, out: Uint8Array): void {
  polyCarry(st);
  // g = h + 5: if it reaches 2^130 (a carry out of the top limb), h >= p and the answer is
  // g - 2^130, its limbs; chosen by mask, not by branch.
  let c = 5;
  for (let i = 0; i < 10; i++) {
    const v = st[i] + c;
    c = v >>> 13;
    st[P_D + i] = v & 0x1fff;
  }
  for (let i = 0; i < 10; i++) st[i] ^= (st[i] ^ st[P_D + i]) & -c;
  // The low 128 bits of h as bytes, plus s, carried along.
  c = 0;
  for (let j = 0; j < 16; j++) {
    const q = 8 * j, i = (q / 13) | 0, sh = q - 13 * i;
    const v = (((st[i] >>> sh) | (st[i + 1] << (13 - sh))) & 255) + s[j] + c;
    out[j] = v;
    c = v >>> 8;
  }
}

/** A ChaCha20-Poly1305 key (32 bytes) for 12-byte nonces and 16-byte tags. */
export function chacha20Poly1305Key(key: Uint8Array): AeadKey {
  checkLength(key, 32, 'ChaCha20-Poly1305 key');
  // Block input: "expand 32-byte k", key, counter, nonce (little-endian words).
  const inp = new Int32Array(16);
  /** Little-endian words of b[0, 4n) into inp[o, o+n). */
  function words(b: Uint8Array, o: number, n: number): void {
    for (let i = 0; i < 4 * n; i++) inp[o + (i >> 2)] = (i & 3 ? inp[o + (i >> 2)] : 0) | (b[i] << (8 * (i & 3)));
  }
  const ks = new Uint8Array(64);
  asciiInto(ks, 0, 'expand 32-byte k');
  words(ks, 0, 4);
  words(key, 4, 8);
  const x = new Int32Array(16);
  const st = new Int32Array(P_F + 10);
  const pad = new Uint8Array(16);
  const tag = new Uint8Array(16);
  // Poly1305's s: block 0's bytes 16..32, kept apart from the keystream that follows.
  const sk = new Uint8Array(16);

  /** Sets the nonce, derives the one-time Poly1305 key from block 0 and absorbs the aad. */
  function begin(nonce: Uint8Array, aad: Uint8Array, aadOff: number, aadLen: number): void {
    inp[12] = 0;
    words(nonce, 13, 3);
    chachaBlock(inp, x, ks);
    sk.set(ks.subarray(16, 32));
    // r: the first 16 bytes clamped (RFC 8439 section 2.5).
    for (let i = 3; i < 16; i += 4) {
      ks[i] &= 15;
      if (i < 15) ks[i + 1] &= 252;
    }
    for (let i = 0; i < P_R + 10; i++) st[i] = 0;
    addLimbs(st, P_R, ks, 0, 0);
    for (let k = -9; k < 10; k++) st[P_F + k] = k < 0 ? 5 * st[P_R + 10 + k] : st[P_R + k];
    polyPadded(st, aad, aadOff, aadLen, pad);
  }

  /** Absorbs the two little-endian 64-bit lengths and returns the tag. */
  function finish(aadLen: number, len: number): Uint8Array {
    for (let i = 0; i < 16; i++) pad[i] = (i & 7) < 4 ? (i < 8 ? aadLen : len) >>> (8 * (i & 3)) : 0;
    polyBlock(st, pad, 0);
    polyFinish(st, sk, tag);
    return tag;
  }

  /** XORs the keystream from block 1 on into buf[off, off+len). */
  function crypt(buf: Uint8Array, off: number, len: number): void {
    for (let p = 0; p < len; p++) {
      if ((p & 63) === 0) {
        inp[12] = (p >>> 6) + 1;
        chachaBlock(inp, x, ks);
      }
      buf[off + p] ^= ks[p & 63];
    }
  }

  function mac(buf: Uint8Array, off: number, len: number): void {
    polyPadded(st, buf, off, len, pad);
  }

  return encryptThenMac(begin, crypt, mac, finish);
}
