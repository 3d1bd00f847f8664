// Arithmetic modulo the group order n of a NIST curve (ECDSA's scalars). Only a handful of these
// run per signature, so they are plain loops, all constant time: Montgomery multiplication and
// Bernstein-Yang inversion.
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
  /** -1/q mod 2^30, for the divstep inversion. */
  qInvNeg30: number;
  /** Column scratch of 2 n + 2 entries for Montgomery multiplication. */
  t: Float64Array;
}

const R = 442721857769029238784; // 1.5 * 2^68
const S = 1.52587890625e-5; // 2^-16
const BATCH = 30;

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

// Constant-time inversion by Bernstein-Yang divsteps ("Fast constant-time gcd computation and
// modular inversion", 2019, section 11): a fixed number of divsteps, in batches of 30 that look
// only at the low 32 bits of f and g and collect a 2x2 transition matrix (entries below 2^30),
// which is then applied to the full numbers. These are `n + 2` limbs, each in [0, 2^16) but the
// top one, which carries the sign.

/** Floor-carries a (limbs of either sign, below 2^52) so every limb but the top is in [0, 2^16). */
function normFloor(a: Float64Array): void {
  let c = 0;
  const top = a.length - 1;
  for (let i = 0; i < top; i++) {
    const x = a[i] + c;
    const h = x - 32767.5 + R - R;
    a[i] = x - h;
    c = h * S;
  }
  a[top] += c;
}

/** a = a / 2^30 for a normalized a that 2^30 divides. */
function shift30(a: Float64Array): void {
  const top = a.length - 1;
  for (let i = 0; i < top - 1; i++) a[i] = (a[i + 1] >> 14) + ((a[i + 2] & 0x3fff) << 2);
  a[top - 1] = (a[top] >> 14) & 65535;
  a[top] = a[top] >> 30;
}

/** o = (a x + b y) / 2^30, exact (the new f or g). */
function combineExact(o: Float64Array, x: Float64Array, y: Float64Array, a: number, b: number): void {
  for (let i = 0; i < o.length; i++) o[i] = a * x[i] + b * y[i];
  normFloor(o);
  shift30(o);
}

/** o = o + k q (|k| < 2^30), normalized. */
function addQ(s: ScalarField, o: Float64Array, k: number): void {
  for (let i = 0; i < s.n; i++) o[i] += k * s.q[i];
  normFloor(o);
}

/** o = (a x + b y) / 2^30 mod q (the new d or e). As |a| + |b| <= 2^30, |o| < max(|x|, |y|) + q:
 * d and e grow by less than q per batch and are reduced once at the end. */
function combineMod(s: ScalarField, o: Float64Array, x: Float64Array, y: Float64Array, a: number, b: number): void {
  for (let i = 0; i < o.length; i++) o[i] = a * x[i] + b * y[i];
  normFloor(o);
  // Adding m q with m = -o / q mod 2^30 clears the low 30 bits.
  const m = Math.imul(o[0] + (o[1] & 0x3fff) * 65536, s.qInvNeg30) & 0x3fffffff;
  addQ(s, o, m);
  shift30(o);
}

/** o = 1/a mod q in constant time; a canonical and nonzero. */
export function scInv(s: ScalarField, o: Sc, a: Sc): void {
  const len = s.n + 2;
  let f = new Float64Array(len), g = new Float64Array(len), d = new Float64Array(len), e = new Float64Array(len);
  let f2 = new Float64Array(len), g2 = new Float64Array(len), d2 = new Float64Array(len), e2 = new Float64Array(len);
  const t = new Float64Array(len);
  for (let i = 0; i < s.n; i++) { f[i] = s.q[i]; g[i] = a[i]; }
  e[0] = 1;
  // Invariants: f = d a and g = e a (mod q), f odd. After floor((49 bits + 57) / 17) divsteps
  // (741 for 256 bits, 1110 for 384) g = 0 and f = +-1.
  const bits = 16 * s.n;
  const batches = (((49 * bits + 57) / 17 | 0) + BATCH - 1) / BATCH | 0;
  let delta = 1;
  for (let bt = 0; bt < batches; bt++) {
    let u = 1, v = 0, q = 0, r = 1;
    // The low 30 bits of f and g, kept in [0, 2^30) so no operation leaves int32 (engines such as
    // Espruino do not wrap like the spec): step i needs only bit 0 of g, valid while i < 30.
    let fl = f[0] + (f[1] & 0x3fff) * 65536, gl = g[0] + (g[1] & 0x3fff) * 65536;
    for (let i = 0; i < BATCH; i++) {
      // A divstep: when delta > 0 and g is odd, (delta, f, g) = (1 - delta, g, (g - f) / 2);
      // else when g is odd, (1 + delta, f, (g + f) / 2); else (1 + delta, f, g / 2). Written as a
      // masked swap-and-negate followed by the second case.
      const odd = -(gl & 1);
      const sw = ((-delta) >> 31) & odd;
      let x = (fl ^ gl) & sw;
      fl ^= x; gl ^= x;
      x = (u ^ q) & sw; u ^= x; q ^= x;
      x = (v ^ r) & sw; v ^= x; r ^= x;
      gl = ((gl ^ sw) - sw) & 0x3fffffff; q = (q ^ sw) - sw; r = (r ^ sw) - sw; delta = (delta ^ sw) - sw;
      gl = (gl + (fl & odd)) & 0x3fffffff; q += u & odd; r += v & odd;
      gl >>= 1; u <<= 1; v <<= 1; delta++;
    }
    combineExact(f2, f, g, u, v);
    combineExact(g2, f, g, q, r);
    combineMod(s, d2, d, e, u, v);
    combineMod(s, e2, d, e, q, r);
    let sw2 = f; f = f2; f2 = sw2;
    sw2 = g; g = g2; g2 = sw2;
    sw2 = d; d = d2; d2 = sw2;
    sw2 = e; e = e2; e2 = sw2;
  }
  // 1/a = f d with f = +-1 and |d| < (batches + 1) q < 64 q: add 64 q, then subtract 64 q, 32 q,
  // ..., q wherever that leaves it nonnegative.
  const sign = 1 + 2 * (f[len - 1] >> 31); // -1 when f < 0
  for (let i = 0; i < len; i++) d[i] *= sign;
  addQ(s, d, 64);
  for (let k = 64; k >= 1; k >>= 1) {
    t.set(d);
    addQ(s, t, -k);
    const take = 1 + (t[len - 1] >> 31); // 1 when d - k q >= 0
    for (let i = 0; i < len; i++) d[i] += take * (t[i] - d[i]);
  }
  for (let i = 0; i < s.n; i++) o[i] = d[i];
}

/** Makes a ScalarField from the order q (hex, 2 n bytes). */
export function makeScalarField(n: number, qHex: string): ScalarField {
  const bytes = 2 * n;
  const qb = new Uint8Array(bytes);
  for (let i = 0; i < bytes; i++) qb[i] = parseInt(qHex.substr(2 * i, 2), 16);
  const s: ScalarField = {
    n: n, bytes: bytes, q: new Float64Array(n), q0inv: 0, r2: new Float64Array(n),
    qInvNeg30: 0, t: new Float64Array(3 * n + 2),
  };
  scFromBytes(s, s.q, qb, 0);
  const q0 = s.q[0];
  // Newton's iteration for 1/q0 mod 2^16 (q0 odd): each step doubles the correct bits.
  let inv = q0;
  for (let i = 0; i < 4; i++) inv = Math.imul(inv, 2 - Math.imul(q0, inv)) & 65535;
  s.q0inv = (65536 - inv) & 65535;
  const q32 = s.q[0] | (s.q[1] << 16);
  let inv32 = q32;
  for (let i = 0; i < 5; i++) inv32 = Math.imul(inv32, 2 - Math.imul(q32, inv32));
  s.qInvNeg30 = (-inv32) & 0x3fffffff;
  // R mod q = 2^(16 n) - q, doubled 16 n times mod q gives R^2 mod q.
  const r = s.r2;
  const zero = new Float64Array(n);
  subLimbs(r, zero, s.q);
  for (let i = 0; i < 16 * n; i++) scAdd(s, r, r, r);
  return s;
}
