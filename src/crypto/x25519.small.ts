// X25519 (RFC 7748) in little code, for bundles that prefer size (x25519.ts has the fast one).
// A field element mod p = 2^255 - 19 is 16 limbs of 16 bits in a Float64Array. Every sum and
// product stays an exact integer below 2^53: mul's inputs are sums or differences of at most two
// of its outputs, whose limbs are in [0, 2^16) but the second (within 2^16 + 2^12.5), so inputs
// stay within 2^17.1 and a column, folded, within 2^44. Carries use Math.floor, never bitwise
// operators on large values: exact in doubles on every engine, Espruino's 32-bit ints included.
import { cryptoError } from '../errors';
import { checkLength } from './check';

type Fe = Float64Array;

function fe(): Fe {
  return new Float64Array(16);
}

/** Moves each limb's excess into the next; the excess over 2^255 goes round to the bottom as
 * 2^255 = 19 (mod p), and a 17th step moves the bottom limb's excess on once more. After mul's
 * columns this leaves every limb in [0, 2^16) (the top in [0, 2^15)) but the second, which took
 * that last carry; two more calls bring that one in range too, the value below 2^255. */
function carry(o: Fe): void {
  for (let i = 0; i < 17; i++) {
    const k = i & 15;
    const r = k < 15 ? 65536 : 32768;
    const c = Math.floor(o[k] / r);
    o[k] -= c * r;
    o[(k + 1) & 15] += k < 15 ? c : 19 * c;
  }
}

/** o = a + s * b, s being 1 or -1. */
function add(o: Fe, a: Fe, b: Fe, s: number): void {
  for (let i = 0; i < 16; i++) o[i] = a[i] + s * b[i];
}

/** o = a * b; o may be a or b. */
function mul(o: Fe, a: Fe, b: Fe): void {
  const t = new Float64Array(32);
  for (let i = 0; i < 16; i++) {
    const x = a[i];
    for (let j = 0; j < 16; j++) t[i + j] += x * b[j];
  }
  // 2^256 = 38 (mod p); t[31] is 0.
  for (let i = 0; i < 16; i++) o[i] = t[i] + 38 * t[i + 16];
  carry(o);
}

/** Swaps a and b when bit is 1, with the same operations when it is 0 (no secret branch). */
function swap(a: Fe, b: Fe, bit: number): void {
  for (let i = 0; i < 16; i++) {
    const d = bit * (a[i] - b[i]);
    a[i] -= d;
    b[i] += d;
  }
}

/** Shared secret of `scalar` (32 bytes) and the peer's `point` (32 bytes, u-coordinate).
 * An all-zero result (the peer sent a small-order point) is refused, as RFC 8446 section 7.4.2
 * and RFC 7748 section 6.1 require. */
export function x25519(scalar: Uint8Array, point: Uint8Array): Uint8Array {
  checkLength(scalar, 32, 'X25519 scalar');
  checkLength(point, 32, 'X25519 point');
  const x1 = fe();
  const x2 = fe();
  const z2 = fe();
  const x3 = fe();
  const z3 = fe();
  const a = fe();
  const b = fe();
  const c = fe();
  const d = fe();
  const a24 = fe();
  const out = new Uint8Array(32);
  // u with its top bit masked (RFC 7748 section 5). A u at or above p needs no special case: the
  // arithmetic reduces it.
  for (let i = 0; i < 32; i++) x1[i >> 1] += point[i] << (8 * (i & 1));
  x1[15] &= 0x7fff;
  x3.set(x1);
  x2[0] = z3[0] = 1;
  // a24 = 121665 = 0x1db41.
  a24[0] = 0xdb41;
  a24[1] = 1;
  for (let t = 255; t--; ) {
    // The bits of the clamped scalar (decodeScalar25519): bit 254 set, bits 2..0 clear.
    const bit = t === 254 ? 1 : t < 3 ? 0 : (scalar[t >> 3] >> (t & 7)) & 1;
    swap(x2, x3, bit);
    swap(z2, z3, bit);
    add(a, x2, z2, 1); // A
    add(b, x2, z2, -1); // B
    add(c, x3, z3, 1); // C
    add(d, x3, z3, -1); // D
    mul(d, d, a); // DA
    mul(c, c, b); // CB
    add(x3, d, c, 1);
    mul(x3, x3, x3); // (DA + CB)^2
    add(z3, d, c, -1);
    mul(z3, z3, z3);
    mul(z3, z3, x1); // x1 * (DA - CB)^2
    mul(a, a, a); // AA
    mul(b, b, b); // BB
    mul(x2, a, b); // AA * BB
    add(b, a, b, -1); // E = AA - BB
    mul(z2, b, a24);
    add(z2, z2, a, 1);
    mul(z2, z2, b); // E * (AA + a24 * E)
    swap(x2, x3, bit);
    swap(z2, z3, bit);
  }
  // x2 / z2 = x2 * z2^(p - 2); p - 2 = 2^255 - 21 has every bit from 254 down set but bits 4 and 2.
  a.set(z2);
  for (let t = 254; t--; ) {
    mul(a, a, a);
    if (t !== 4 && t !== 2) mul(a, a, z2);
  }
  mul(x2, x2, a);
  // Canonical form. Two more carries make 0 <= x2 < 2^255 with every limb in range; x2 >= p
  // exactly when x2 + 19 reaches 2^255, which a carry folds to x2 - p + 19: so add 19, carry,
  // and take the 19 back.
  carry(x2);
  carry(x2);
  x2[0] += 19;
  carry(x2);
  x2[0] -= 19;
  carry(x2);
  // acc: the OR of all limbs, zero exactly when the result is.
  let acc = 0;
  for (let i = 0; i < 32; i++) acc |= out[i] = x2[i >> 1] >> (8 * (i & 1));
  if (acc === 0) throw cryptoError('bad_point', 'X25519 shared secret is zero: small-order peer key');
  return out;
}

/** Public key of a 32-byte private scalar: the scalar times the base point 9 (never zero). */
export function x25519Base(scalar: Uint8Array): Uint8Array {
  const nine = new Uint8Array(32);
  nine[0] = 9;
  return x25519(scalar, nine);
}
