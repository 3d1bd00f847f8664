// Key generation and ECDH over the NIST curves (SEC 1 sections 3.2.1 and 3.3.1), constant time in
// the private key. Public keys travel uncompressed: TLS 1.3 allows no other form (RFC 8446
// section 4.2.8.2), and TLS 1.2 peers are held to the same.
import { cryptoError } from '../errors';
import { checkLength } from './check';
import { Curve, Jac, jacNew, ctMul, ctMulBase, decodePoint } from './ecpoint';
import { ScalarField, Sc, scNew, scFromBytes, scIsZero, scBelowOrder } from './ecscalar';

/** Whether a scalar is outside [1, n-1]; constant time in k beyond whether it is zero. */
export function outOfRange(s: ScalarField, k: Sc): boolean {
  return scIsZero(k) || scBelowOrder(s, k) === 0;
}

/** Throws unless priv is a canonical scalar in [1, n-1]. */
export function checkPrivateKey(c: Curve, priv: Uint8Array): void {
  const s = c.s, k = scNew(s);
  checkLength(priv, s.bytes, c.name + ' private key');
  scFromBytes(s, k, priv, 0);
  if (outOfRange(s, k)) throw cryptoError('bad_key', c.name + ' private key is not in [1, n-1]');
}

export function ecPublicKey(c: Curve, priv: Uint8Array): Uint8Array {
  checkPrivateKey(c, priv);
  const out = new Uint8Array(1 + 2 * c.f.bytes);
  out[0] = 4;
  ctMulBase(c, out.subarray(1), priv, true);
  return out;
}

/** Reads a peer's public key, refusing every encoding but a valid uncompressed point (compressed
 * points and wrong lengths included) with one error. */
export function peerPoint(c: Curve, peer: Uint8Array): Jac {
  const p = jacNew(c.f);
  if (!decodePoint(c, p, peer)) throw cryptoError('bad_point', c.name + ' public key is not an uncompressed point on the curve');
  return p;
}

export function ecdh(c: Curve, priv: Uint8Array, peer: Uint8Array): Uint8Array {
  checkPrivateKey(c, priv);
  const p = peerPoint(c, peer);
  const out = new Uint8Array(c.f.bytes);
  ctMul(c, out, p, priv, false);
  return out;
}
