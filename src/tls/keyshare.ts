// Key exchange for the supported groups (RFC 8446 section 4.2.8): key pairs and shared secrets,
// with the peer's share checked (a bad share is an illegal_parameter, not an exception).
import type { CryptoProvider } from '../crypto/provider';
import type { Group } from './suites';
import type { Conn } from './conn';
import { random } from './conn';
import { isMicrotlsError } from '../errors';
import { tlsError, ILLEGAL_PARAMETER } from './alerts';

export interface KeyPair {
  /** The group's code point (so that byCode finds a key pair). */
  code: number;
  group: Group;
  priv: Uint8Array;
  pub: Uint8Array;
}

/** A fresh key pair from the connection's RNG; both groups' private keys are 32 bytes. */
export function generateKeyPair(c: Conn, g: Group): KeyPair {
  const priv = new Uint8Array(32);
  random(c, priv);
  // a P-256 scalar outside [1, n-1] is astronomically unlikely; the provider refuses it
  return {
    code: g.code, group: g, priv: priv, pub: g.code === 0x001d ? c.p.x25519Base(priv) : c.p.p256PublicKey(priv),
  };
}

export function sharedSecret(p: CryptoProvider, kp: KeyPair, peer: Uint8Array): Uint8Array {
  const x = kp.code === 0x001d;
  const what = kp.group.name + ' key share';
  if (peer.length !== (x ? 32 : 65)) throw tlsError(ILLEGAL_PARAMETER, what + ' of ' + peer.length + ' bytes');
  try {
    return x ? p.x25519(kp.priv, peer) : p.p256Ecdh(kp.priv, peer);
  } catch (e) {
    if (isMicrotlsError(e)) throw tlsError(ILLEGAL_PARAMETER, 'bad ' + what + ': ' + e.message);
    throw e;
  }
}
