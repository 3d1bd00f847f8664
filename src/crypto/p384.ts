// NIST P-384 (secp384r1, FIPS 186-4 D.1.2.4): the curve, key generation and ECDH.
import { makeField } from './ecfield';
import { makeScalarField } from './ecscalar';
import { Curve, makeCurve } from './ecpoint';
import { p384Kernels } from './p384kernel';
import { ecPublicKey, ecdh } from './ecdh';

let curve: Curve | null = null;

/** The P-384 curve, built on first use. */
export function p384Curve(): Curve {
  if (curve === null) {
    const f = makeField(24,
      'fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffff',
      p384Kernels);
    const s = makeScalarField(24,
      'ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973');
    curve = makeCurve('P-384', f, s,
      'b3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aef',
      'aa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7',
      '3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5f', 6);
  }
  return curve;
}

/** Uncompressed public key (97 bytes) of a 48-byte private key in [1, n-1]. */
export function p384PublicKey(priv: Uint8Array): Uint8Array {
  return ecPublicKey(p384Curve(), priv);
}

/** ECDH shared secret (48-byte x-coordinate) with a peer's uncompressed public key (97 bytes). */
export function p384Ecdh(priv: Uint8Array, peer: Uint8Array): Uint8Array {
  return ecdh(p384Curve(), priv, peer);
}
