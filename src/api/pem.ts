// PEM text to the shapes the engine takes, through the X.509 module. Trust anchors from PEM wait
// for its anchorsFromPem; until then parsed anchors must be passed.
import type { PrivateKey, TrustAnchor } from '../x509/types';
import { microtlsError } from '../errors';
import { pemDecode } from '../x509/pem';
import { parsePrivateKey } from '../x509/keys';

export function pemChain(pem: string): Uint8Array[] {
  const chain = pemDecode(pem, 'CERTIFICATE');
  if (chain.length === 0) throw microtlsError('X509Error', 'bad_pem', 'cert: no CERTIFICATE block in the PEM text', -1);
  return chain;
}

export function pemKey(pem: string): PrivateKey {
  return parsePrivateKey(pem);
}

export function pemAnchors(pem: string): TrustAnchor[] {
  throw microtlsError('X509Error', 'unsupported', 'trust anchors from PEM (' + pem.length +
    ' characters) need the X.509 module\'s anchorsFromPem; pass parsed anchors', -1);
}
