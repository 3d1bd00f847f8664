// Size variant of ecfield.ts (boards with "prefer": "size"): one Montgomery engine in short loops
// serves every modulus, the prime p of a NIST curve and its group order q (ecscalar.small.ts), so
// no curve needs unrolled kernels. An element is n limbs of 22 bits, canonical (each limb in
// [0, 2^22), the value below the modulus), in a Float64Array, little-endian; field elements are
// kept in Montgomery form (a R mod p, R = 2^(22 n)). 22-bit limbs rather than 16: a product
// column stays below 2 n 2^44 < 2^50 even for P-384 (n = 18), exact in doubles, and fewer limbs
// mean fewer loop turns in an interpreter. Every operation here is constant time in the values.

export type Fe = Float64Array;

export interface Field {
  /** Limbs. */
  n: number;
  /** Bytes of an encoded element. */
  bytes: number;
  /** The modulus. */
  q: Fe;
  /** -1/q mod 2^22. */
  k: number;
  /** R mod q (1 in Montgomery form) and R^2 mod q (to enter it). */
  one: Fe;
  r2: Fe;
  /** Scratch: 2 n columns for products, then the final subtraction's limbs. */
  t: Fe;
}

import { fromHex } from '../bytes';

const B = 4194304; // 2^22
const S = 1 / B;
const floor = Math.floor;

/** o = a when bit is 1, unchanged when bit is 0 (bit 0 or 1); no branch on bit. */
export function feSelect(o: Fe, a: Fe, bit: number): void {
  for (let i = 0; i < o.length; i++) o[i] += bit * (a[i] - o[i]);
}

/** 1 when a < q, else 0 (a canonical limbs). */
export function feBelow(f: Field, a: Fe): number {
  let b = 0;
  for (let i = 0; i < f.n; i++) b = floor((a[i] - f.q[i] + b) * S); // the borrow: -1 or 0
  return -b;
}

/** o = a + k b mod q for k = 1, -1 or 0 (then a mod q, for a below 2q). o may be a or b. */
export function feLin(f: Field, o: Fe, a: Fe, b: Fe, k: number): void {
  const u = f.t;
  let c = 0, d = 0;
  for (let i = 0; i < f.n; i++) {
    // Adding q first when subtracting keeps the value V in [0, 2q).
    const x = a[i] + k * b[i] + (k < 0 ? f.q[i] : 0) + c;
    c = floor(x * S);
    o[i] = x - c * B;
    // u = V - q alongside, with its own borrow d.
    const y = o[i] - f.q[i] + d;
    d = floor(y * S);
    u[i] = y - d * B;
  }
  // V = o + c 2^(22 n) and V - q = u + (c + d) 2^(22 n): c + d is 0 when V >= q, -1 when not.
  feSelect(o, u, c + d + 1);
}

/** a mod q for a below 2q. */
export function feReduce(f: Field, a: Fe): void {
  feLin(f, a, a, a, 0);
}

/** x mod 2^22 for an integer 0 <= |x| < 2^53. */
function low(x: number): number {
  return x - floor(x * S) * B;
}

/** Montgomery product o = a b / R mod q. o may be a or b. */
export function feMul(f: Field, o: Fe, a: Fe, b: Fe): void {
  const n = f.n, t = f.t, q = f.q;
  let i = 0, j = 0, c = 0, d = 0;
  t.fill(0);
  for (i = 0; i < n; i++) {
    const x = a[i];
    for (j = 0; j < n; j++) t[i + j] += x * b[j];
  }
  for (i = 0; i < n; i++) {
    // m q makes column i divisible by 2^22; it then carries into column i + 1.
    const m = low(low(t[i]) * f.k);
    for (j = 0; j < n; j++) t[i + j] += m * q[j];
    t[i + 1] += t[i] * S;
  }
  // The result, below 2q, and it minus q (into t's low half, free now), as in feLin.
  for (i = 0; i < n; i++) {
    const x = t[n + i] + c;
    c = floor(x * S);
    o[i] = x - c * B;
    const y = o[i] - q[i] + d;
    d = floor(y * S);
    t[i] = y - d * B;
  }
  feSelect(o, t, c + d + 1);
}

/** o = a^(q-2) = 1/a (0 for 0), Montgomery form in and out; o may be a. Square and multiply
 * over the bits of the public exponent: the same steps for every a. */
export function feInv(f: Field, o: Fe, a: Fe): void {
  const acc = new Float64Array(f.n);
  acc.set(f.one);
  for (let i = 22 * f.n - 1; i >= 0; i--) {
    const j = (i / 22) | 0;
    feMul(f, acc, acc, acc);
    // Limb j of q - 2 (q's low limb is at least 2 for every modulus here).
    if ((((f.q[j] - (j === 0 ? 2 : 0)) >> (i % 22)) & 1) !== 0) feMul(f, acc, acc, a);
  }
  o.set(acc);
}

/** o = a / R: from Montgomery form to the plain value. */
export function feFromMont(f: Field, o: Fe, a: Fe): void {
  const one = new Float64Array(f.n);
  one[0] = 1;
  feMul(f, o, a, one);
}

/** Limbs of f.bytes big-endian bytes at b[at]; false when the value is not below q. */
export function feFromBytes(f: Field, o: Fe, b: Uint8Array, at: number): boolean {
  o.fill(0);
  for (let i = 0; i < 8 * f.bytes; i++) o[(i / 22) | 0] += ((b[at + f.bytes - 1 - (i >> 3)] >> (i & 7)) & 1) << (i % 22);
  return feBelow(f, o) === 1;
}

/** Big-endian bytes of canonical limbs into out[at..at + f.bytes). */
export function feToBytes(f: Field, out: Uint8Array, at: number, a: Fe): void {
  for (let i = 0; i < f.bytes; i++) {
    let v = 0;
    for (let j = 0; j < 8; j++) v |= ((a[((8 * i + j) / 22) | 0] >> ((8 * i + j) % 22)) & 1) << j;
    out[at + f.bytes - 1 - i] = v;
  }
}

/** The arithmetic modulo an odd q (hex) of 2 n16 bytes. The field of a curve takes the kernels of
 * the speed build as a third argument, and has no use for them. */
export function makeField(n16: number, hex: string, kernels?: unknown): Field {
  const bytes = 2 * n16, n = ((8 * bytes + 21) / 22) | 0;
  const f: Field = {
    n: n, bytes: bytes, q: new Float64Array(n), k: 0, one: new Float64Array(n), r2: new Float64Array(n),
    t: new Float64Array(2 * n),
  };
  feFromBytes(f, f.q, fromHex(hex), 0);
  // 1/q mod 2^22 by Newton's iteration: q0 is its own inverse mod 8, each step doubles the bits.
  const q0 = f.q[0];
  let inv = q0;
  for (let i = 0; i < 4; i++) inv = low(inv * low(2 - low(q0 * inv)));
  f.k = B - inv;
  // R mod q and R^2 mod q by doubling 1.
  const r = f.r2;
  r[0] = 1;
  for (let i = 1; i <= 44 * n; i++) {
    feLin(f, r, r, r, 1);
    if (i === 22 * n) f.one.set(r);
  }
  return f;
}

