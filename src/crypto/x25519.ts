// X25519 (RFC 7748) from tweetnacl, which runs as ES5 on every target engine.
import nacl from 'tweetnacl';

/** Shared secret of `scalar` (32 bytes) and the peer's `point` (32 bytes, u-coordinate). */
export function x25519(scalar: Uint8Array, point: Uint8Array): Uint8Array {
  return nacl.scalarMult(scalar, point);
}

/** Public key of a 32-byte private scalar: the scalar times the base point 9. */
export function x25519Base(scalar: Uint8Array): Uint8Array {
  return nacl.scalarMult.base(scalar);
}
