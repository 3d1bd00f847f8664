// PEM text to the shapes the engine takes, through the X.509 module.
import type { PrivateKey, TrustAnchor } from '../x509/types';
import { microtlsError } from '../errors';
import { pemDecode } from '../x509/pem';
import { parsePrivateKey } from '../x509/keys';
import { anchorsFromPem } from '../x509/anchors';

export function pemChain(pem: string): Uint8Array[] {
  const chain = pemDecode(pem, 'CERTIFICATE');
  if (chain.length === 0) throw microtlsError('X509Error', 'bad_pem', 'cert: no CERTIFICATE block in the PEM text', -1);
  return chain;
}

export function pemKey(pem: string): PrivateKey {
  return parsePrivateKey(pem);
}

export function pemAnchors(pem: string): TrustAnchor[] {
  const anchors = anchorsFromPem(pem);
  if (anchors.length === 0) throw microtlsError('X509Error', 'bad_pem', 'ca: no CERTIFICATE block in the PEM text', -1);
  return anchors;
}
