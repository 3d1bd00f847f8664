// Names: comparing distinguished names (RFC 5280 section 7.1, with the case and whitespace
// folding of its string types), host names against subjectAltName (RFC 6125, RFC 9525), and
// name constraints (RFC 5280 section 4.2.1.10). Everything works on views into certificates.
// One suffix matcher (tailIn) serves host names and every name-constraint form.
import {
  Tlv, fail, bad, der, rd, more, val, tlvBytes, bytesEqual, TAG_SEQUENCE, TAG_SET, TAG_OID, TAG_IA5,
  ALERT_UNSUPPORTED_CERTIFICATE,
} from './der';
import { oidIndex, OID_EMAIL_ADDRESS } from './oids';

/** GeneralName forms (context tags) that name constraints and host checks use. */
const GN_EMAIL = 0x81, GN_DNS = 0x82, GN_URI = 0x86, GN_IP = 0x87, GN_DIR = 0xa4;
const GN_FORMS = [GN_EMAIL, GN_DNS, GN_URI, GN_IP, GN_DIR];

function low(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

function isWs(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** The children of t (tag checked unless undefined), from its start. */
function kids(t: Tlv, tag?: number): Tlv[] {
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
    if (isWs(v[i])) sp = s.length > 0;
    else {
      s += (sp ? ' ' : '') + String.fromCharCode(low(v[i]));
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
  return (vx.tag === vy.tag && bytesEqual(a, b)) || (isString(vx.tag) && isString(vy.tag) && folded(a) === folded(b));
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

/** Distinguished name equality (RFC 5280 section 7.1). */
export function namesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return namePrefix(a, b, true);
}

/** Whether host name h is c (ASCII case ignored) or, when `sub`, a name below c; a c with a
 * leading dot ("" + ".example.com") stands for names below it only. */
function tailIn(c: Uint8Array, h: Uint8Array, sub: boolean): boolean {
  const n = c.length, at = h.length - n;
  if (at < 0) return false;
  for (let i = 0; i < n; i++) if (low(c[i]) !== low(h[at + i])) return false;
  return n > 0 && c[0] === 46 ? at > 0 : at === 0 || (sub && h[at - 1] === 46);
}

function indexOfByte(b: Uint8Array, v: number): number {
  for (let i = 0; i < b.length; i++) if (b[i] === v) return i;
  return -1;
}

// --- host names ---

/** A decimal (IPv4 part, no leading zeros, below 256) or hex (IPv6 group) number, -1 if not. */
function num(p: string, base: number): number {
  const n = p.length;
  if (n < 1 || n > (base === 10 ? 3 : 4) || (base === 10 && n > 1 && p.charAt(0) === '0')) return -1;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const d = '0123456789abcdef'.indexOf(p.charAt(i).toLowerCase());
    if (d < 0 || d >= base) return -1;
    v = v * base + d;
  }
  return base === 10 && v > 255 ? -1 : v;
}

/** The 4 bytes of a dotted quad into out[o..], false if s is not one. */
function v4(s: string, out: Uint8Array | number[], o: number): boolean {
  const parts = s.split('.');
  if (parts.length !== 4) return false;
  for (let i = 0; i < 4; i++) {
    const v = num(parts[i], 10);
    if (v < 0) return false;
    out[o + i] = v;
  }
  return true;
}

/** The 4 or 16 bytes of an IPv4 dotted quad or an IPv6 literal (up to eight groups, one "::",
 * an optional dotted-quad tail), or null if s is neither. */
export function parseIp(s: string): Uint8Array | null {
  if (s.indexOf(':') < 0) {
    const q = new Uint8Array(4);
    return v4(s, q, 0) ? q : null;
  }
  const halves = s.split('::'), b: number[][] = [];
  if (halves.length > 2) return null;
  for (let h = 0; h < halves.length; h++) {
    const parts = halves[h] === '' ? [] : halves[h].split(':'), list: number[] = [];
    for (let i = 0; i < parts.length; i++) {
      const v = num(parts[i], 16);
      if (v >= 0) list.push(v >> 8, v & 255);
      else if (h !== halves.length - 1 || i !== parts.length - 1 || !v4(parts[i], list, list.length)) return null;
    }
    b.push(list);
  }
  const tail = b.length > 1 ? b[1] : [], n = b[0].length + tail.length;
  if (b.length === 1 ? n !== 16 : n > 14) return null;
  const out = new Uint8Array(16);
  out.set(b[0], 0);
  out.set(tail, 16 - tail.length);
  return out;
}

/** ASCII bytes of a host name, lower-cased, trailing dot dropped; null if not a valid DNS name. */
function hostBytes(host: string): Uint8Array | null {
  const n = host.length - (host.charAt(host.length - 1) === '.' ? 1 : 0);
  if (n < 1 || n > 253) return null;
  const out = new Uint8Array(n);
  let label = 0;
  for (let i = 0; i < n; i++) {
    const c = low(host.charCodeAt(i));
    if (c === 46) {
      if (label === 0) return null;
      label = 0;
    } else if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45 || c === 95) || ++label > 63) return null;
    out[i] = c;
  }
  return label === 0 ? null : out;
}

/** RFC 6125 matching of a presented dNSName against a reference host (lower-case bytes): a
 * wildcard only as the whole left-most label of a pattern with at least two more labels, and it
 * stands for exactly one non-empty label. */
function dnsIdMatches(p: Uint8Array, host: Uint8Array): boolean {
  const q = p.subarray(0, p.length - (p[p.length - 1] === 46 ? 1 : 0));
  if (q[0] === 42 && q[1] === 46) {
    const rest = q.subarray(1);
    return indexOfByte(rest.subarray(1), 46) >= 0 && tailIn(rest, host, false) &&
      indexOfByte(host.subarray(0, host.length - rest.length), 46) < 0;
  }
  return q.length === host.length && tailIn(q, host, false);
}

/** Checks the leaf's subjectAltName against `host` (DNS name, or IP literal against iPAddress
 * entries only). The subject's common name is never used (RFC 9525). */
export function checkHost(san: Uint8Array | null, host: string): void {
  const ip = parseIp(host), dns = !ip ? hostBytes(host) : null;
  if (!ip && !dns) fail('bad_host', 'bad host name ' + JSON.stringify(host));
  const names = san ? kids(der(san, TAG_SEQUENCE)) : [];
  for (let i = 0; i < names.length; i++) {
    const g = names[i], v = val(g);
    if (ip ? g.tag === GN_IP && bytesEqual(v, ip) : g.tag === GN_DNS && dnsIdMatches(v, dns as Uint8Array)) return;
  }
  fail('host_mismatch', 'certificate is not valid for ' + host + (!san ? ' (it has no subjectAltName)' : ''));
}

// --- name constraints ---


/** rfc822Name constraint: a mailbox (exact), a host (the mail domain is that host), or a domain
 * with a leading dot (any host below it). */
function emailWithin(c: Uint8Array, n: Uint8Array): boolean {
  const at = indexOfByte(n, 64), cat = indexOfByte(c, 64);
  if (at < 0) return false;
  if (cat < 0) return tailIn(c, n.subarray(at + 1), false);
  return c.length === n.length && bytesEqual(c.subarray(0, cat), n.subarray(0, at)) && tailIn(c.subarray(cat), n.subarray(at), false);
}

/** The host of a URI (RFC 3986 authority), or null when it has none. */
function uriHost(u: Uint8Array): Uint8Array | null {
  const i = indexOfByte(u, 58);
  if (i < 0 || u[i + 1] !== 47 || u[i + 2] !== 47 || i + 3 >= u.length) return null;
  let start = i + 3, end = start;
  while (end < u.length && u[end] !== 47 && u[end] !== 63 && u[end] !== 35) end++;
  const user = indexOfByte(u.subarray(start, end), 64);
  if (user >= 0) start += user + 1;
  let e = start;
  while (e < end && u[e] !== 58) e++;
  return e > start ? u.subarray(start, e) : null;
}

/** Whether a name of GeneralName tag `tag` with contents `v` is within the subtree base c. */
function within(tag: number, v: Uint8Array, c: Uint8Array): boolean {
  if (tag === GN_DNS) return c.length === 0 || tailIn(c, v, true);
  if (tag === GN_EMAIL) return emailWithin(c, v);
  if (tag === GN_URI) {
    const h = uriHost(v);
    return !!h && tailIn(c, h, false);
  }
  if (tag === GN_IP) {
    // address and mask: every masked bit equal
    const n = v.length;
    if (c.length !== 2 * n) return false;
    for (let i = 0; i < n; i++) if ((v[i] ^ c[i]) & c[n + i]) return false;
    return true;
  }
  return namePrefix(c, v, false);
}

function ncUnsupported(what: string): never {
  return fail('unsupported_name_constraint', 'name constraint ' + what + ' is not supported', ALERT_UNSUPPORTED_CERTIFICATE);
}

/** Checks one name against one NameConstraints value: inside a permitted subtree when there
 * are any of its type, inside no excluded subtree. `v` is the name's contents (for directory
 * names, the Name TLV). */
function checkName(nc: Uint8Array, tag: number, v: Uint8Array, what: string): void {
  const seq = der(nc, TAG_SEQUENCE);
  while (more(seq)) {
    const list = rd(seq), permitted = list.tag === 0xa0;
    if (!permitted && list.tag !== 0xa1) bad('nameConstraints');
    let saw = false, inside = false;
    while (more(list)) {
      const sub = rd(list, TAG_SEQUENCE), base = rd(sub);
      if (more(sub)) ncUnsupported('with minimum or maximum');
      if (base.tag === tag) {
        saw = true;
        if (within(tag, v, tag === GN_DIR ? tlvBytes(rd(base, TAG_SEQUENCE)) : val(base))) inside = true;
      } else if (GN_FORMS.indexOf(base.tag) < 0) {
        ncUnsupported('of GeneralName form ' + (base.tag & 0x1f));
      }
    }
    if (permitted ? saw && !inside : inside) {
      fail('name_constraints', what + (permitted ? ' is outside the permitted subtrees' : ' is in an excluded subtree'));
    }
  }
}

/** Checks the subject and subjectAltName of certificate `which` against one NameConstraints
 * value. emailAddress attributes of the subject count as rfc822Names (RFC 5280 section 4.2.1.10). */
export function checkNameConstraints(nc: Uint8Array, subject: Uint8Array, san: Uint8Array | null, which: string): void {
  const pre = which + ': name constraints violated: ';
  const rdns = kids(der(subject, TAG_SEQUENCE), TAG_SET);
  if (rdns.length) checkName(nc, GN_DIR, subject, pre + 'subject');
  for (let r = 0; r < rdns.length; r++) {
    const avas = kids(rdns[r], TAG_SEQUENCE);
    for (let a = 0; a < avas.length; a++) {
      const ava = avas[a];
      if (oidIndex(rd(ava, TAG_OID)) === OID_EMAIL_ADDRESS) {
        const e = rd(ava);
        if (e.tag === TAG_IA5) checkName(nc, GN_EMAIL, val(e), pre + 'subject emailAddress');
      }
    }
  }
  const names = san ? kids(der(san, TAG_SEQUENCE)) : [];
  for (let i = 0; i < names.length; i++) {
    const g = names[i];
    if (g.tag === GN_DIR) checkName(nc, GN_DIR, tlvBytes(rd(g, TAG_SEQUENCE)), pre + 'subjectAltName directoryName');
    else if (GN_FORMS.indexOf(g.tag) >= 0) checkName(nc, g.tag, val(g), pre + 'subjectAltName entry');
  }
}
