// Size variant of ecfield.ts (boards with "prefer": "size"): one Montgomery engine in short loops
// serves every modulus, the prime p of a NIST curve and its group order q (ecscalar.small.ts), so
// no curve needs unrolled kernels. An element is n limbs of 22 bits, canonical (each limb in
// [0, 2^22), the value below the modulus), in a Float64Array, little-endian; field elements are
// kept in Montgomery form (a R mod p, R = 2^(22 n)). 22-bit limbs rather than 16: fewer limbs
// mean fewer loop turns in an interpreter, and a column of feMul stays exact in a double: it
// gets at most n limb products a[i] b[j] and n reduction terms m q[j], each below 2^44, plus the
// carry of the column before (below 2 n 2^22 + 1), so it stays below 2 n 2^44 + 2^31, under 2^53
// for n <= 255: P-384 has n = 18 (below 2^50), RSA-4096 (rsapub.small.ts) n = 187 (below 2^52.6). Every operation here is constant time in the values.

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

/** The arithmetic modulo an odd q > 1 given as `bytes` big-endian bytes (a curve's prime or
 * group order, or an RSA modulus of any length). */
export function fieldOf(m: Uint8Array, bytes: number): Field {
  const n = ((8 * bytes + 21) / 22) | 0, L = 22 * n;
  const f: Field = {
    n: n, bytes: bytes, q: new Float64Array(n), k: 0, one: new Float64Array(n), r2: new Float64Array(n),
    t: new Float64Array(2 * n),
  };
  const q = f.q, r = f.r2;
  feFromBytes(f, q, m, 0);
  // 1/q mod 2^22 by Newton's iteration: q0 is its own inverse mod 8, each step doubles the bits.
  const q0 = q[0];
  let inv = q0, s = 0;
  for (let i = 0; i < 4; i++) inv = low(inv * low(2 - low(q0 * inv)));
  f.k = B - inv;
  // R^2 mod q without 2 L modular doublings (too slow for RSA's 94..187 limbs in an
  // interpreter): with c = L's top 7 bits (L = c 2^s + lower bits), doubling 2^top (the lowest
  // bit of q's first non-zero byte: below q, as q is odd and above 1) up to 2^(L + c) mod q
  // gives c's exponent in Montgomery form, [2^c] = 2^c R. A Montgomery squaring doubles the
  // exponent of [2^e] and a modular doubling adds 1 to it, so L's s lower bits, from the top,
  // take it to [2^L] = R^2 mod q: under 160 doublings and s <= 6 squarings for the moduli here.
  while (L >> s >= 128) s++;
  let z = 0;
  while (m[z] === 0) z++;
  const top = 8 * (bytes - 1 - z);
  r[(top / 22) | 0] = 1 << (top % 22);
  for (let i = top; i < L + (L >> s); i++) feLin(f, r, r, r, 1);
  while (s-- > 0) {
    feMul(f, r, r, r);
    if ((L >> s) & 1) feLin(f, r, r, r, 1);
  }
  feFromMont(f, f.one, r); // R^2 / R = R mod q
  return f;
}

/** The arithmetic modulo an odd q (hex) of 2 n16 bytes. The field of a curve takes the kernels of
 * the speed build as a third argument, and has no use for them. */
export function makeField(n16: number, hex: string, kernels?: unknown): Field {
  return fieldOf(fromHex(hex), 2 * n16);
}
