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
import { x509Error, derWhole, TAG_SEQUENCE } from './der';

const MAGIC = [0x4d, 0x54, 0x41, 0x31]; // "MTA1"

/** Anchors from every CERTIFICATE block of a PEM bundle. */
export function anchorsFromPem(text: string): TrustAnchor[] {
  const ders = pemDecode(text, 'CERTIFICATE');
  const out: TrustAnchor[] = [];
  for (let i = 0; i < ders.length; i++) out.push(anchorFromCertificate(ders[i]));
  return out;
}

/** The compact binary form of a list of anchors. */
export function anchorsEncode(anchors: TrustAnchor[]): Uint8Array {
  let n = 6;
  for (let i = 0; i < anchors.length; i++) {
    const a = anchors[i];
    n += 7 + a.subject.length + a.spki.length + (a.nameConstraints !== null ? a.nameConstraints.length : 0);
  }
  const out = new Uint8Array(n);
  for (let i = 0; i < 4; i++) out[i] = MAGIC[i];
  out[4] = anchors.length >> 8; out[5] = anchors.length & 255;
  let at = 6;
  const put = function (b: Uint8Array | null): void {
    const len = b !== null ? b.length : 0;
    if (len > 0xffff) throw x509Error('too_large', 'trust anchor field above 64 KiB', -1);
    out[at] = len >> 8; out[at + 1] = len & 255;
    if (b !== null) out.set(b, at + 2);
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

function bad(message: string): Error {
  return x509Error('bad_anchors', 'compact trust anchors: ' + message, -1);
}

/** Anchors from their compact form (views into `bytes`; every field is checked to be DER). */
export function anchorsDecode(bytes: Uint8Array): TrustAnchor[] {
  if (bytes.length < 6) throw bad('too short');
  for (let i = 0; i < 4; i++) if (bytes[i] !== MAGIC[i]) throw bad('not MTA1 data');
  const count = bytes[4] * 256 + bytes[5];
  let at = 6;
  const take = function (): Uint8Array | null {
    if (at + 2 > bytes.length) throw bad('truncated');
    const len = bytes[at] * 256 + bytes[at + 1];
    if (at + 2 + len > bytes.length) throw bad('truncated');
    const v = bytes.subarray(at + 2, at + 2 + len);
    at += 2 + len;
    return len > 0 ? v : null;
  };
  const out: TrustAnchor[] = [];
  for (let i = 0; i < count; i++) {
    const subject = take();
    const spki = take();
    if (subject === null || spki === null) throw bad('anchor without a name or key');
    derWhole(subject, TAG_SEQUENCE, 'anchor name');
    derWhole(spki, TAG_SEQUENCE, 'anchor key');
    if (at >= bytes.length) throw bad('truncated');
    const pl = bytes[at++];
    const nc = take();
    if (nc !== null) derWhole(nc, TAG_SEQUENCE, 'anchor name constraints');
    out.push({ subject: subject, spki: spki, pathLen: pl === 255 ? -1 : pl, nameConstraints: nc });
  }
  if (at !== bytes.length) throw bad('bytes after the last anchor');
  return out;
}

/** Anchors from the base64 text of their compact form (what `microtls ta -o FILE.js` writes). */
export function anchorsFromBase64(text: string): TrustAnchor[] {
  return anchorsDecode(base64Decode(text, 0, text.length));
}
