// Names: comparing distinguished names (RFC 5280 section 7.1, with the case and whitespace
// folding of its string types: feature name-folding, else byte for byte) and host names against
// subjectAltName (RFC 6125, RFC 9525). Everything works on views into certificates. One suffix
// matcher (tailIn) serves every name-constraint form (constraints.ts); host names compare as text.
import { Tlv, fail, der, rd, more, val, bytesEqual, LEFT_OUT, TAG_SEQUENCE, TAG_SET, TAG_OID } from './der';
import { parseIp } from './ip';
import { boardHas } from '../board';
import { latin1 } from '../bytes';

/** GeneralName forms (context tags) of host names. */
export const GN_DNS = 0x82, GN_IP = 0x87;

function low(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

/** The children of t (tag checked unless undefined), from its start. */
export function kids(t: Tlv, tag?: number): Tlv[] {
  const out: Tlv[] = [];
  t.p = t.body;
  while (more(t)) out.push(rd(t, tag));
  return out;
}

/** A string value folded for comparison: ASCII case ignored, leading and trailing whitespace
 * dropped, inner runs of whitespace as one space (RFC 5280 section 7.1, the LDAP StringPrep
 * steps that matter for ASCII). */
function folded(v: Uint8Array): string {
  let s = '', sp = false;
  for (let i = 0; i < v.length; i++) {
    const c = v[i];
    if (c === 32 || c === 9 || c === 10 || c === 13) sp = s.length > 0;
    else {
      s += (sp ? ' ' : '') + String.fromCharCode(low(c));
      sp = false;
    }
  }
  return s;
}

/** UTF8String, PrintableString, TeletexString, IA5String, VisibleString: ASCII-compatible. */
function isString(tag: number): boolean {
  return tag === 0x0c || tag === 0x13 || tag === 0x14 || tag === 0x16 || tag === 0x1a;
}

/** AttributeTypeAndValue equality: same type, values byte-equal or, for string types, equal
 * after folding. */
function avaEqual(x: Tlv, y: Tlv): boolean {
  x.p = x.body;
  y.p = y.body;
  if (!bytesEqual(val(rd(x, TAG_OID)), val(rd(y, TAG_OID)))) return false;
  const vx = rd(x), vy = rd(y), a = val(vx), b = val(vy);
  return (vx.tag === vy.tag && bytesEqual(a, b)) ||
    (boardHas('name-folding') && isString(vx.tag) && isString(vy.tag) && folded(a) === folded(b));
}

/** Whether the RDNs of DER Name `prefix` are the first RDNs of DER Name `name` (all of them when
 * `whole`); an RDN is a set of AVAs, compared in any order. */
export function namePrefix(prefix: Uint8Array, name: Uint8Array, whole: boolean): boolean {
  if (bytesEqual(prefix, name)) return true;
  const P = kids(der(prefix, TAG_SEQUENCE), TAG_SET), N = kids(der(name, TAG_SEQUENCE), TAG_SET);
  if (P.length > N.length || (whole && P.length !== N.length)) return false;
  for (let i = 0; i < P.length; i++) {
    const A = kids(P[i], TAG_SEQUENCE), B = kids(N[i], TAG_SEQUENCE);
    if (A.length !== B.length || A.length === 0) return false;
    for (let j = 0; j < A.length; j++) {
      let found = false;
      for (let k = 0; k < B.length && !found; k++) found = avaEqual(A[j], B[k]);
      if (!found) return false;
    }
  }
  return true;
}

/** Distinguished name equality (RFC 5280 section 7.1); without name-folding, byte equality
 * (as Go's crypto/x509 does: CAs copy the issuer's subject bytes). Either way never looser. */
export const namesEqual: (a: Uint8Array, b: Uint8Array) => boolean = boardHas('name-folding')
  ? function (a: Uint8Array, b: Uint8Array): boolean { return namePrefix(a, b, true); } : bytesEqual;

/** Whether host name h is c (ASCII case ignored) or, when `sub`, a name below c; a c with a
 * leading dot ("" + ".example.com") stands for names below it only. */
export function tailIn(c: Uint8Array, h: Uint8Array, sub: boolean): boolean {
  const n = c.length, at = h.length - n;
  if (at < 0) return false;
  for (let i = 0; i < n; i++) if (low(c[i]) !== low(h[at + i])) return false;
  return n > 0 && c[0] === 46 ? at > 0 : at === 0 || (sub && h[at - 1] === 46);
}

export function indexOfByte(b: Uint8Array, v: number): number {
  for (let i = 0; i < b.length; i++) if (b[i] === v) return i;
  return -1;
}

/** Text without one trailing dot (an absolute DNS name). */
function undot(s: string): string {
  return s.charAt(s.length - 1) === '.' ? s.substring(0, s.length - 1) : s;
}

/** A host name lower-cased, trailing dot dropped; null if not a valid DNS name (an all-numeric
 * last label makes it an IPv4 address, or nothing). A valid one is ASCII, so toLowerCase folds
 * only A-Z. */
function hostName(host: string): string | null {
  const h = undot(host), n = h.length;
  if (n > 253) return null;
  let label = 0, digits = 0;
  for (let i = 0; i < n; i++) {
    const c = low(h.charCodeAt(i)), d = c >= 48 && c <= 57;
    if (c === 46) {
      if (label === 0) return null;
      label = digits = 0;
    } else if (!(d || (c >= 97 && c <= 122) || c === 45 || c === 95) || ++label > 63) return null;
    if (d) digits++;
  }
  return label === 0 || digits === label ? null : h.toLowerCase();
}

/** RFC 6125 matching of a presented dNSName (lower-cased text) against a reference host: a
 * wildcard only as the whole left-most label of a pattern with at least two more labels, and it
 * stands for exactly one non-empty label. */
function dnsIdMatches(p: string, host: string): boolean {
  // a wildcard pattern is "*" and the host's name after its first label
  const q = undot(p), i = host.indexOf('.');
  return q === host || (i > 0 && q === '*' + host.substring(i) && q.indexOf('.', 2) > 0);
}

/** Checks the leaf's subjectAltName against `host` (DNS name, or with feature ip-hosts an IP
 * literal against iPAddress entries only). The subject's common name is never used (RFC 9525). */
export function checkHost(san: Uint8Array | null, host: string): void {
  const ip = boardHas('ip-hosts') ? parseIp(host) : null, dns = ip ? null : hostName(host);
  if (!dns && !ip) fail('bad_host', 'bad host name ' + JSON.stringify(host) + (boardHas('ip-hosts') ? '' : '; IP addresses' + LEFT_OUT));
  // the SAN's GeneralNames; a dNSName as Latin-1 text lower-cased (other than A-Z only non-ASCII
  // letters change, and they match no host name)
  const names = san ? der(san, TAG_SEQUENCE) : null;
  while (names && more(names)) {
    const g = rd(names), v = val(g);
    if (ip ? g.tag === GN_IP && bytesEqual(v, ip) : g.tag === GN_DNS && dnsIdMatches(latin1(v).toLowerCase(), dns as string)) return;
  }
  fail('host_mismatch', 'certificate is not valid for ' + host + (!san ? ' (it has no subjectAltName)' : ''));
}
