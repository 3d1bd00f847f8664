// Ed25519 (RFC 8032) by tweetnacl: signing, and verification with the checks tweetnacl leaves
// out: lengths, and S < L (a signature with S >= L is malleable, and RFC 8032 rejects it).
import nacl from 'tweetnacl';
import { cryptoError } from '../errors';

// The group order L = 2^252 + 27742317777372353535851937790883648493, little-endian.
const L = new Uint8Array([
  0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
]);

/** Whether the 32-byte little-endian S at sig[32..63] is below L (public data: early exit is fine). */
function scalarCanonical(sig: Uint8Array): boolean {
  for (let i = 31; i >= 0; i--) {
    const b = sig[32 + i];
    if (b !== L[i]) return b < L[i];
  }
  return false;
}

/** Verifies an Ed25519 signature (64 bytes) of msg under a 32-byte public key. Returns false for
 * a signature that does not verify; throws CryptoError for a key of the wrong length. */
export function ed25519Verify(pub: Uint8Array, msg: Uint8Array, sig: Uint8Array): boolean {
  if (pub.length !== 32) throw cryptoError('bad_length', 'Ed25519 public keys are 32 bytes');
  if (sig.length !== 64 || !scalarCanonical(sig)) return false;
  return nacl.sign.detached.verify(msg, sig, pub);
}

/** The 32-byte public key of a 32-byte private key (RFC 8032's seed). */
export function ed25519PublicKey(seed: Uint8Array): Uint8Array {
  if (seed.length !== 32) throw cryptoError('bad_length', 'Ed25519 private keys are 32 bytes');
  return nacl.sign.keyPair.fromSeed(seed).publicKey;
}

/** The 64-byte signature of msg by a 32-byte private key (RFC 8032 section 5.1.6; deterministic). */
export function ed25519Sign(seed: Uint8Array, msg: Uint8Array): Uint8Array {
  if (seed.length !== 32) throw cryptoError('bad_length', 'Ed25519 private keys are 32 bytes');
  return nacl.sign.detached(msg, nacl.sign.keyPair.fromSeed(seed).secretKey);
}
