// Names: comparing distinguished names (RFC 5280 section 7.1, with the case and whitespace
// folding of its string types), host names against subjectAltName (RFC 6125, RFC 9525), and
// name constraints (RFC 5280 section 4.2.1.10). Everything works on views into certificates.
import {
  x509Error, derRead, derExpect, derValue, derOid, hexOf, bytesEqual, TAG_SEQUENCE, TAG_SET, TAG_OID,
  TAG_IA5, ALERT_BAD_CERTIFICATE, ALERT_UNSUPPORTED_CERTIFICATE,
} from './der';
import { OID_EMAIL_ADDRESS } from './oids';

function isStringTag(tag: number): boolean {
  // UTF8String, PrintableString, TeletexString, IA5String, VisibleString: ASCII-compatible
  return tag === 0x0c || tag === 0x13 || tag === 0x14 || tag === 0x16 || tag === 0x1a;
}

function lower(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

function isWs(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** String values equal after folding: ASCII case ignored, leading and trailing whitespace
 * dropped, inner runs of whitespace counted as one space (RFC 5280 section 7.1, the
 * LDAP StringPrep steps that matter for ASCII). */
function foldedEqual(a: Uint8Array, b: Uint8Array): boolean {
  let i = 0, j = 0, ae = a.length, be = b.length;
  while (i < ae && isWs(a[i])) i++;
  while (j < be && isWs(b[j])) j++;
  while (ae > i && isWs(a[ae - 1])) ae--;
  while (be > j && isWs(b[be - 1])) be--;
  while (i < ae && j < be) {
    const ca = a[i], cb = b[j];
    if (isWs(ca) && isWs(cb)) {
      while (i < ae && isWs(a[i])) i++;
      while (j < be && isWs(b[j])) j++;
      continue;
    }
    if (lower(ca) !== lower(cb)) return false;
    i++; j++;
  }
  return i === ae && j === be;
}

/** AttributeTypeAndValue equality: same type, values byte-equal or, for string types, equal
 * after case and whitespace folding. */
function avaEqual(a: Uint8Array, aAt: number, b: Uint8Array, bAt: number): boolean {
  const ta = derExpect(a, aAt, a.length, TAG_SEQUENCE, 'AttributeTypeAndValue');
  const tb = derExpect(b, bAt, b.length, TAG_SEQUENCE, 'AttributeTypeAndValue');
  const oa = derExpect(a, ta.body, ta.end, TAG_OID, 'attribute type');
  const ob = derExpect(b, tb.body, tb.end, TAG_OID, 'attribute type');
  if (!bytesEqual(derValue(a, oa), derValue(b, ob))) return false;
  const va = derRead(a, oa.end, ta.end), vb = derRead(b, ob.end, tb.end);
  if (va.tag === vb.tag && bytesEqual(derValue(a, va), derValue(b, vb))) return true;
  if (!isStringTag(va.tag) || !isStringTag(vb.tag)) return false;
  return foldedEqual(derValue(a, va), derValue(b, vb));
}

/** RelativeDistinguishedName (SET OF AVA) equality, order-insensitive. */
function rdnEqual(a: Uint8Array, aAt: number, b: Uint8Array, bAt: number): boolean {
  const ra = derExpect(a, aAt, a.length, TAG_SET, 'RDN');
  const rb = derExpect(b, bAt, b.length, TAG_SET, 'RDN');
  let na = 0, nb = 0;
  for (let p = ra.body; p < ra.end; p = derRead(a, p, ra.end).end) na++;
  for (let p = rb.body; p < rb.end; p = derRead(b, p, rb.end).end) nb++;
  if (na !== nb || na === 0) return false;
  for (let p = ra.body; p < ra.end; p = derRead(a, p, ra.end).end) {
    let found = false;
    for (let q = rb.body; q < rb.end && !found; q = derRead(b, q, rb.end).end) found = avaEqual(a, p, b, q);
    if (!found) return false;
  }
  return true;
}

/** Whether the RDNs of DER Name `prefix` are the first RDNs of DER Name `name` (all of them when
 * `whole`). Names are full TLVs. */
export function namePrefix(prefix: Uint8Array, name: Uint8Array, whole: boolean): boolean {
  if (bytesEqual(prefix, name)) return true;
  const pa = derExpect(prefix, 0, prefix.length, TAG_SEQUENCE, 'Name');
  const na = derExpect(name, 0, name.length, TAG_SEQUENCE, 'Name');
  let p = pa.body, q = na.body;
  while (p < pa.end) {
    if (q >= na.end) return false;
    if (!rdnEqual(prefix, p, name, q)) return false;
    p = derRead(prefix, p, pa.end).end;
    q = derRead(name, q, na.end).end;
  }
  return !whole || q === na.end;
}

/** Distinguished name equality (RFC 5280 section 7.1). */
export function namesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return namePrefix(a, b, true);
}

// --- host names ---

/** The 4 or 16 bytes of an IPv4 dotted quad or an IPv6 literal, or null if s is neither. */
export function parseIp(s: string): Uint8Array | null {
  if (s.indexOf(':') < 0) {
    const out = new Uint8Array(4);
    let part = 0, v = 0, digits = 0;
    for (let i = 0; i <= s.length; i++) {
      const c = i < s.length ? s.charCodeAt(i) : 46;
      if (c === 46) {
        if (digits === 0 || part > 3) return null;
        out[part++] = v;
        v = 0; digits = 0;
      } else if (c >= 48 && c <= 57) {
        if (digits > 0 && v === 0) return null; // no leading zeros (octal ambiguity)
        v = v * 10 + c - 48;
        digits++;
        if (v > 255) return null;
      } else return null;
    }
    return part === 4 ? out : null;
  }
  // IPv6: up to eight groups, one '::', an optional dotted-quad tail
  const groups: number[] = [];
  let gap = -1, i = 0;
  if (s.charAt(0) === ':') {
    if (s.charAt(1) !== ':') return null;
    gap = 0; i = 2;
    if (i === s.length) return new Uint8Array(16);
  }
  while (i < s.length) {
    let j = i, v = 0;
    while (j < s.length && j - i < 5) {
      const c = s.charCodeAt(j);
      const d = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;
      if (d < 0) break;
      v = v * 16 + d;
      j++;
    }
    if (j < s.length && s.charAt(j) === '.') {
      const v4 = parseIp(s.substring(i));
      if (v4 === null || groups.length > 6) return null;
      groups.push(v4[0] * 256 + v4[1], v4[2] * 256 + v4[3]);
      i = s.length;
      break;
    }
    if (j === i || j - i > 4) return null;
    groups.push(v);
    i = j;
    if (i === s.length) break;
    if (s.charAt(i) !== ':') return null;
    i++;
    if (s.charAt(i) === ':') {
      if (gap >= 0) return null;
      gap = groups.length;
      i++;
      if (i === s.length) break;
    } else if (i === s.length) return null;
  }
  if (groups.length > 8 || (gap < 0 && groups.length !== 8) || (gap >= 0 && groups.length > 7)) return null;
  const out = new Uint8Array(16);
  const tail = gap < 0 ? 0 : groups.length - gap;
  for (let k = 0; k < groups.length; k++) {
    const slot = gap >= 0 && k >= gap ? 8 - tail + (k - gap) : k;
    out[2 * slot] = groups[k] >> 8;
    out[2 * slot + 1] = groups[k] & 255;
  }
  return out;
}

/** ASCII bytes of a host name, lower-cased, trailing dot dropped; null if not a valid DNS name. */
function hostBytes(host: string): Uint8Array | null {
  let n = host.length;
  if (n > 0 && host.charCodeAt(n - 1) === 46) n--;
  if (n === 0 || n > 253) return null;
  const out = new Uint8Array(n);
  let label = 0;
  for (let i = 0; i < n; i++) {
    const c = lower(host.charCodeAt(i));
    const ok = (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45 || c === 95 || c === 46;
    if (!ok) return null;
    if (c === 46) {
      if (label === 0) return null;
      label = 0;
    } else if (++label > 63) return null;
    out[i] = c;
  }
  return label === 0 ? null : out;
}

function asciiEqualFold(a: Uint8Array, aFrom: number, b: Uint8Array, bFrom: number, n: number): boolean {
  for (let i = 0; i < n; i++) if (lower(a[aFrom + i]) !== lower(b[bFrom + i])) return false;
  return true;
}

/** RFC 6125 matching of a presented dNSName against a reference host (lower-case bytes): a
 * wildcard only as the whole left-most label of a pattern with at least two more labels, and it
 * stands for exactly one non-empty label. */
function dnsIdMatches(pattern: Uint8Array, host: Uint8Array): boolean {
  let pl = pattern.length;
  if (pl > 0 && pattern[pl - 1] === 46) pl--;
  if (pl >= 2 && pattern[0] === 42 && pattern[1] === 46) {
    let dots = 0;
    for (let i = 2; i < pl; i++) if (pattern[i] === 46) dots++;
    if (dots < 1) return false;
    let first = 0;
    while (first < host.length && host[first] !== 46) first++;
    if (first === 0 || first === host.length) return false;
    const rest = host.length - first - 1;
    return rest === pl - 2 && asciiEqualFold(pattern, 2, host, first + 1, rest);
  }
  return pl === host.length && asciiEqualFold(pattern, 0, host, 0, pl);
}

/** Checks the leaf's subjectAltName against `host` (DNS name, or IP literal against iPAddress
 * entries only). The subject's common name is never used (RFC 9525). */
export function checkHost(san: Uint8Array | null, host: string): void {
  const ip = parseIp(host);
  const dns = ip === null ? hostBytes(host) : null;
  if (ip === null && dns === null) throw x509Error('bad_host', 'host name ' + JSON.stringify(host) + ' is neither a DNS name nor an IP address', ALERT_BAD_CERTIFICATE);
  if (san !== null) {
    const seq = derExpect(san, 0, san.length, TAG_SEQUENCE, 'subjectAltName');
    for (let at = seq.body; at < seq.end;) {
      const g = derRead(san, at, seq.end);
      const v = derValue(san, g);
      if (ip !== null && g.tag === 0x87 && bytesEqual(v, ip)) return;
      if (dns !== null && g.tag === 0x82 && dnsIdMatches(v, dns)) return;
      at = g.end;
    }
  }
  throw x509Error('host_mismatch', 'certificate is not valid for ' + host +
    (san === null ? ' (it has no subjectAltName)' : ''), ALERT_BAD_CERTIFICATE);
}

// --- name constraints ---

const GN_EMAIL = 0x81, GN_DNS = 0x82, GN_DIR = 0xa4, GN_URI = 0x86, GN_IP = 0x87;

function ncError(message: string): Error {
  return x509Error('name_constraints', 'name constraints violated: ' + message, ALERT_BAD_CERTIFICATE);
}

/** dNSName constraint: the name itself or any name below it ("example.com" covers
 * "a.example.com", not "badexample.com"); a leading dot means below only. */
function dnsWithin(c: Uint8Array, n: Uint8Array): boolean {
  if (c.length === 0) return true;
  if (c[0] === 46) return n.length > c.length && asciiEqualFold(c, 0, n, n.length - c.length, c.length);
  if (n.length === c.length) return asciiEqualFold(c, 0, n, 0, c.length);
  return n.length > c.length && n[n.length - c.length - 1] === 46 &&
    asciiEqualFold(c, 0, n, n.length - c.length, c.length);
}

function indexOfByte(b: Uint8Array, v: number, from: number): number {
  for (let i = from; i < b.length; i++) if (b[i] === v) return i;
  return -1;
}

/** rfc822Name constraint: a mailbox (exact), a host (the mail domain is that host), or a domain
 * with a leading dot (any host below it). */
function emailWithin(c: Uint8Array, n: Uint8Array): boolean {
  const at = indexOfByte(n, 64, 0);
  if (at < 0) return false;
  if (indexOfByte(c, 64, 0) >= 0) {
    const cat = indexOfByte(c, 64, 0);
    return c.length === n.length && bytesEqual(c.subarray(0, cat), n.subarray(0, at)) &&
      asciiEqualFold(c, cat, n, at, c.length - cat);
  }
  const dom = n.subarray(at + 1);
  if (c.length > 0 && c[0] === 46) return dom.length > c.length && asciiEqualFold(c, 0, dom, dom.length - c.length, c.length);
  return dom.length === c.length && asciiEqualFold(c, 0, dom, 0, c.length);
}

/** The host of a URI (RFC 3986 authority), or null when it has none. */
function uriHost(u: Uint8Array): Uint8Array | null {
  let i = indexOfByte(u, 58, 0);
  if (i < 0 || i + 2 >= u.length || u[i + 1] !== 47 || u[i + 2] !== 47) return null;
  let start = i + 3, end = start;
  while (end < u.length && u[end] !== 47 && u[end] !== 63 && u[end] !== 35) end++;
  const auth = u.subarray(start, end);
  const userEnd = indexOfByte(auth, 64, 0);
  if (userEnd >= 0) start += userEnd + 1;
  i = start;
  while (i < end && u[i] !== 58) i++;
  return i > start ? u.subarray(start, i) : null;
}

function uriWithin(c: Uint8Array, n: Uint8Array): boolean {
  const h = uriHost(n);
  if (h === null) return false;
  if (c.length > 0 && c[0] === 46) return h.length > c.length && asciiEqualFold(c, 0, h, h.length - c.length, c.length);
  return h.length === c.length && asciiEqualFold(c, 0, h, 0, c.length);
}

function ipWithin(c: Uint8Array, n: Uint8Array): boolean {
  if (c.length !== 2 * n.length) return false;
  for (let i = 0; i < n.length; i++) if ((n[i] & c[n.length + i]) !== (c[i] & c[n.length + i])) return false;
  return true;
}

/** Whether a name of GeneralName tag `tag` with contents `v` is within the subtree base. */
function within(tag: number, v: Uint8Array, base: Uint8Array): boolean {
  if (tag === GN_DNS) return dnsWithin(base, v);
  if (tag === GN_EMAIL) return emailWithin(base, v);
  if (tag === GN_URI) return uriWithin(base, v);
  if (tag === GN_IP) return ipWithin(base, v);
  return namePrefix(base, v, false);
}

/** Checks one name against one NameConstraints value: inside a permitted subtree when there
 * are any of its type, inside no excluded subtree. `v` is the name's contents (for directory
 * names, the Name TLV). */
function checkName(nc: Uint8Array, tag: number, v: Uint8Array, what: string): void {
  const seq = derExpect(nc, 0, nc.length, TAG_SEQUENCE, 'nameConstraints');
  for (let at = seq.body; at < seq.end;) {
    const list = derRead(nc, at, seq.end);
    if (list.tag !== 0xa0 && list.tag !== 0xa1) throw x509Error('bad_der', 'bad nameConstraints', ALERT_BAD_CERTIFICATE);
    const permitted = list.tag === 0xa0;
    let sawType = false, inside = false;
    for (let p = list.body; p < list.end;) {
      const sub = derExpect(nc, p, list.end, TAG_SEQUENCE, 'GeneralSubtree');
      const base = derRead(nc, sub.body, sub.end);
      if (base.end !== sub.end) throw x509Error('unsupported_name_constraint', 'name constraints with minimum or maximum are not supported', ALERT_UNSUPPORTED_CERTIFICATE);
      if (base.tag === tag) {
        sawType = true;
        const b = tag === GN_DIR ? derExpect(nc, base.body, base.end, TAG_SEQUENCE, 'directoryName') : null;
        const bv = b !== null ? nc.subarray(b.start, b.end) : derValue(nc, base);
        if (within(tag, v, bv)) inside = true;
      } else if (base.tag !== GN_DNS && base.tag !== GN_EMAIL && base.tag !== GN_URI && base.tag !== GN_IP && base.tag !== GN_DIR) {
        throw x509Error('unsupported_name_constraint', 'name constraint of GeneralName form ' + (base.tag & 0x1f) + ' is not supported', ALERT_UNSUPPORTED_CERTIFICATE);
      }
      p = sub.end;
    }
    if (permitted && sawType && !inside) throw ncError(what + ' is outside the permitted subtrees');
    if (!permitted && inside) throw ncError(what + ' is in an excluded subtree');
    at = list.end;
  }
}

/** Checks the subject and subjectAltName of a certificate against one NameConstraints value.
 * emailAddress attributes of the subject count as rfc822Names (RFC 5280 section 4.2.1.10). */
export function checkNameConstraints(nc: Uint8Array, subject: Uint8Array, san: Uint8Array | null): void {
  const name = derExpect(subject, 0, subject.length, TAG_SEQUENCE, 'Name');
  if (name.body < name.end) checkName(nc, GN_DIR, subject, 'subject');
  for (let r = name.body; r < name.end;) {
    const rdn = derExpect(subject, r, name.end, TAG_SET, 'RDN');
    for (let a = rdn.body; a < rdn.end;) {
      const ava = derExpect(subject, a, rdn.end, TAG_SEQUENCE, 'AttributeTypeAndValue');
      const o = derExpect(subject, ava.body, ava.end, TAG_OID, 'attribute type');
      if (hexOf(derOid(subject, o)) === OID_EMAIL_ADDRESS) {
        const val = derRead(subject, o.end, ava.end);
        if (val.tag === TAG_IA5) checkName(nc, GN_EMAIL, derValue(subject, val), 'subject emailAddress');
      }
      a = ava.end;
    }
    r = rdn.end;
  }
  if (san === null) return;
  const seq = derExpect(san, 0, san.length, TAG_SEQUENCE, 'subjectAltName');
  for (let at = seq.body; at < seq.end;) {
    const g = derRead(san, at, seq.end);
    if (g.tag === GN_DNS || g.tag === GN_EMAIL || g.tag === GN_URI || g.tag === GN_IP) {
      checkName(nc, g.tag, derValue(san, g), 'subjectAltName entry');
    } else if (g.tag === GN_DIR) {
      const d = derExpect(san, g.body, g.end, TAG_SEQUENCE, 'directoryName');
      checkName(nc, GN_DIR, san.subarray(d.start, d.end), 'subjectAltName directoryName');
    }
    at = g.end;
  }
}
