// Size variant of ecscalar.ts: scalars modulo the group order on the Montgomery engine of
// ecfield.small.ts (22-bit limbs, canonical), with Fermat inversion. Constant time throughout.
import { Field, feMul, feLin, feInv, feFromMont } from './ecfield.small';

// The same operations under the names ecdsa.ts and ecdh.ts use (re-exported: no wrappers).
export {
  makeField as makeScalarField, feFromBytes as scFromBytes, feToBytes as scToBytes, feBelow as scBelowOrder,
  feReduce as scReduceOnce,
} from './ecfield.small';

export type Sc = Float64Array;
export type ScalarField = Field;

export function scNew(s: ScalarField): Sc {
  return new Float64Array(s.n);
}

export function scIsZero(a: Sc): boolean {
  let acc = 0;
  for (let i = 0; i < a.length; i++) acc |= a[i];
  return acc === 0;
}

export function scAdd(s: ScalarField, o: Sc, a: Sc, b: Sc): void {
  feLin(s, o, a, b, 1);
}

/** o = a b mod q. */
export function scMul(s: ScalarField, o: Sc, a: Sc, b: Sc): void {
  feMul(s, o, a, b);
  feMul(s, o, o, s.r2);
}

/** o = 1/a mod q; a canonical and nonzero. */
export function scInv(s: ScalarField, o: Sc, a: Sc): void {
  feMul(s, o, a, s.r2);
  feInv(s, o, o);
  feFromMont(s, o, o);
}
