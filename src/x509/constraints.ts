// Name constraints (RFC 5280 section 4.2.1.10; feature name-constraints): the subject and
// subjectAltName of each certificate below a CA that carries them must lie inside its permitted
// subtrees and outside its excluded ones. DNS, rfc822Name, URI, iPAddress and directoryName
// forms; anything else (and minimum/maximum) is refused. A build without the feature refuses
// every chain that has them (verify.ts).
import { fail, bad, der, rd, more, val, tlvBytes, bytesEqual, TAG_SEQUENCE, TAG_SET, TAG_OID, TAG_IA5, ALERT_UNSUPPORTED_CERTIFICATE } from './der';
import { kids, tailIn, indexOfByte, namePrefix, GN_DNS, GN_IP } from './names';
import { oidIndex, OID_EMAIL_ADDRESS } from './oids';

/** The other GeneralName forms (context tags) constraints handle. */
const GN_EMAIL = 0x81, GN_URI = 0x86, GN_DIR = 0xa4;
const GN_FORMS = [GN_EMAIL, GN_DNS, GN_URI, GN_IP, GN_DIR];

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
