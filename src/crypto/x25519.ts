// X25519 (RFC 7748) from tweetnacl, which runs as ES5 on every target engine.
import nacl from 'tweetnacl';
import { cryptoError } from '../errors';
import { checkLength } from './check';

/** Shared secret of `scalar` (32 bytes) and the peer's `point` (32 bytes, u-coordinate).
 * An all-zero result (the peer sent a small-order point) is refused, as RFC 8446 section 7.4.2
 * and RFC 7748 section 6.1 require. */
export function x25519(scalar: Uint8Array, point: Uint8Array): Uint8Array {
  checkLength(scalar, 32, 'X25519 scalar');
  checkLength(point, 32, 'X25519 point');
  const shared = nacl.scalarMult(scalar, point);
  let acc = 0;
  for (let i = 0; i < 32; i++) acc |= shared[i];
  if (acc === 0) throw cryptoError('bad_point', 'X25519 shared secret is zero: small-order peer key');
  return shared;
}

/** Public key of a 32-byte private scalar: the scalar times the base point 9. */
export function x25519Base(scalar: Uint8Array): Uint8Array {
  checkLength(scalar, 32, 'X25519 scalar');
  return nacl.scalarMult.base(scalar);
}
