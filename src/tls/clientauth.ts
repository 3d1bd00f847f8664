// A client's own certificate (RFC 8446 section 4.4.2-4.4.3): its chain and CertificateVerify when
// the server asks and the configuration has a chain and a key that fits one of the server's
// schemes, else an empty Certificate. The feature 'client-auth' (tools/boards.mjs): a bundle
// without it refuses a client chain and key at configuration and always answers a
// CertificateRequest with the empty Certificate.
import type { Conn } from './conn';
import { sendCertificate, chooseScheme, sendCertificateVerify } from './common';

export function sendClientAuth(c: Conn, ctx: Uint8Array, schemes: Uint8Array): void {
  const chain = c.cfg.certChain || [];
  const s = chain.length > 0 ? chooseScheme(c, schemes) : null;
  sendCertificate(c, ctx, s !== null ? chain : []);
  if (s !== null) sendCertificateVerify(c, s);
}
