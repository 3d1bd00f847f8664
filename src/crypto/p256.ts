// NIST P-256 (secp256r1, FIPS 186-4 D.1.2.3): the curve, key generation and ECDH.
import { makeField } from './ecfield';
import { makeScalarField } from './ecscalar';
import { Curve, makeCurve } from './ecpoint';
import { p256Kernels } from './p256kernel';
import { ecPublicKey, ecdh } from './ecdh';

let curve: Curve | null = null;

/** The P-256 curve, built on first use (nothing runs when the bundle loads). */
export function p256Curve(): Curve {
  if (curve === null) {
    // p = 2^256 - 2^224 + 2^192 + 2^96 - 1 and n, in hex from their runs of f and 0 digits.
    const F = 'ffffffff', Z = '00000000';
    const f = makeField(16, F + '00000001' + Z + Z + Z + F + F + F, p256Kernels);
    const s = makeScalarField(16, F + Z + F + F + 'bce6faada7179e84f3b9cac2fc632551');
    curve = makeCurve('P-256', f, s,
      '5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b',
      '6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296',
      '4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5', 6);
  }
  return curve;
}

/** Uncompressed public key (65 bytes: 0x04 || x || y) of a 32-byte private key in [1, n-1]. */
export function p256PublicKey(priv: Uint8Array): Uint8Array {
  return ecPublicKey(p256Curve(), priv);
}

/** ECDH shared secret (the 32-byte x-coordinate) of a private key and a peer's uncompressed
 * public key (65 bytes), which must lie on the curve. */
export function p256Ecdh(priv: Uint8Array, peer: Uint8Array): Uint8Array {
  return ecdh(p256Curve(), priv, peer);
}
