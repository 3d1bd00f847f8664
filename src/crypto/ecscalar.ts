// Arithmetic modulo the group order n of a NIST curve (ECDSA's scalars). Only a handful of these
// run per signature, so they are plain loops: Montgomery multiplication for what must be
// constant time (signing), and a binary extended GCD for inverting public values (verifying).
// A scalar is `n` limbs of 16 bits, canonical (each in [0, 2^16), value below the order), in a
// Float64Array, little-endian.

export type Sc = Float64Array;

export interface ScalarField {
  n: number;
  bytes: number;
  /** The order as limbs. */
  q: Sc;
  /** -1/q mod 2^16. */
  q0inv: number;
  /** R^2 mod q with R = 2^(16 n), to enter the Montgomery domain. */
  r2: Sc;
  /** q - 2, big-endian: the exponent of constant-time inversion. */
  qMinus2: Uint8Array;
  /** Column scratch of 2 n + 2 entries for Montgomery multiplication. */
  t: Float64Array;
}

const R = 442721857769029238784; // 1.5 * 2^68
const S = 1.52587890625e-5; // 2^-16

export function scNew(s: ScalarField): Sc {
  return new Float64Array(s.n);
}

/** Limbs of big-endian bytes (exactly s.bytes of them). */
export function scFromBytes(s: ScalarField, o: Sc, b: Uint8Array, at: number): void {
  for (let i = 0; i < s.n; i++) o[i] = b[at + s.bytes - 1 - 2 * i] | (b[at + s.bytes - 2 - 2 * i] << 8);
}

export function scToBytes(s: ScalarField, out: Uint8Array, at: number, a: Sc): void {
  for (let i = 0; i < s.n; i++) {
    out[at + s.bytes - 1 - 2 * i] = a[i] & 255;
    out[at + s.bytes - 2 - 2 * i] = a[i] >> 8;
  }
}

/** -1, 0 or 1 as a compares with b (variable time: public values). */
export function scCompare(a: Sc, b: Sc): number {
  for (let i = a.length - 1; i >= 0; i--) {
    if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return 0;
}

export function scIsZero(a: Sc): boolean {
  let acc = 0;
  for (let i = 0; i < a.length; i++) acc |= a[i];
  return acc === 0;
}

/** o = a - b + borrowIn over limbs; returns the borrow out (0 or -1). Constant time. */
function subLimbs(o: Sc, a: Sc, b: Sc): number {
  let c = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] - b[i] + c;
    const h = x - 32767.5 + R - R; // x rounded down to a multiple of 2^16
    o[i] = x - h;
    c = h * S;
  }
  return c;
}

/** 1 when a < q, else 0, in constant time (for secret a). */
export function scBelowOrder(s: ScalarField, a: Sc): number {
  let borrow = 0;
  for (let i = 0; i < s.n; i++) borrow = (a[i] - s.q[i] + borrow) >> 16; // -1 or 0
  return -borrow;
}

/** o = a when bit = 1, else unchanged; no branch on bit. */
export function scSelect(o: Sc, a: Sc, bit: number): void {
  for (let i = 0; i < o.length; i++) o[i] += bit * (a[i] - o[i]);
}

/** a mod q for any a below 2^(16 n) (one conditional subtraction, as q > 2^(16 n - 1)). Constant time. */
export function scReduceOnce(s: ScalarField, a: Sc): void {
  const t = s.t.subarray(0, s.n);
  const borrow = subLimbs(t, a, s.q);
  scSelect(a, t, borrow + 1);
}

/** o = a + b mod q for canonical a, b. Constant time. */
export function scAdd(s: ScalarField, o: Sc, a: Sc, b: Sc): void {
  let c = 0;
  for (let i = 0; i < s.n; i++) {
    const x = a[i] + b[i] + c;
    const h = x - 32767.5 + R - R;
    o[i] = x - h;
    c = h * S;
  }
  // a + b < 2q: subtract q when the sum carried out or is still at least q.
  const t = s.t.subarray(0, s.n);
  const borrow = subLimbs(t, o, s.q);
  // Take t when c = 1 (the sum overflowed 2^(16 n)) or borrow = 0.
  scSelect(o, t, c | (borrow + 1));
}

/** Montgomery product o = a * b / 2^(16 n) mod q, for a, b below q. Constant time. */
export function scMont(s: ScalarField, o: Sc, a: Sc, b: Sc): void {
  const n = s.n, t = s.t, q = s.q;
  for (let i = 0; i < 2 * n + 2; i++) t[i] = 0;
  for (let i = 0; i < n; i++) {
    const ai = a[i];
    for (let j = 0; j < n; j++) t[i + j] += ai * b[j];
  }
  for (let i = 0; i < n; i++) {
    const x = t[i];
    const h = x - 32767.5 + R - R;
    const lo = x - h;
    t[i + 1] += h * S;
    // m makes t[i] + m * q[0] divisible by 2^16.
    const m = Math.imul(lo, s.q0inv) & 65535;
    t[i] = lo + m * q[0];
    for (let j = 1; j < n; j++) t[i + j] += m * q[j];
    t[i + 1] += t[i] * S;
  }
  let c = 0;
  for (let i = n; i < 2 * n; i++) {
    const x = t[i] + c;
    const h = x - 32767.5 + R - R;
    o[i - n] = x - h;
    c = h * S;
  }
  // The result is below 2q; c is its bit 16 n.
  const u = t.subarray(2 * n, 3 * n);
  const borrow = subLimbs(u, o, q);
  scSelect(o, u, c | (borrow + 1));
}

/** o = a * b mod q for canonical a, b. Constant time. */
export function scMul(s: ScalarField, o: Sc, a: Sc, b: Sc): void {
  scMont(s, o, a, b);
  scMont(s, o, o, s.r2);
}

/** o = 1/a mod q by Fermat (a^(q-2)), constant time; a canonical and nonzero. */
export function scInvCT(s: ScalarField, o: Sc, a: Sc): void {
  const am = scNew(s), acc = scNew(s), tab: Sc[] = [];
  scMont(s, am, a, s.r2); // a R
  // tab[i] = a^i R for i in 1..15; the exponent is public, so indexing by it is fine.
  tab.push(am);
  tab.push(am);
  for (let i = 2; i < 16; i++) {
    const e = scNew(s);
    scMont(s, e, tab[i - 1], am);
    tab.push(e);
  }
  let started = false;
  for (let i = 0; i < s.bytes; i++) {
    for (let half = 0; half < 2; half++) {
      const w = half === 0 ? s.qMinus2[i] >> 4 : s.qMinus2[i] & 15;
      if (started) {
        for (let k = 0; k < 4; k++) scMont(s, acc, acc, acc);
        if (w !== 0) scMont(s, acc, acc, tab[w]);
      } else if (w !== 0) {
        acc.set(tab[w]);
        started = true;
      }
    }
  }
  // Leave the Montgomery domain: multiply by plain 1.
  const one = scNew(s);
  one[0] = 1;
  scMont(s, o, acc, one);
}

/** a >>= k for 1 <= k <= 15. */
function shiftRight(a: Int32Array, k: number): void {
  const last = a.length - 1;
  for (let i = 0; i < last; i++) a[i] = (a[i] >>> k) | ((a[i + 1] << (16 - k)) & 65535);
  a[last] >>>= k;
}

/** x = x / 2^k mod q (x < q, 1 <= k <= 15): add the multiple of q that clears the low k bits. */
function halveMod(x: Int32Array, q: Int32Array, q0inv: number, k: number): void {
  const m = Math.imul(x[0], q0inv) & ((1 << k) - 1);
  let c = 0;
  for (let i = 0; i < x.length; i++) {
    const y = x[i] + m * q[i] + c; // below 2^32
    x[i] = y & 65535;
    c = y >>> 16;
  }
  shiftRight(x, k);
}

/** Shifts out the low zero bits of u (nonzero), dividing x by the same power of 2 mod q. */
function stripTwos(u: Int32Array, x: Int32Array, q: Int32Array, q0inv: number): void {
  while ((u[0] & 1) === 0) {
    let k = 1, w = u[0] >> 1;
    while (k < 15 && (w & 1) === 0) { w >>= 1; k++; }
    shiftRight(u, k);
    halveMod(x, q, q0inv, k);
  }
}

function addTo(a: Int32Array, b: Int32Array): void {
  let c = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] + b[i] + c;
    a[i] = x & 65535;
    c = x >>> 16;
  }
}

/** a -= b; both nonnegative with a >= b. */
function subFrom(a: Int32Array, b: Int32Array): void {
  let c = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] - b[i] - c;
    a[i] = x & 65535;
    c = (x >> 16) & 1;
  }
}

function cmp(a: Int32Array, b: Int32Array): number {
  for (let i = a.length - 1; i >= 0; i--) {
    if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return 0;
}

function isOne(a: Int32Array): boolean {
  if (a[0] !== 1) return false;
  for (let i = 1; i < a.length; i++) if (a[i] !== 0) return false;
  return true;
}

/** o = 1/a mod q by the binary extended Euclidean algorithm: variable time, for public a only
 * (an ECDSA signature's s). a canonical and nonzero. */
export function scInvPublic(s: ScalarField, o: Sc, a: Sc): void {
  const n = s.n + 1; // one spare limb: x + m q may pass 2^(16 n)
  const u = new Int32Array(n), v = new Int32Array(n), x1 = new Int32Array(n), x2 = new Int32Array(n),
    q = new Int32Array(n);
  for (let i = 0; i < s.n; i++) { u[i] = a[i]; v[i] = s.q[i]; q[i] = s.q[i]; }
  x1[0] = 1;
  // Invariants: x1 a = u and x2 a = v (mod q); gcd(u, v) = 1; v stays odd.
  stripTwos(u, x1, q, s.q0inv);
  while (!isOne(u) && !isOne(v)) {
    if (cmp(u, v) >= 0) {
      subFrom(u, v);
      if (cmp(x1, x2) < 0) addTo(x1, q);
      subFrom(x1, x2);
      stripTwos(u, x1, q, s.q0inv);
    } else {
      subFrom(v, u);
      if (cmp(x2, x1) < 0) addTo(x2, q);
      subFrom(x2, x1);
      stripTwos(v, x2, q, s.q0inv);
    }
  }
  const r = isOne(u) ? x1 : x2;
  for (let i = 0; i < s.n; i++) o[i] = r[i];
}

/** Makes a ScalarField from the order q (hex, 2 n bytes). */
export function makeScalarField(n: number, qHex: string): ScalarField {
  const bytes = 2 * n;
  const qb = new Uint8Array(bytes);
  for (let i = 0; i < bytes; i++) qb[i] = parseInt(qHex.substr(2 * i, 2), 16);
  const s: ScalarField = {
    n: n, bytes: bytes, q: new Float64Array(n), q0inv: 0, r2: new Float64Array(n),
    qMinus2: qb, t: new Float64Array(3 * n + 2),
  };
  scFromBytes(s, s.q, qb, 0);
  const q0 = s.q[0];
  // Newton's iteration for 1/q0 mod 2^16 (q0 odd): each step doubles the correct bits.
  let inv = q0;
  for (let i = 0; i < 4; i++) inv = Math.imul(inv, 2 - Math.imul(q0, inv)) & 65535;
  s.q0inv = (65536 - inv) & 65535;
  // q - 2 (q is odd and its last byte is above 2 for both curves).
  s.qMinus2 = new Uint8Array(qb);
  s.qMinus2[bytes - 1] -= 2;
  // R mod q = 2^(16 n) - q, doubled 16 n times mod q gives R^2 mod q.
  const r = s.r2;
  const zero = new Float64Array(n);
  subLimbs(r, zero, s.q);
  for (let i = 0; i < 16 * n; i++) scAdd(s, r, r, r);
  return s;
}
