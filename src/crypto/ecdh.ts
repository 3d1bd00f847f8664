// Key generation and ECDH over the NIST curves (SEC 1 sections 3.2.1 and 3.3.1), constant time in
// the private key. Public keys travel uncompressed: TLS 1.3 allows no other form (RFC 8446
// section 4.2.8.2), and TLS 1.2 peers are held to the same.
import { cryptoError } from '../errors';
import { Curve, Jac, jacNew, ctMul, ctMulBase, decodePoint } from './ecpoint';

/** Throws unless priv is a canonical scalar in [1, n-1]; the check runs in constant time. */
export function checkPrivateKey(c: Curve, priv: Uint8Array): void {
  const s = c.s;
  if (priv.length !== s.bytes) throw cryptoError('bad_length', c.name + ' private keys are ' + s.bytes + ' bytes');
  let borrow = 0, any = 0;
  for (let i = 0; i < s.n; i++) {
    const limb = priv[s.bytes - 1 - 2 * i] | (priv[s.bytes - 2 - 2 * i] << 8);
    any |= limb;
    borrow = (limb - s.q[i] + borrow) >> 16; // -1 or 0
  }
  // borrow is -1 exactly when priv < n.
  if (any === 0 || borrow === 0) throw cryptoError('bad_key', c.name + ' private key is zero or not below the group order');
}

export function ecPublicKey(c: Curve, priv: Uint8Array): Uint8Array {
  checkPrivateKey(c, priv);
  const out = new Uint8Array(1 + 2 * c.f.bytes);
  out[0] = 4;
  ctMulBase(c, out.subarray(1), priv, true);
  return out;
}

/** Reads a peer's public key, refusing every encoding but a valid uncompressed point. */
export function peerPoint(c: Curve, peer: Uint8Array): Jac {
  const p = jacNew(c.f);
  if (peer.length === 1 + c.f.bytes && (peer[0] === 2 || peer[0] === 3)) {
    throw cryptoError('bad_point', c.name + ' compressed points are not accepted (TLS 1.3 uses uncompressed points only)');
  }
  if (peer.length !== 1 + 2 * c.f.bytes) throw cryptoError('bad_length', c.name + ' public keys are ' + (1 + 2 * c.f.bytes) + ' bytes');
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
