// Points of a short Weierstrass curve y^2 = x^3 - 3x + b over the fields of ecfield.ts (P-256,
// P-384), in Jacobian coordinates (x = X/Z^2, y = Y/Z^3). Three scalar multiplications:
// - ctMul (ECDH), secret scalar times any point: a fixed 4-bit window over a recoding whose
//   digits are all odd (never zero), so every step does the same four doublings and one mixed
//   addition, the table entry is read by a masked sweep over the whole table, and no branch
//   depends on the scalar;
// - ctMulBase (key generation, signing), secret scalar times G: a signed comb over a table of G
//   made once, with the same constant-time properties and a quarter of the doublings;
// - mulAddCheckX (verification, public data only): u1 G + u2 Q by interleaved width-w NAF with a
//   cached affine table of odd multiples of G.
// Formulas: dbl-2001-b, add-2007-bl and madd-2007-bl of the Explicit-Formulas Database.

import {
  Fe, Field, feAdd, feSub, feScale, feSetInt, feSelect, feIsZero, feInv,
  feFromBytes, feToBytes, feEqual,
} from './ecfield';
import { ScalarField, Sc, scSelect, scFromBytes, scCompare } from './ecscalar';

export interface Jac { x: Fe; y: Fe; z: Fe }

export interface Curve {
  name: string;
  f: Field;
  s: ScalarField;
  b: Fe;
  g: Jac;
  /** Width of the NAF for G in verification, and its table (filled on first use). */
  gWidth: number;
  gTable: Jac[];
  /** The comb table of G for constant-time multiplication (made on first use). */
  comb: Float64Array | null;
  /** Scratch elements for the formulas. */
  t: Fe[];
  /** H of the last addition (zero when its inputs had equal x). */
  h: Fe;
}

export function jacNew(f: Field): Jac {
  return { x: new Float64Array(f.n), y: new Float64Array(f.n), z: new Float64Array(f.n) };
}

function jacCopy(o: Jac, p: Jac): void {
  o.x.set(p.x);
  o.y.set(p.y);
  o.z.set(p.z);
}

/** o = 2 p (o may be p). 3M + 5S. */
export function jacDbl(c: Curve, o: Jac, p: Jac): void {
  const f = c.f, t = c.t, delta = t[0], gamma = t[1], beta = t[2], alpha = t[3], u = t[4], x3 = t[5];
  f.sqr(delta, p.z);
  f.sqr(gamma, p.y);
  f.mul(beta, p.x, gamma);
  // alpha = 3 (X - delta)(X + delta)
  f.lin(alpha, p.x, 3, delta, -3);
  f.lin(u, p.x, 1, delta, 1);
  f.mul(alpha, alpha, u);
  // Z3 = (Y + Z)^2 - gamma - delta
  f.lin(u, p.y, 1, p.z, 1);
  f.sqr(u, u);
  f.lin(u, u, 1, gamma, -1);
  f.carryLin(o.z, u, delta, -1);
  // X3 = alpha^2 - 8 beta
  f.sqr(x3, alpha);
  f.carryLin(x3, x3, beta, -8);
  // Y3 = alpha (4 beta - X3) - 8 gamma^2
  f.lin(beta, beta, 4, x3, -1);
  f.mul(beta, alpha, beta);
  f.sqr(gamma, gamma);
  f.carryLin(o.y, beta, gamma, -8);
  o.x.set(x3);
}

/** o = p + q for p != +-q, both not at infinity (o may be p or q). 11M + 5S. Leaves H in c.h. */
export function jacAdd(c: Curve, o: Jac, p: Jac, q: Jac): void {
  const f = c.f, t = c.t, z1z1 = t[0], z2z2 = t[1], u1 = t[2], u2 = t[3], s1 = t[4], s2 = t[5],
    h = c.h, i = t[6], j = t[7], r = t[8], v = t[9];
  f.sqr(z1z1, p.z);
  f.sqr(z2z2, q.z);
  f.mul(u1, p.x, z2z2);
  f.mul(u2, q.x, z1z1);
  f.mul(s1, p.y, q.z);
  f.mul(s1, s1, z2z2);
  f.mul(s2, q.y, p.z);
  f.mul(s2, s2, z1z1);
  f.lin(h, u2, 1, u1, -1);
  f.lin(i, h, 2, h, 0);
  f.sqr(i, i);
  f.mul(j, h, i);
  f.lin(r, s2, 2, s1, -2);
  f.mul(v, u1, i);
  // Z3 = ((Z1 + Z2)^2 - Z1Z1 - Z2Z2) H, before o.z may overwrite p.z or q.z.
  f.lin(u2, p.z, 1, q.z, 1);
  f.sqr(u2, u2);
  f.lin(z1z1, z1z1, 1, z2z2, 1);
  f.lin(u2, u2, 1, z1z1, -1);
  f.mul(o.z, u2, h);
  // X3 = r^2 - J - 2 V
  f.sqr(u2, r);
  f.lin(u2, u2, 1, j, -1);
  f.carryLin(u2, u2, v, -2);
  // Y3 = r (V - X3) - 2 S1 J
  f.lin(v, v, 1, u2, -1);
  f.mul(v, r, v);
  f.mul(s1, s1, j);
  f.carryLin(o.y, v, s1, -2);
  o.x.set(u2);
}

/** o = p + (qx, qy) with the second point affine, p != +-q, p not at infinity (o may be p).
 * 7M + 4S. Leaves H in c.h. */
export function jacAddAffine(c: Curve, o: Jac, p: Jac, qx: Fe, qy: Fe): void {
  const f = c.f, t = c.t, z1z1 = t[0], u2 = t[1], s2 = t[2], h = c.h, hh = t[3], i = t[4], j = t[5],
    r = t[6], v = t[7];
  f.sqr(z1z1, p.z);
  f.mul(u2, qx, z1z1);
  f.mul(s2, qy, p.z);
  f.mul(s2, s2, z1z1);
  f.lin(h, u2, 1, p.x, -1);
  f.sqr(hh, h);
  f.lin(i, hh, 4, hh, 0);
  f.mul(j, h, i);
  f.lin(r, s2, 2, p.y, -2);
  f.mul(v, p.x, i);
  f.mul(s2, p.y, j); // Y1 J, while p.y is still there
  // Z3 = (Z1 + H)^2 - Z1Z1 - HH
  f.lin(u2, p.z, 1, h, 1);
  f.sqr(u2, u2);
  f.lin(u2, u2, 1, z1z1, -1);
  f.carryLin(o.z, u2, hh, -1);
  // X3 = r^2 - J - 2 V
  f.sqr(u2, r);
  f.lin(u2, u2, 1, j, -1);
  f.carryLin(u2, u2, v, -2);
  // Y3 = r (V - X3) - 2 Y1 J
  f.lin(v, v, 1, u2, -1);
  f.mul(v, r, v);
  f.carryLin(o.y, v, s2, -2);
  o.x.set(u2);
}

/** Affine coordinates of p (not at infinity) as big-endian bytes into out at `at` (x) and at + bytes (y). */
export function jacToAffineBytes(c: Curve, out: Uint8Array, at: number, p: Jac, withY: boolean): void {
  const f = c.f, zi = c.t[10], z2 = c.t[11], x = c.t[12];
  feInv(f, zi, p.z);
  f.sqr(z2, zi);
  f.mul(x, p.x, z2);
  feToBytes(f, out, at, x);
  if (withY) {
    f.mul(z2, z2, zi);
    f.mul(x, p.y, z2);
    feToBytes(f, out, at + f.bytes, x);
  }
}

/** Reads 0x04 || X || Y and checks it is on the curve; throws nothing, returns false when not. */
export function decodePoint(c: Curve, o: Jac, enc: Uint8Array): boolean {
  const f = c.f;
  if (enc.length !== 1 + 2 * f.bytes || enc[0] !== 4) return false;
  if (!feFromBytes(f, o.x, enc, 1) || !feFromBytes(f, o.y, enc, 1 + f.bytes)) return false;
  feSetInt(o.z, 1);
  // y^2 = x^3 - 3x + b
  const l = c.t[10], r = c.t[11];
  f.sqr(l, o.y);
  f.sqr(r, o.x);
  feSetInt(c.t[12], 3);
  feSub(r, r, c.t[12]);
  f.mul(r, r, o.x);
  feAdd(r, r, c.b);
  return feEqual(f, l, r);
}

/** Width-w NAF of a public scalar (canonical limbs): digits[i] odd in (-2^(w-1), 2^(w-1)) or 0,
 * at most one nonzero in any w consecutive positions. */
function naf(s: ScalarField, k: Sc, w: number): Int8Array {
  const bits = 16 * s.n;
  const out = new Int8Array(bits + 1);
  let carry = 0, i = 0;
  while (i <= bits) {
    const bit = i < bits ? (k[i >> 4] >> (i & 15)) & 1 : 0;
    if (bit === carry) { i++; continue; } // this position of k + carry is 0 (carry stays)
    // The w bits from i, plus the carry: odd, below 2^w + 1.
    let win = carry;
    for (let j = 0; j < w && i + j < bits; j++) win += ((k[(i + j) >> 4] >> ((i + j) & 15)) & 1) << j;
    carry = win >> (w - 1) !== 0 ? 1 : 0;
    out[i] = win - (carry << w);
    i += w;
  }
  return out;
}

/** Odd multiples P, 3P, ..., (2^(w-1) - 1) P of p, in Jacobian coordinates. */
function oddMultiples(c: Curve, p: Jac, w: number): Jac[] {
  const out: Jac[] = [];
  const d = jacNew(c.f);
  jacDbl(c, d, p);
  let prev = p;
  for (let i = 0; i < 1 << (w - 2); i++) {
    const e = jacNew(c.f);
    if (i === 0) jacCopy(e, p); else jacAdd(c, e, prev, d);
    out.push(e);
    prev = e;
  }
  return out;
}

/** Makes every point of the list affine (z = 1) with one inversion (Montgomery's trick). */
function batchAffine(c: Curve, pts: Jac[]): void {
  const f = c.f, n = pts.length;
  const prefix: Fe[] = [];
  let acc = new Float64Array(f.n);
  acc.set(pts[0].z);
  prefix.push(acc);
  for (let i = 1; i < n; i++) {
    const e = new Float64Array(f.n);
    f.mul(e, acc, pts[i].z);
    prefix.push(e);
    acc = e;
  }
  const inv = new Float64Array(f.n), zi = new Float64Array(f.n), z2 = new Float64Array(f.n);
  feInv(f, inv, acc);
  for (let i = n - 1; i >= 0; i--) {
    // inv = 1 / (z0 ... zi)
    if (i > 0) {
      f.mul(zi, inv, prefix[i - 1]);
      f.mul(inv, inv, pts[i].z);
    } else {
      zi.set(inv);
    }
    f.sqr(z2, zi);
    f.mul(pts[i].x, pts[i].x, z2);
    f.mul(z2, z2, zi);
    f.mul(pts[i].y, pts[i].y, z2);
    feSetInt(pts[i].z, 1);
  }
}

function gTable(c: Curve): Jac[] {
  if (c.gTable.length === 0) {
    const t = oddMultiples(c, c.g, c.gWidth);
    batchAffine(c, t);
    c.gTable = t;
  }
  return c.gTable;
}

/** Digit j (0..digits-1) of the all-odd recoding of an odd scalar k: 2 B + 1 - 16 with B the
 * four bits of k starting at bit 4 j + 1. k = sum d_j 16^j + 16^digits. */
function oddDigit(k: Uint8Array, j: number): number {
  // k is big-endian; bit i is in byte len - 1 - (i >> 3).
  const len = k.length, bit = 4 * j + 1, at = len - 1 - (bit >> 3);
  let w = k[at] >> (bit & 7);
  if (at > 0) w |= k[at - 1] << (8 - (bit & 7));
  return 2 * (w & 15) + 1 - 16;
}

/** The odd multiples P, 3P, ..., 15P of p as one flat table of affine (x, y): entry e at 2 n e. */
function ctTable(c: Curve, p: Jac): Float64Array {
  const n = c.f.n, pts = oddMultiples(c, p, 5), tab = new Float64Array(16 * n);
  batchAffine(c, pts);
  for (let e = 0; e < 8; e++) {
    tab.set(pts[e].x, 2 * n * e);
    tab.set(pts[e].y, 2 * n * e + n);
  }
  return tab;
}

/** k as big-endian bytes made odd: q - k when k is even. Returns 1 when it was even (the result
 * of the multiplication must then be negated). Constant time. */
function oddScalar(s: ScalarField, kb: Uint8Array, kBytes: Uint8Array): number {
  const k = new Float64Array(s.n), alt = new Float64Array(s.n);
  scFromBytes(s, k, kBytes, 0);
  let borrow = 0;
  for (let i = 0; i < s.n; i++) {
    const x = s.q[i] - k[i] + borrow;
    const lo = x & 65535;
    borrow = (x - lo) / 65536;
    alt[i] = lo;
  }
  const even = 1 - (k[0] & 1);
  scSelect(k, alt, even);
  for (let i = 0; i < s.n; i++) { kb[s.bytes - 1 - 2 * i] = k[i] & 255; kb[s.bytes - 2 - 2 * i] = k[i] >> 8; }
  return even;
}

/** q = (-1)^neg times entry idx of a flat affine table of `count` entries (q: x then y, 2 n
 * limbs). Every entry is read and one kept by mask, so the memory access pattern does not
 * depend on idx. */
function ctSelect(f: Field, tab: Float64Array, count: number, idx: number, neg: number, q: Float64Array): void {
  const len = 2 * f.n;
  let m = ((0 ^ idx) - 1) >>> 31; // 1 when idx = 0
  for (let i = 0; i < len; i++) q[i] = m * tab[i];
  for (let e = 1; e < count; e++) {
    m = ((e ^ idx) - 1) >>> 31; // 1 when e = idx
    const base = len * e;
    for (let i = 0; i < len; i++) q[i] += m * tab[base + i];
  }
  const sign = 1 - 2 * neg;
  for (let i = f.n; i < len; i++) q[i] *= sign;
}

/** acc += (qx, qy) where acc may equal (qx, qy) (then the sum is 2 acc, computed alongside and
 * kept by mask) but not its negation. Constant time. */
function ctLastAdd(c: Curve, acc: Jac, qx: Fe, qy: Fe): void {
  const d = jacNew(c.f);
  jacDbl(c, d, acc);
  jacAddAffine(c, acc, acc, qx, qy);
  const same = feIsZero(c.f, c.h);
  feSelect(acc.x, d.x, same);
  feSelect(acc.y, d.y, same);
  feSelect(acc.z, d.z, same);
}

/**
 * out = k p as affine bytes (x, and y when withY), constant time in k. k: canonical, nonzero,
 * big-endian scalar bytes; p: a point of order q (any valid curve point). out gets x at 0 and y
 * after it.
 */
export function ctMul(c: Curve, out: Uint8Array, p: Jac, kBytes: Uint8Array, withY: boolean): void {
  const f = c.f, s = c.s, n = f.n;
  const kb = new Uint8Array(s.bytes);
  const even = oddScalar(s, kb, kBytes);
  const tab = ctTable(c, p);
  const acc = jacNew(f), sel = new Float64Array(2 * n), qx = sel.subarray(0, n), qy = sel.subarray(n);
  const digits = 4 * s.n; // 16 n bits / 4
  // The top digit is 1: start from P.
  acc.x.set(tab.subarray(0, n));
  acc.y.set(tab.subarray(n, 2 * n));
  feSetInt(acc.z, 1);
  for (let j = digits - 1; j >= 0; j--) {
    for (let i = 0; i < 4; i++) jacDbl(c, acc, acc);
    const dj = oddDigit(kb, j);
    const neg = (dj >> 31) & 1; // 1 when dj < 0
    ctSelect(f, tab, 8, (((dj ^ -neg) + neg) - 1) >> 1, neg, sel); // entry (|dj| - 1) / 2
    // Before the last addition, acc = 16 k' P with 0 < 16 k' < q / 16 + 16 even and the digit
    // odd, so no addition meets acc = +-q. The last one meets acc = q when k = q - 2|d0|.
    if (j > 0) jacAddAffine(c, acc, acc, qx, qy); else ctLastAdd(c, acc, qx, qy);
  }
  feScale(acc.y, acc.y, 1 - 2 * even);
  jacToAffineBytes(c, out, 0, acc, withY);
}

const COMB_TEETH = 4;

/** The comb table of G: entry u is (1 + sum over bits i of u of 2^((i + 1) d)) G, affine, flat. */
function combTable(c: Curve, d: number): Float64Array {
  const f = c.f, n = f.n, count = 1 << (COMB_TEETH - 1);
  const teeth: Jac[] = [];
  let p = c.g;
  for (let i = 1; i < COMB_TEETH; i++) {
    const e = jacNew(f);
    jacCopy(e, p);
    for (let j = 0; j < d; j++) jacDbl(c, e, e);
    teeth.push(e);
    p = e;
  }
  const pts: Jac[] = [c.g];
  for (let u = 1; u < count; u++) {
    let top = 0;
    while ((u >> (top + 1)) !== 0) top++;
    const e = jacNew(f);
    jacAdd(c, e, pts[u ^ (1 << top)], teeth[top]);
    pts.push(e);
  }
  const copy: Jac[] = [];
  for (let u = 0; u < count; u++) { const e = jacNew(f); jacCopy(e, pts[u]); copy.push(e); }
  batchAffine(c, copy);
  const tab = new Float64Array(2 * n * count);
  for (let u = 0; u < count; u++) {
    tab.set(copy[u].x, 2 * n * u);
    tab.set(copy[u].y, 2 * n * u + n);
  }
  return tab;
}

/**
 * out = k G (affine bytes, as ctMul), constant time in k, by a signed comb (Lim-Lee with the
 * recoding of Hedabou et al.): with d columns of COMB_TEETH bits, k' = sum 2^j s_j C(u_j) where
 * every column has sign s_j = +-1 and its first tooth set, so each of the d - 1 steps is one
 * doubling and one addition of a table entry, never of the point at infinity.
 */
export function ctMulBase(c: Curve, out: Uint8Array, kBytes: Uint8Array, withY: boolean): void {
  const f = c.f, s = c.s, n = f.n, w = COMB_TEETH;
  // d w > bits of q, so the top bit of the last tooth is 0 and the recoding never carries out.
  const d = ((16 * s.n + 1 + w - 1) / w) | 0;
  if (c.comb === null) c.comb = combTable(c, d);
  const tab = c.comb;
  const kb = new Uint8Array(s.bytes);
  const even = oddScalar(s, kb, kBytes);
  const bits = 8 * s.bytes;
  // Tooth 0 (bits 0..d-1, odd): all-nonzero signed binary, s_j = 2 k_(j+1) - 1 below the top, s_(d-1) = 1.
  const neg = new Int32Array(d), idx = new Int32Array(d);
  for (let j = 0; j < d - 1; j++) neg[j] = 1 - ((kb[s.bytes - 1 - ((j + 1) >> 3)] >> ((j + 1) & 7)) & 1);
  // Teeth 1..w-1: digits in {0, s_j}, with a carry running through the teeth in order.
  let carry = 0;
  for (let i = 1; i < w; i++) {
    for (let j = 0; j < d; j++) {
      const p = i * d + j;
      const bit = p < bits ? (kb[s.bytes - 1 - (p >> 3)] >> (p & 7)) & 1 : 0;
      const t = bit + carry;
      idx[j] |= (t & 1) << (i - 1);
      carry = (t + neg[j]) >> 1;
    }
  }
  const acc = jacNew(f), sel = new Float64Array(2 * n), qx = sel.subarray(0, n), qy = sel.subarray(n);
  ctSelect(f, tab, 1 << (w - 1), idx[d - 1], 0, sel);
  acc.x.set(qx);
  acc.y.set(qy);
  feSetInt(acc.z, 1);
  for (let j = d - 2; j >= 0; j--) {
    jacDbl(c, acc, acc);
    ctSelect(f, tab, 1 << (w - 1), idx[j], neg[j], sel);
    // As in ctMul, only the last addition can meet acc = entry (acc is 2 V with V odd there).
    if (j > 0) jacAddAffine(c, acc, acc, qx, qy); else ctLastAdd(c, acc, qx, qy);
  }
  feScale(acc.y, acc.y, 1 - 2 * even);
  jacToAffineBytes(c, out, 0, acc, withY);
}

/**
 * Whether u1 G + u2 Q has an affine x congruent to r mod q: the ECDSA verification equation.
 * Variable time: u1, u2, Q and r are public.
 */
export function mulAddCheckX(c: Curve, u1: Sc, u2: Sc, q: Jac, r: Sc): boolean {
  const f = c.f, s = c.s;
  const gt = gTable(c);
  const qt = oddMultiples(c, q, 5);
  const n1 = naf(s, u1, c.gWidth), n2 = naf(s, u2, 5);
  const acc = jacNew(f), negY = new Float64Array(f.n), tmp = jacNew(f);
  let inf = true;
  for (let i = n1.length - 1; i >= 0; i--) {
    if (!inf) jacDbl(c, acc, acc);
    const d1 = n1[i], d2 = n2[i];
    if (d1 !== 0) {
      const e = gt[(d1 < 0 ? -d1 : d1) >> 1];
      let y = e.y;
      if (d1 < 0) { feScale(negY, e.y, -1); y = negY; }
      if (inf) {
        acc.x.set(e.x); acc.y.set(y); feSetInt(acc.z, 1);
        inf = false;
      } else {
        jacAddAffine(c, tmp, acc, e.x, y);
        inf = fixExceptional(c, acc, tmp, e.x, y, null);
      }
    }
    if (d2 !== 0) {
      const e = qt[(d2 < 0 ? -d2 : d2) >> 1];
      let y = e.y;
      if (d2 < 0) { feScale(negY, e.y, -1); y = negY; }
      if (inf) {
        acc.x.set(e.x); acc.y.set(y); acc.z.set(e.z);
        inf = false;
      } else {
        const qe: Jac = { x: e.x, y: y, z: e.z };
        jacAdd(c, tmp, acc, qe);
        inf = fixExceptional(c, acc, tmp, e.x, y, qe);
      }
    }
  }
  if (inf) return false;
  // x = X / Z^2 = r (mod p), or r + q when that is still below p. Field and scalar limbs line up
  // (same byte length for both curves).
  const z2 = c.t[10], rx = c.t[11], rl = new Float64Array(f.n);
  f.sqr(z2, acc.z);
  for (let i = 0; i < s.n; i++) rl[i] = r[i];
  f.mul(rx, rl, z2);
  if (feEqual(f, rx, acc.x)) return true;
  let carry = 0;
  for (let i = 0; i < s.n; i++) {
    const x = r[i] + s.q[i] + carry;
    rl[i] = x & 65535;
    carry = x >>> 16;
  }
  if (carry !== 0 || scCompare(rl, f.p) >= 0) return false;
  f.mul(rx, rl, z2);
  return feEqual(f, rx, acc.x);
}

/** After acc + e was computed into sum: handles the cases the formulas exclude (equal x).
 * Returns whether acc is now the point at infinity. */
function fixExceptional(c: Curve, acc: Jac, sum: Jac, ex: Fe, ey: Fe, e: Jac | null): boolean {
  const f = c.f;
  if (feIsZero(f, c.h) === 0) {
    jacCopy(acc, sum);
    return false;
  }
  // Same x: acc = e (double it) or acc = -e (the sum is infinity). Compare y: Y1 = y2 Z1^3.
  const t = c.t[12], z3 = c.t[11];
  if (e === null) {
    f.sqr(z3, acc.z);
    f.mul(z3, z3, acc.z);
    f.mul(t, ey, z3);
    if (feEqual(f, t, acc.y)) { jacDbl(c, acc, acc); return false; }
    return true;
  }
  // Y1 Z2^3 = Y2 Z1^3
  f.sqr(z3, acc.z);
  f.mul(z3, z3, acc.z);
  f.mul(z3, z3, ey);
  f.sqr(t, e.z);
  f.mul(t, t, e.z);
  f.mul(t, t, acc.y);
  if (feEqual(f, t, z3)) { jacDbl(c, acc, acc); return false; }
  return true;
}

function feFromHex(f: Field, hex: string): Fe {
  const b = new Uint8Array(f.bytes);
  for (let i = 0; i < f.bytes; i++) b[i] = parseInt(hex.substr(2 * i, 2), 16);
  const o = new Float64Array(f.n);
  feFromBytes(f, o, b, 0);
  return o;
}

/** Makes a curve y^2 = x^3 - 3x + b from its field, order and constants (hex). */
export function makeCurve(name: string, f: Field, s: ScalarField, b: string, gx: string, gy: string, gWidth: number): Curve {
  const t: Fe[] = [];
  for (let i = 0; i < 13; i++) t.push(new Float64Array(f.n));
  const g = jacNew(f);
  g.x = feFromHex(f, gx);
  g.y = feFromHex(f, gy);
  feSetInt(g.z, 1);
  return {
    name: name, f: f, s: s, b: feFromHex(f, b), g: g, gWidth: gWidth, gTable: [], comb: null, t: t,
    h: new Float64Array(f.n),
  };
}
