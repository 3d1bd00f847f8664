// Size variant of ecpoint.ts: points of y^2 = x^3 - 3x + b in homogeneous projective coordinates
// (x = X/Z, y = Y/Z; infinity is (0 : 1 : 0)), added by the complete formula of Renes, Costello
// and Batina ("Complete addition formulas for prime order elliptic curves", 2016, algorithm 4,
// a = -3). Complete means one formula for every pair of points, doubling and infinity included:
// no exceptional cases to handle, which is what makes this code short. One multiplication serves
// ECDH, key generation and verification: fixed 4-bit windows over tables of 0 P .. 15 P, each
// entry read by a masked sweep over the whole table, so nothing depends on the scalar but its
// length. Slower than the default (no mixed coordinates, no NAF, doubling by the general formula).
import { Fe, Field, feMul, feLin, feInv, feSelect, feFromBytes, feToBytes, feFromMont } from './ecfield.small';
import { fromHex } from '../bytes';
import { ScalarField, Sc, scToBytes, scIsZero, scReduceOnce, scFromBytes } from './ecscalar.small';

/** A point: X, Y, Z (Montgomery form) one after the other, 3 n limbs. */
export type Jac = Float64Array;

export interface Curve {
  name: string;
  f: Field;
  s: ScalarField;
  g: Jac;
  /** The registers of the formulas (below), views into t. */
  t: Fe;
  r: Fe[];
}

export function jacNew(f: Field): Jac {
  return new Float64Array(3 * f.n);
}

// The formulas are programs of 4-character steps "op dst src src" over registers a to o: a b c
// hold X1 Y1 Z1, d e f X2 Y2 Z2, g h i the result X3 Y3 Z3, j k l m n temporaries t0 to t4, o
// the curve's b. op is * (multiply), + or -. A string interpreted in a loop is a fraction of the
// code that one call per step would be.
const ADD =
  '*jad' + // t0 = X1 * X2
  '*kbe' + // t1 = Y1 * Y2
  '*lcf' + // t2 = Z1 * Z2
  '+mab' + // t3 = X1 + Y1
  '+nde' + // t4 = X2 + Y2
  '*mmn' + // t3 = t3 * t4
  '+njk' + // t4 = t0 + t1
  '-mmn' + // t3 = t3 - t4
  '+nbc' + // t4 = Y1 + Z1
  '+gef' + // X3 = Y2 + Z2
  '*nng' + // t4 = t4 * X3
  '+gkl' + // X3 = t1 + t2
  '-nng' + // t4 = t4 - X3
  '+gac' + // X3 = X1 + Z1
  '+hdf' + // Y3 = X2 + Z2
  '*ggh' + // X3 = X3 * Y3
  '+hjl' + // Y3 = t0 + t2
  '-hgh' + // Y3 = X3 - Y3
  '*iol' + // Z3 = b * t2
  '-ghi' + // X3 = Y3 - Z3
  '+igg' + // Z3 = X3 + X3
  '+ggi' + // X3 = X3 + Z3
  '-ikg' + // Z3 = t1 - X3
  '+gkg' + // X3 = t1 + X3
  '*hoh' + // Y3 = b * Y3
  '+kll' + // t1 = t2 + t2
  '+lkl' + // t2 = t1 + t2
  '-hhl' + // Y3 = Y3 - t2
  '-hhj' + // Y3 = Y3 - t0
  '+khh' + // t1 = Y3 + Y3
  '+hkh' + // Y3 = t1 + Y3
  '+kjj' + // t1 = t0 + t0
  '+jkj' + // t0 = t1 + t0
  '-jjl' + // t0 = t0 - t2
  '*knh' + // t1 = t4 * Y3
  '*ljh' + // t2 = t0 * Y3
  '*hgi' + // Y3 = X3 * Z3
  '+hhl' + // Y3 = Y3 + t2
  '*gmg' + // X3 = t3 * X3
  '-ggk' + // X3 = X3 - t1
  '*ini' + // Z3 = t4 * Z3
  '*kmj' + // t1 = t3 * t0
  '+iik'; // Z3 = Z3 + t1
// Doubling (algorithm 6 of the same paper, a = -3), X Y Z in a b c: 13 products instead of 14.
const DBL =
  '*jaa' + // t0 = X * X
  '*kbb' + // t1 = Y * Y
  '*lcc' + // t2 = Z * Z
  '*mab' + // t3 = X * Y
  '+mmm' + // t3 = t3 + t3
  '*iac' + // Z3 = X * Z
  '+iii' + // Z3 = Z3 + Z3
  '*hol' + // Y3 = b * t2
  '-hhi' + // Y3 = Y3 - Z3
  '+ghh' + // X3 = Y3 + Y3
  '+hgh' + // Y3 = X3 + Y3
  '-gkh' + // X3 = t1 - Y3
  '+hkh' + // Y3 = t1 + Y3
  '*hgh' + // Y3 = X3 * Y3
  '*ggm' + // X3 = X3 * t3
  '+mll' + // t3 = t2 + t2
  '+llm' + // t2 = t2 + t3
  '*ioi' + // Z3 = b * Z3
  '-iil' + // Z3 = Z3 - t2
  '-iij' + // Z3 = Z3 - t0
  '+mii' + // t3 = Z3 + Z3
  '+iim' + // Z3 = Z3 + t3
  '+mjj' + // t3 = t0 + t0
  '+jmj' + // t0 = t3 + t0
  '-jjl' + // t0 = t0 - t2
  '*jji' + // t0 = t0 * Z3
  '+hhj' + // Y3 = Y3 + t0
  '*jbc' + // t0 = Y * Z
  '+jjj' + // t0 = t0 + t0
  '*iji' + // Z3 = t0 * Z3
  '-ggi' + // X3 = X3 - Z3
  '*ijk' + // Z3 = t0 * t1
  '+iii' + // Z3 = Z3 + Z3
  '+iii'; // Z3 = Z3 + Z3
// t0 = x^3 - 3x + b - y^2 for the affine point (x, y) in a, b: zero when it is on the curve.
const ON_CURVE = '*jaa' + '*jja' + '+kaa' + '+kka' + '-jjk' + '+jjo' + '*kbb' + '-jjk';

function run(c: Curve, prog: string): void {
  let i = 0;
  const reg = (k: number): Fe => c.r[prog.charCodeAt(i + k) - 97];
  for (; i < prog.length; i += 4) {
    // '*' is 42, '+' 43 and '-' 45.
    const op = prog.charCodeAt(i);
    if (op === 42) feMul(c.f, reg(1), reg(2), reg(3)); else feLin(c.f, reg(1), reg(2), reg(3), 44 - op);
  }
}

/** o = p + q for any points (o may be p or q); p === q doubles. */
function add(c: Curve, o: Jac, p: Jac, q: Jac): void {
  const n = 3 * c.f.n;
  c.t.set(p);
  c.t.set(q, n);
  run(c, p === q ? DBL : ADD);
  o.set(c.t.subarray(2 * n, 3 * n));
}

/** Reads 0x04 || X || Y and checks it is on the curve; returns false when not. */
export function decodePoint(c: Curve, o: Jac, enc: Uint8Array): boolean {
  const f = c.f, r = c.r;
  if (enc.length !== 1 + 2 * f.bytes || enc[0] !== 4) return false;
  for (let i = 0; i < 2; i++) {
    if (!feFromBytes(f, r[i], enc, 1 + i * f.bytes)) return false;
    feMul(f, r[i], r[i], f.r2);
  }
  run(c, ON_CURVE);
  o.set(c.t.subarray(0, 2 * f.n));
  o.set(f.one, 2 * f.n);
  return scIsZero(r[9]);
}

/** sum of ks[i] pts[i] (ks: big-endian scalars of f.bytes), constant time in the scalars. */
function mulSum(c: Curve, pts: Jac[], ks: Uint8Array[]): Jac {
  const f = c.f, n = 3 * f.n, tab = new Float64Array(16 * n * pts.length), acc = jacNew(f), sel = jacNew(f);
  const at = (e: number): Jac => tab.subarray(e * n, e * n + n);
  acc.set(f.one, f.n); // infinity
  // Entry 16 p + e of the table is e times point p.
  for (let e = 0; e < 16 * pts.length; e++) {
    if ((e & 15) !== 0) add(c, at(e), at(e - 1), pts[e >> 4]); else at(e).set(acc);
  }
  for (let j = 2 * f.bytes - 1; j >= 0; j--) {
    for (let i = 0; i < 4; i++) add(c, acc, acc, acc);
    for (let p = 0; p < pts.length; p++) {
      const w = (ks[p][f.bytes - 1 - (j >> 1)] >> (4 * (j & 1))) & 15;
      for (let e = 0; e < 16; e++) feSelect(sel, at(16 * p + e), ((e ^ w) - 1) >>> 31); // 1 when e = w
      add(c, acc, acc, sel);
    }
  }
  return acc;
}

/** Affine x (and y) of p as big-endian bytes into out. */
function affine(c: Curve, out: Uint8Array, p: Jac, withY: boolean): void {
  const f = c.f, n = f.n, zi = new Float64Array(n), x = new Float64Array(n);
  // 1/Z as a plain value: the product of a coordinate (Montgomery form) with it is plain.
  feInv(f, zi, p.subarray(2 * n));
  feFromMont(f, zi, zi);
  for (let i = 0; i < (withY ? 2 : 1); i++) {
    feMul(f, x, p.subarray(i * n, i * n + n), zi);
    feToBytes(f, out, i * f.bytes, x);
  }
}

/** out = k p as affine bytes (x, and y after it when withY), constant time in k (canonical, nonzero). */
export function ctMul(c: Curve, out: Uint8Array, p: Jac, kBytes: Uint8Array, withY: boolean): void {
  affine(c, out, mulSum(c, [p], [kBytes]), withY);
}

export function ctMulBase(c: Curve, out: Uint8Array, kBytes: Uint8Array, withY: boolean): void {
  ctMul(c, out, c.g, kBytes, withY);
}

/** Whether u1 G + u2 Q is not infinity and has an affine x congruent to r mod q (ECDSA). */
export function mulAddCheckX(c: Curve, u1: Sc, u2: Sc, q: Jac, r: Sc): boolean {
  const s = c.s, b1 = new Uint8Array(s.bytes), b2 = new Uint8Array(s.bytes), x = new Float64Array(s.n);
  scToBytes(s, b1, 0, u1);
  scToBytes(s, b2, 0, u2);
  const p = mulSum(c, [c.g, q], [b1, b2]);
  if (scIsZero(p.subarray(2 * c.f.n))) return false;
  affine(c, b1, p, false);
  scFromBytes(s, x, b1, 0);
  scReduceOnce(s, x); // x < p < 2q
  feLin(s, x, x, r, -1);
  return scIsZero(x);
}

/** Makes a curve y^2 = x^3 - 3x + b from its field, order and constants (hex). */
export function makeCurve(name: string, f: Field, s: ScalarField, b: string, gx: string, gy: string, gWidth: number): Curve {
  const t = new Float64Array(15 * f.n), r: Fe[] = [];
  for (let i = 0; i < 15; i++) r.push(t.subarray(i * f.n, i * f.n + f.n));
  const c: Curve = { name: name, f: f, s: s, g: jacNew(f), t: t, r: r };
  feFromBytes(f, r[14], fromHex(b), 0);
  feMul(f, r[14], r[14], f.r2);
  decodePoint(c, c.g, fromHex('04' + gx + gy));
  return c;
}
