// PEM text to the shapes the engine takes. Decoding belongs to the X.509 module; until it is in
// this build, PEM input is refused with a clear error and parsed values must be passed.
import type { PrivateKey, TrustAnchor } from '../x509/types';
import { microtlsError } from '../errors';

function unavailable(what: string): Error {
  return microtlsError('X509Error', 'unsupported', what + ' from PEM needs the X.509 module; pass parsed values', -1);
}

export function pemChain(pem: string): Uint8Array[] {
  throw unavailable('a certificate chain (' + pem.length + ' characters)');
}

export function pemKey(pem: string): PrivateKey {
  throw unavailable('a private key (' + pem.length + ' characters)');
}

export function pemAnchors(pem: string): TrustAnchor[] {
  throw unavailable('trust anchors (' + pem.length + ' characters)');
}
