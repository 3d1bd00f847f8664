// Size variant of rsapub.ts (boards with "prefer": "size"): s^e mod n on the Montgomery engine
// of ecfield.small.ts, 22-bit limbs in doubles (its header bounds the columns for n's up to 187
// limbs, RSA-4096), so a size bundle, which only verifies, carries no bignum.ts. The same
// inputs as rsapub.ts (checked by rsa.ts), the same answers.
import { Field, fieldOf, feMul, feFromBytes, feToBytes } from './ecfield.small';

/** What a key keeps for the operation: the field of n. */
export type RsaPub = Field;

export function rsaPubInit(n: Uint8Array): RsaPub {
  return fieldOf(n, n.length);
}

/** s^e mod n as n's byte length, for s of that length; null when s is not below n. Square and
 * multiply over e's bits (public: variable time) on x = s R; e is odd, so the last step is a
 * multiplication, by plain s, which leaves Montgomery form. */
export function rsaPubOp(f: RsaPub, e: Uint8Array, sig: Uint8Array): Uint8Array | null {
  const s = new Float64Array(f.n), x = new Float64Array(f.n), y = new Float64Array(f.n);
  if (!feFromBytes(f, s, sig, 0)) return null;
  feMul(f, x, s, f.r2);
  y.set(x);
  let i = 8 * e.length - 1;
  while (!(e[0] >> (i & 7))) i--; // i: e's top bit, in its first byte (not 0)
  while (i-- > 0) {
    feMul(f, y, y, y);
    if ((e[e.length - 1 - (i >> 3)] >> (i & 7)) & 1) feMul(f, y, y, i ? x : s);
  }
  feToBytes(f, sig = new Uint8Array(f.bytes), 0, y);
  return sig;
}
