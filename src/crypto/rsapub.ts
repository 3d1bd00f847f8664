// The RSA public operation s^e mod n (verification, encryption, the private side's result
// check), on the 16-bit Montgomery engine of bignum.ts that the private operations share.
// Size bundles take rsapub.small.ts instead. rsa.ts checks the key and the lengths first: n and
// e arrive without leading zeros, n odd of 1024..4096 bits, 3 <= e < n odd.
import { Mont, bnFromBytes, bnToBytes, bnSub, montInit, montMul, montExpPublic } from './bignum';

/** What a key keeps for the operation: n's Montgomery context. */
export type RsaPub = Mont;

export function rsaPubInit(n: Uint8Array): RsaPub {
  return montInit(bnFromBytes(n, (n.length + 1) >> 1));
}

/** s^e mod n as n's byte length, for s of that length; null when s is not below n. s into
 * Montgomery form, then the exponentiation, whose last multiplication by plain s leaves it. */
export function rsaPubOp(ctx: RsaPub, e: Uint8Array, sig: Uint8Array): Uint8Array | null {
  const s = bnFromBytes(sig, ctx.n), x = new Uint16Array(ctx.n), y = new Uint16Array(ctx.n);
  if (!bnSub(x, s, ctx.m)) return null; // no borrow: s >= n
  montMul(ctx, x, s, ctx.rr);
  montExpPublic(ctx, y, x, bnFromBytes(e, ctx.n), s);
  const out = new Uint8Array(sig.length);
  bnToBytes(y, out);
  return out;
}
