// Unsigned big integers for RSA (2048..4096-bit moduli, their halves for CRT), no BigInt.
// A number is a Uint16Array of 16-bit limbs, least significant first, of a fixed length.
// Multiplication accumulates column sums in a Float64Array: each limb product is below 2^32 and
// a column gets at most 2n of them (n <= 256 limbs), so sums stay below 2^42, exact in a double,
// and carries are resolved once per column instead of once per product.
// Everything that can touch a secret (Montgomery multiplication, the final subtraction, table
// selection, the inverse) runs the same operations whatever the values are.
import { lengthError } from './check';

/** Montgomery context of one odd modulus, with its scratch, made once per key. */
export interface Mont {
  /** Limb count; R = 2^(16 n). */
  n: number;
  m: Uint16Array;
  /** -m^-1 mod 2^16. */
  m0: number;
  /** R^2 mod m. */
  rr: Uint16Array;
  /** Quotient limbs of the current reduction. */
  q: Uint16Array;
  /** Scratch for the final subtraction. */
  d: Uint16Array;
}

/** Big-endian bytes into `limbs` limbs; throws bad_length when the value does not fit. */
export function bnFromBytes(b: Uint8Array, limbs: number): Uint16Array {
  const r = new Uint16Array(limbs);
  let over = 0;
  for (let i = 0; i < b.length; i++) {
    const pos = b.length - 1 - i; // byte index from the least significant end
    const limb = pos >> 1;
    if (limb < limbs) r[limb] |= b[i] << ((pos & 1) << 3);
    else over |= b[i];
  }
  if (over !== 0) throw lengthError('number too large');
  return r;
}

/** Writes `a` big-endian into all of `out` (bytes beyond `a` are 0; `a` must fit). */
export function bnToBytes(a: Uint16Array, out: Uint8Array): void {
  const len = out.length;
  for (let pos = 0; pos < len; pos++) out[len - 1 - pos] = pos < 2 * a.length ? a[pos >> 1] >> ((pos & 1) << 3) : 0;
}

/** Number of significant bits (variable time: for public values and sizes). */
export function bnBitLength(a: Uint16Array): number {
  let i = a.length - 1;
  while (i >= 0 && a[i] === 0) i--;
  if (i < 0) return 0;
  let bits = 16 * i, top = a[i];
  while (top !== 0) { bits++; top >>>= 1; }
  return bits;
}

/** -1, 0 or 1 as a < b, a == b, a > b; same lengths; constant time. */
export function bnCmp(a: Uint16Array, b: Uint16Array): number {
  let res = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] - b[i];
    const s = (x >> 31) | ((-x) >>> 31); // sign of x: -1, 0 or 1
    const m = -(s & 1);                 // all ones where this limb differs
    res = (res & ~m) | (s & m);
  }
  return res;
}

/** r = a - b over r's limbs (r may alias a or b); returns the borrow, 0 or 1 (1: a < b). */
export function bnSub(r: Uint16Array, a: Uint16Array, b: Uint16Array): number {
  let c = 0;
  for (let i = 0; i < r.length; i++) {
    c = a[i] - b[i] - c;
    r[i] = c & 0xffff;
    c = (c >>> 31);
  }
  return c;
}

/** r = a + b over n limbs (r may alias a or b); returns the carry, 0 or 1. */
export function bnAdd(r: Uint16Array, a: Uint16Array, b: Uint16Array, n: number): number {
  let c = 0;
  for (let i = 0; i < n; i++) {
    c = a[i] + b[i] + c;
    r[i] = c & 0xffff;
    c >>>= 16;
  }
  return c;
}

/** r = mask ? a : r, where mask is 0 or -1, over n limbs. */
function select(r: Uint16Array, a: Uint16Array, mask: number, n: number): void {
  for (let i = 0; i < n; i++) r[i] = r[i] ^ ((r[i] ^ a[i]) & mask);
}

/** Final step of a Montgomery product: r + c R < 2m; subtract m when c is set or r >= m. */
function finish(ctx: Mont, r: Uint16Array, c: number): void {
  const borrow = bnSub(ctx.d, r, ctx.m);
  select(r, ctx.d, -(c | (borrow ^ 1)), ctx.n);
}

// The Montgomery product scans columns (product scanning) and interleaves the reduction:
// column k of a b + Q m is summed in one double `acc`; for k < n its low 16 bits fix the next
// quotient limb q[k] (which zeroes them), for k >= n they are limb k - n of the result. Limb k - n
// is written only after every column that reads a[k - n] or b[k - n]: r may alias a or b.
// Column sums stay below 2^42, so (acc / 2^16) | 0 is their exact carry (an int32 truncation, not
// %, whose fmod run time can depend on the operand). Math.imul is read once per call: global
// lookups are slow in some hosts (a Node vm context, interpreters).

/** r = a b / R mod m; a, b < m; r may alias a or b. A square (a === b) takes each cross product
 * a[i] a[j] (i < j) once and doubles it, with the reduction terms q[i] m[j] and q[j] m[i] in the
 * same loop. */
export function montMul(ctx: Mont, r: Uint16Array, a: Uint16Array, b: Uint16Array): void {
  const n = ctx.n, m = ctx.m, q = ctx.q, m0 = ctx.m0, imul = Math.imul;
  let i: number, j: number, k: number, e: number, s: number, acc = 0, hi: number;
  for (k = 0; k < 2 * n; k++) {
    // the pairs (i, j = k - i) with both below n; q[k] is not known yet: 0 until it is
    i = k < n ? 0 : k - n + 1;
    j = k - i;
    if (k < n) q[k] = 0;
    if (a === b) {
      for (s = 0; i < j; i++, j--) {
        s += a[i] * a[j];
        acc += q[i] * m[j] + q[j] * m[i];
      }
      acc += 2 * s;
      if (i === j) acc += a[i] * a[i] + q[i] * m[i];
    } else {
      for (e = k < n ? k + 1 : n; i < e; i++, j--) acc += a[i] * b[j] + q[i] * m[j];
    }
    if (k < n) {
      q[k] = imul(acc - ((acc / 65536) | 0) * 65536, m0) & 0xffff;
      acc += q[k] * m[0]; // the low 16 bits are now zero
    }
    hi = (acc / 65536) | 0;
    if (k >= n) r[k - n] = acc - hi * 65536;
    acc = hi;
  }
  finish(ctx, r, acc);
}

/** r = x / R mod m for x of up to 2n limbs below m R: leaves Montgomery form (x = a R), or with a
 * multiplication by R^3 afterwards reduces any such x (see montReduce). r may alias x. */
export function montRedc(ctx: Mont, r: Uint16Array, x: Uint16Array): void {
  const n = ctx.n, m = ctx.m, q = ctx.q, m0 = ctx.m0, ml = m[0], xl = x.length, imul = Math.imul;
  let i: number, j: number, k: number, acc = 0, lo: number, hi: number, qk: number;
  for (k = 0; k < n; k++) {
    for (i = 0, j = k; i < k; i++, j--) acc += q[i] * m[j];
    if (k < xl) acc += x[k];
    lo = acc - ((acc / 65536) | 0) * 65536;
    qk = imul(lo, m0) & 0xffff;
    q[k] = qk;
    acc = (acc + qk * ml) / 65536;
  }
  for (k = n; k < 2 * n; k++) {
    for (i = k - n + 1, j = n - 1; i < n; i++, j--) acc += q[i] * m[j];
    if (k < xl) acc += x[k];
    hi = (acc / 65536) | 0;
    r[k - n] = acc - hi * 65536;
    acc = hi;
  }
  finish(ctx, r, acc);
}

/** Context for an odd modulus m above 1 (n limbs: R = 2^(16 n)); the caller checks m and
 * leaves it unchanged. */
export function montInit(m: Uint16Array): Mont {
  const n = m.length;
  const mb = bnBitLength(m);
  // inverse of m[0] mod 2^16 by Newton's iteration: each step doubles the correct low bits
  let x = m[0];
  for (let i = 0; i < 4; i++) x = Math.imul(x, 2 - Math.imul(m[0], x)) & 0xffff;
  const ctx: Mont = {
    n: n, m: m, m0: (65536 - x) & 0xffff, rr: new Uint16Array(n),
    q: new Uint16Array(n), d: new Uint16Array(n),
  };
  // R^2 mod m: double 2^(mb-1) up to 2^(L+c) with L = 16n and c = L / 2^k (that is c R in
  // Montgomery form), then k Montgomery squarings double c up to L
  const L = 16 * n;
  let c = L, k = 0;
  while ((c & 1) === 0 && c > 32) { c >>= 1; k++; }
  const rr = ctx.rr;
  rr[(mb - 1) >> 4] = 1 << ((mb - 1) & 15);
  for (let i = mb - 1; i < L + c; i++) {
    let carry = 0;
    for (let j = 0; j < n; j++) {
      carry = (rr[j] << 1) | carry;
      rr[j] = carry & 0xffff;
      carry >>>= 16;
    }
    finish(ctx, rr, carry);
  }
  for (let i = 0; i < k; i++) montMul(ctx, rr, rr, rr);
  return ctx;
}

/** r = x mod m in Montgomery form (x R mod m), for x of up to 2n limbs below m R;
 * rrr = R^3 mod m. */
export function montReduce(ctx: Mont, r: Uint16Array, x: Uint16Array, rrr: Uint16Array): void {
  montRedc(ctx, r, x);
  montMul(ctx, r, r, rrr);
}

/** R^3 mod m, which montReduce needs. */
export function montR3(ctx: Mont): Uint16Array {
  const r = new Uint16Array(ctx.n);
  montMul(ctx, r, ctx.rr, ctx.rr);
  return r;
}

/** r = x^e for x in Montgomery form, e public and odd: square and multiply over e's bits,
 * variable time. The last step (e is odd: a multiplication) multiplies by `last`: x again gives
 * the result in Montgomery form, the plain value of x gives it plain, with no reduction step.
 * r must not alias x or last. */
export function montExpPublic(ctx: Mont, r: Uint16Array, x: Uint16Array, e: Uint16Array, last: Uint16Array): void {
  r.set(x);
  for (let i = bnBitLength(e) - 2; i >= 0; i--) {
    montMul(ctx, r, r, r);
    if ((e[i >> 4] >> (i & 15)) & 1) montMul(ctx, r, r, i ? x : last);
  }
}

/** r = x^e for x in Montgomery form, e secret (`bits` bits taken, a public bound): fixed 4-bit
 * windows, every window multiplies by a table entry picked by reading the whole table.
 * table: 16 n limbs; tmp: n limbs; r must not alias x, table or tmp. */
export function montExpSecret(ctx: Mont, r: Uint16Array, x: Uint16Array, e: Uint16Array, bits: number,
  table: Uint16Array, tmp: Uint16Array): void {
  const n = ctx.n;
  let i: number, j: number, w: number;
  // table[i] = x^i in Montgomery form; table[0] = R mod m
  montRedc(ctx, tmp, ctx.rr);
  table.set(tmp, 0);
  table.set(x, n);
  for (i = 2; i < 16; i++) {
    montMul(ctx, tmp, table.subarray((i - 1) * n, i * n), x);
    table.set(tmp, i * n);
  }
  const windows = (bits + 3) >> 2;
  r.set(table.subarray(0, n));
  for (w = windows - 1; w >= 0; w--) {
    for (i = 0; i < 4; i++) montMul(ctx, r, r, r);
    const bit = 4 * w;
    // the window's 4 bits (a window never straddles a limb: 16 is a multiple of 4)
    const idx = (e[bit >> 4] >> (bit & 15)) & 15;
    for (j = 0; j < n; j++) tmp[j] = 0;
    for (i = 0; i < 16; i++) {
      const mask = -(((i ^ idx) - 1) >>> 31);
      const off = i * n;
      for (j = 0; j < n; j++) tmp[j] |= table[off + j] & mask;
    }
    montMul(ctx, r, r, tmp);
  }
}

/** Plain product a b of two n-limb numbers into r (2n limbs, not aliasing a or b). */
export function bnMul(r: Uint16Array, a: Uint16Array, b: Uint16Array, n: number): void {
  let i: number, j: number, k: number, acc = 0, hi: number;
  for (k = 0; k < 2 * n - 1; k++) {
    for (i = k < n ? 0 : k - n + 1, j = k - i; i < n && j >= 0; i++, j--) acc += a[i] * b[j];
    hi = (acc / 65536) | 0;
    r[k] = acc - hi * 65536;
    acc = hi;
  }
  r[2 * n - 1] = acc;
}

/** a^-1 mod m (m odd, a < m, n limbs each), constant time: binary extended Euclid run for
 * a fixed 32 n steps. Returns null when gcd(a, m) != 1. */
export function bnModInv(a: Uint16Array, m: Uint16Array, n: number): Uint16Array | null {
  const u = new Uint16Array(n), v = new Uint16Array(n), x1 = new Uint16Array(n), x2 = new Uint16Array(n);
  const d = new Uint16Array(n);
  let i: number, j: number, c: number, t: number;
  u.set(a.subarray(0, n)); v.set(m.subarray(0, n)); x1[0] = 1;
  // invariants: x1 a = u and x2 a = v (mod m); v stays odd; each step halves u v
  for (i = 0; i < 32 * n; i++) {
    const odd = u[0] & 1;
    const swap = -(odd & bnSub(d, u, v)); // u odd and u < v
    for (j = 0; j < n; j++) {
      t = (u[j] ^ v[j]) & swap; u[j] ^= t; v[j] ^= t;
      t = (x1[j] ^ x2[j]) & swap; x1[j] ^= t; x2[j] ^= t;
    }
    const sub = -odd;
    // u -= v and x1 -= x2 (mod m) when u is odd
    c = 0;
    for (j = 0; j < n; j++) { c = u[j] - (v[j] & sub) - c; u[j] = c & 0xffff; c >>>= 31; }
    c = 0;
    for (j = 0; j < n; j++) { c = x1[j] - (x2[j] & sub) - c; x1[j] = c & 0xffff; c >>>= 31; }
    const back = -c;
    c = 0;
    for (j = 0; j < n; j++) { c = x1[j] + (m[j] & back) + c; x1[j] = c & 0xffff; c >>>= 16; }
    // u /= 2; x1 /= 2 mod m (add m first when x1 is odd)
    for (j = 0; j < n - 1; j++) u[j] = (u[j] >>> 1) | ((u[j + 1] & 1) << 15);
    u[n - 1] >>>= 1;
    const addM = -(x1[0] & 1);
    c = 0;
    for (j = 0; j < n; j++) { c = x1[j] + (m[j] & addM) + c; x1[j] = c & 0xffff; c >>>= 16; }
    for (j = 0; j < n - 1; j++) x1[j] = (x1[j] >>> 1) | ((x1[j + 1] & 1) << 15);
    x1[n - 1] = (x1[n - 1] >>> 1) | (c << 15);
  }
  let notOne = v[0] ^ 1;
  for (j = 1; j < n; j++) notOne |= v[j];
  return notOne === 0 ? x2 : null;
}
