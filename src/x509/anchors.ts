// Trust anchors: from PEM bundles (hosts, at run time) and in a compact binary form a board
// bundle carries (`microtls ta BUNDLE.pem -o FILE`): subject name, key, path length and name
// constraints of each anchor, no whole certificates.
//
// Compact form, big-endian: "MTA1", count (2 bytes), then per anchor: subject length (2) and
// DER Name, SPKI length (2) and DER SubjectPublicKeyInfo, pathLen (1; 255 = none), name
// constraints length (2; 0 = none) and DER NameConstraints value.
import type { TrustAnchor } from './types';
import { pemDecode, base64Decode } from './pem';
import { anchorFromCertificate } from './verify';
import { fail, der, TAG_SEQUENCE } from './der';
import { latin1 } from '../bytes';

const MAGIC = 'MTA1';

/** Anchors from every CERTIFICATE block of a PEM bundle. */
export function anchorsFromPem(text: string): TrustAnchor[] {
  return pemDecode(text, 'CERTIFICATE').map(anchorFromCertificate);
}

/** The compact binary form of a list of anchors. */
export function anchorsEncode(anchors: TrustAnchor[]): Uint8Array {
  let n = 6;
  for (let i = 0; i < anchors.length; i++) {
    const a = anchors[i];
    n += 7 + a.subject.length + a.spki.length + (a.nameConstraints ? a.nameConstraints.length : 0);
  }
  const out = new Uint8Array(n);
  for (let i = 0; i < 4; i++) out[i] = MAGIC.charCodeAt(i);
  out[4] = anchors.length >> 8; out[5] = anchors.length & 255;
  let at = 6;
  const put = function (b: Uint8Array | null): void {
    const len = b ? b.length : 0;
    if (len > 0xffff) fail('too_large', 'trust anchor field above 64 KiB', -1);
    out[at] = len >> 8; out[at + 1] = len & 255;
    if (b) out.set(b, at + 2);
    at += 2 + len;
  };
  for (let i = 0; i < anchors.length; i++) {
    const a = anchors[i];
    put(a.subject);
    put(a.spki);
    out[at++] = a.pathLen >= 0 && a.pathLen < 255 ? a.pathLen : 255;
    put(a.nameConstraints);
  }
  return out;
}

function bad(message: string): never {
  return fail('bad_anchors', 'compact trust anchors: ' + message, -1);
}

/** Anchors from their compact form (views into `bytes`; every field is checked to be DER). */
export function anchorsDecode(bytes: Uint8Array): TrustAnchor[] {
  let at = 0;
  /** The next n bytes (checked to be there). */
  const next = function (n: number): Uint8Array {
    if (at + n > bytes.length) bad('truncated');
    return bytes.subarray(at, at += n);
  };
  /** The next 1- or 2-byte big-endian number. */
  const num = function (n: number): number {
    const b = next(n);
    return n > 1 ? (b[0] << 8) | b[1] : b[0];
  };
  /** The next length-prefixed field, checked to be one DER SEQUENCE (null when empty). */
  const take = function (): Uint8Array | null {
    const v = next(num(2));
    if (v.length === 0) return null;
    der(v, TAG_SEQUENCE);
    return v;
  };
  if (latin1(next(4)) !== MAGIC) bad('not MTA1 data');
  const out: TrustAnchor[] = [];
  for (let count = num(2); count > 0; count--) {
    const subject = take();
    const spki = take();
    if (!subject || !spki) bad('anchor without a name or key');
    const pl = num(1), nc = take();
    out.push({ subject: subject, spki: spki, pathLen: pl === 255 ? -1 : pl, nameConstraints: nc });
  }
  if (at !== bytes.length) bad('bytes after the last anchor');
  return out;
}

/** Anchors from the base64 text of their compact form (what `microtls ta -o FILE.js` writes). */
export function anchorsFromBase64(text: string): TrustAnchor[] {
  return anchorsDecode(base64Decode(text, 0, text.length));
}
