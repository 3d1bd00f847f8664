// PEM text to the shapes the engine takes, through the X.509 module.
import type { PrivateKey, TrustAnchor } from '../x509/types';
import { microtlsError } from '../errors';
import { pemDecode } from '../x509/pem';
import { parsePrivateKey } from '../x509/keys';
import { anchorsFromPem } from '../x509/anchors';

/** The option's certificates, at least one. */
function some<T>(list: T[], option: string): T[] {
  if (list.length === 0) throw microtlsError('X509Error', 'bad_pem', option + ': no CERTIFICATE in the PEM text', -1);
  return list;
}

export function pemChain(pem: string): Uint8Array[] {
  return some(pemDecode(pem, 'CERTIFICATE'), 'cert');
}

export function pemKey(pem: string): PrivateKey {
  return parsePrivateKey(pem);
}

export function pemAnchors(pem: string): TrustAnchor[] {
  return some(anchorsFromPem(pem), 'ca');
}
