// Chain validation (RFC 5280 section 6, for TLS): build a path from the leaf through the
// certificates the peer sent (any order, extras ignored) to a trust anchor, checking each
// signature as the path grows, then apply the constraints top-down: validity under the time
// policy, CA and keyCertSign, path lengths, name constraints, extended key usage, and the host
// name. Certificates are parsed in place; one issuer key at a time is prepared and dropped.
import type { PublicKey, TrustAnchor, VerifyOptions } from './types';
import type { Certificate } from './cert';
import {
  parseCertificate, certSignatureAlgorithm, KU_KEY_CERT_SIGN, KU_DIGITAL_SIGNATURE, KU_KEY_ENCIPHERMENT,
  EKU_SERVER, EKU_CLIENT, EKU_ANY,
} from './cert';
import { parsePublicKeyInfo } from './keys';
import { verifySignature } from './signature';
import { namesEqual, checkHost, checkNameConstraints } from './names';
import {
  x509Error, bytesEqual, ALERT_BAD_CERTIFICATE, ALERT_UNSUPPORTED_CERTIFICATE, ALERT_CERTIFICATE_EXPIRED,
  ALERT_CERTIFICATE_UNKNOWN, ALERT_UNKNOWN_CA,
} from './der';
import { SHA256 } from '../crypto/sha256';
import { isMicrotlsError } from '../errors';

const DEFAULT_MAX_DEPTH = 4;
/** Certificates a peer may send (RFC 8446 puts no limit; a device must). */
const MAX_CHAIN = 10;

/** SHA-256 of a DER SubjectPublicKeyInfo: the pin of a key. */
export function spkiPin(spki: Uint8Array): Uint8Array {
  return SHA256.create().update(spki).digest();
}

function isoDate(t: number): string {
  const d = new Date(t * 1000);
  return d.toISOString ? d.toISOString().substring(0, 19) + 'Z' : String(t);
}

/** Resolved time check: [lowest allowed notAfter, highest allowed notBefore], -1 to skip one. */
interface TimeCheck {
  now: number;
  checkNotBefore: boolean;
  what: string;
}

function timeCheck(opts: VerifyOptions): TimeCheck {
  const policy = opts.timePolicy !== undefined ? opts.timePolicy : 'clock';
  const now = typeof opts.now === 'number' ? opts.now : -1;
  if (now >= 0) return { now: now, checkNotBefore: true, what: 'the current time' };
  if (policy === 'clock' || policy === 'reject') {
    throw x509Error('no_time', 'no trusted time to check validity periods (time policy ' + policy + ')', ALERT_CERTIFICATE_UNKNOWN);
  }
  if (typeof policy === 'object' && policy !== null && typeof policy.floor === 'number' && policy.floor > 0) {
    return { now: policy.floor, checkNotBefore: false, what: 'the build-time floor date' };
  }
  throw x509Error('no_time', 'no trusted time and no valid floor date in the time policy', ALERT_CERTIFICATE_UNKNOWN);
}

function validAt(c: Certificate, tc: TimeCheck): boolean {
  return c.notAfter >= tc.now && (!tc.checkNotBefore || c.notBefore <= tc.now);
}

function validityProblem(c: Certificate, tc: TimeCheck, which: string): Error {
  if (c.notAfter < tc.now) {
    return x509Error('expired', which + ' expired on ' + isoDate(c.notAfter) + ' (checked against ' + tc.what + ')', ALERT_CERTIFICATE_EXPIRED);
  }
  return x509Error('not_yet_valid', which + ' is not valid before ' + isoDate(c.notBefore), ALERT_CERTIFICATE_EXPIRED);
}

function checkValidity(c: Certificate, tc: TimeCheck, which: string): void {
  if (!validAt(c, tc)) throw validityProblem(c, tc, which);
}

function describe(i: number): string {
  return i === 0 ? 'the leaf certificate' : 'intermediate certificate ' + i + ' above the leaf';
}

/** The message of an X509Error without its alert prefix. */
function reasonOf(e: Error): string {
  const m = e.message, at = m.indexOf('): ');
  return at >= 0 && at < 40 ? m.substring(at + 3) : m;
}

/** Null when the key in `spki` signed c, else the reason (a bad signature, or an unsupported or
 * mismatched key or algorithm). The issuer's key lives only for this check. */
function signatureProblem(c: Certificate, spki: Uint8Array, allow1024: boolean, which: string): Error | null {
  try {
    const alg = certSignatureAlgorithm(c);
    const key = parsePublicKeyInfo(spki, allow1024);
    if (verifySignature(key, alg, c.tbs, c.signature)) return null;
  } catch (e) {
    if (isMicrotlsError(e) && e.name === 'X509Error') {
      // a key of another type than the signature cannot have made it
      const code = e.code === 'key_mismatch' ? 'bad_signature' : e.code;
      return x509Error(code, 'cannot check the signature of ' + which + ': ' + reasonOf(e), e.alert);
    }
    throw e;
  }
  return x509Error('bad_signature', 'the signature of ' + which + ' does not verify under its issuer\'s key', ALERT_BAD_CERTIFICATE);
}

function selfIssued(c: Certificate): boolean {
  return namesEqual(c.issuer, c.subject);
}

function anchorMatches(a: TrustAnchor, c: Certificate): boolean {
  return bytesEqual(a.spki, c.spki) && namesEqual(a.subject, c.subject);
}

/** One step of the path. */
interface Step {
  cert: Certificate;
}

/** Signature checks one validation may spend on finding a path (each is seconds of work on a
 * device; a normal chain needs two or three). */
const MAX_SIGNATURE_CHECKS = 16;

/** The state of the path search. */
interface Search {
  chain: Uint8Array[];
  anchors: TrustAnchor[];
  tc: TimeCheck;
  allow1024: boolean;
  maxDepth: number;
  path: Step[];
  used: boolean[];
  anchor: TrustAnchor | null;
  checks: number;
  firstProblem: Error | null;
  parseProblem: Error | null;
  depthProblem: Error | null;
  /** The first certificate for which no issuer was found at all. */
  noIssuer: string | null;
}

function note(s: Search, p: Error): void {
  if (s.firstProblem === null) s.firstProblem = p;
}

function checkSignature(s: Search, c: Certificate, spki: Uint8Array, which: string): Error | null {
  if (s.checks <= 0) {
    return x509Error('too_much_work', 'gave up looking for a path after ' + MAX_SIGNATURE_CHECKS + ' signature checks', ALERT_BAD_CERTIFICATE);
  }
  s.checks--;
  return signatureProblem(c, spki, s.allow1024, which);
}

/** Extends s.path (whose last certificate is the one to find an issuer for) to an anchor;
 * true when found (s.anchor set), false with the path as it was. */
function extend(s: Search): boolean {
  const cur = s.path[s.path.length - 1].cert;
  const which = describe(s.path.length - 1);
  // the current certificate may itself be an anchor (a trusted intermediate or leaf); an
  // intermediate that is an anchor leaves the path, the anchor standing for it
  for (let a = 0; a < s.anchors.length; a++) {
    if (anchorMatches(s.anchors[a], cur)) {
      s.anchor = s.anchors[a];
      if (s.path.length > 1) s.path.pop();
      return true;
    }
  }
  for (let a = 0; a < s.anchors.length; a++) {
    const ta = s.anchors[a];
    if (!namesEqual(ta.subject, cur.issuer)) continue;
    const p = checkSignature(s, cur, ta.spki, which);
    if (p === null) { s.anchor = ta; return true; }
    note(s, p);
  }
  if (s.path.length - 1 >= s.maxDepth) {
    if (s.depthProblem === null) {
      s.depthProblem = x509Error('chain_too_long', 'no trust anchor within ' + s.maxDepth + ' certificates above the leaf', ALERT_UNKNOWN_CA);
    }
    return false;
  }
  for (let i = 1; i < s.chain.length; i++) {
    if (s.used[i]) continue;
    let cand: Certificate;
    try {
      cand = parseCertificate(s.chain[i]);
    } catch (e) {
      // an extra certificate we cannot parse does not matter unless no issuer is found
      if (s.parseProblem === null) s.parseProblem = e as Error;
      continue;
    }
    if (!namesEqual(cand.subject, cur.issuer)) continue;
    let problem: Error | null;
    if (!validAt(cand, s.tc)) {
      // an expired copy of an issuer is passed over: another copy (a renewed or cross-signed
      // certificate with the same name and key) may follow
      problem = validityProblem(cand, s.tc, 'the issuer of ' + which);
    } else if (!cand.hasBasicConstraints || !cand.isCA) {
      problem = x509Error('not_ca', 'the issuer of ' + which + ' is not a CA (basicConstraints cA is ' + (cand.hasBasicConstraints ? 'false' : 'missing') + ')', ALERT_BAD_CERTIFICATE);
    } else if (cand.keyUsage >= 0 && (cand.keyUsage & KU_KEY_CERT_SIGN) === 0) {
      problem = x509Error('bad_key_usage', 'the issuer of ' + which + ' may not sign certificates (keyUsage without keyCertSign)', ALERT_BAD_CERTIFICATE);
    } else problem = checkSignature(s, cur, cand.spki, which);
    if (problem !== null) { note(s, problem); continue; }
    s.used[i] = true;
    s.path.push({ cert: cand });
    if (extend(s)) return true;
    s.path.pop();
    s.used[i] = false;
  }
  if (s.noIssuer === null) s.noIssuer = which;
  return false;
}

/**
 * Validates `chain` (DER certificates, the leaf first, the rest in any order) against
 * opts.anchors and returns the leaf's public key. Throws X509Error whose `code` names the reason
 * and whose `alert` is the TLS alert to send.
 */
export function verifyChain(chain: Uint8Array[], opts: VerifyOptions): PublicKey {
  if (chain.length === 0) throw x509Error('empty_chain', 'the peer sent no certificate', ALERT_BAD_CERTIFICATE);
  if (chain.length > MAX_CHAIN) throw x509Error('chain_too_long', 'the peer sent ' + chain.length + ' certificates (at most ' + MAX_CHAIN + ')', ALERT_BAD_CERTIFICATE);
  const allow1024 = opts.allow1024 === true;
  const tc = timeCheck(opts);
  const leaf = parseCertificate(chain[0]);
  const leafKey = parsePublicKeyInfo(leaf.spki, allow1024);
  if (opts.pins && opts.pins.length > 0) {
    const pin = spkiPin(leaf.spki);
    for (let i = 0; i < opts.pins.length; i++) if (bytesEqual(pin, opts.pins[i])) return leafKey;
    if (opts.anchors.length === 0) throw x509Error('pin_mismatch', 'the leaf key matches none of the pinned keys', ALERT_BAD_CERTIFICATE);
  }
  const maxDepth = typeof opts.maxDepth === 'number' ? opts.maxDepth : DEFAULT_MAX_DEPTH;
  const purposeFlag = opts.purpose === 'client' ? EKU_CLIENT : EKU_SERVER;
  const purposeName = opts.purpose === 'client' ? 'clientAuth' : 'serverAuth';

  // 1. Build the path bottom-up (a bounded depth-first search: a wrong turn, such as a
  // cross-signed copy of an intermediate that leads to an unknown root, is undone).
  const search: Search = {
    chain: chain, anchors: opts.anchors, tc: tc, allow1024: allow1024, maxDepth: maxDepth,
    path: [{ cert: leaf }], used: [true], anchor: null, checks: MAX_SIGNATURE_CHECKS,
    firstProblem: null, parseProblem: null, depthProblem: null, noIssuer: null,
  };
  for (let i = 1; i < chain.length; i++) search.used.push(false);
  if (!extend(search)) {
    if (search.firstProblem !== null) throw search.firstProblem;
    if (search.depthProblem !== null) throw search.depthProblem;
    if (search.parseProblem !== null) throw search.parseProblem;
    throw x509Error('unknown_issuer', 'no trust anchor or sent certificate is the issuer of ' + search.noIssuer, ALERT_UNKNOWN_CA);
  }
  const path = search.path;
  const anchor = search.anchor as TrustAnchor;

  // 2. Constraints, top-down from the anchor (RFC 5280 section 6.1.4): path lengths and name
  // constraints (a list of every NameConstraints above; a name must satisfy each of them).
  let maxPath = anchor.pathLen >= 0 ? anchor.pathLen : 1000;
  const constraints: Uint8Array[] = [];
  if (anchor.nameConstraints !== null) constraints.push(anchor.nameConstraints);
  for (let i = path.length - 1; i >= 0; i--) {
    const c = path[i].cert;
    const which = describe(i);
    checkValidity(c, tc, which);
    if (c.unknownCritical !== null) {
      throw x509Error('unknown_critical_extension', which + ' has a critical extension this stack does not process (' + c.unknownCritical + ')', ALERT_UNSUPPORTED_CERTIFICATE);
    }
    if (c.version < 3 && i > 0) throw x509Error('not_ca', which + ' is a version ' + c.version + ' certificate, not a CA', ALERT_BAD_CERTIFICATE);
    const self = i > 0 && selfIssued(c);
    if (!self) for (let k = 0; k < constraints.length; k++) {
      try {
        checkNameConstraints(constraints[k], c.subject, c.san);
      } catch (e) {
        if (isMicrotlsError(e) && e.code === 'name_constraints') throw x509Error('name_constraints', which + ': ' + reasonOf(e), e.alert);
        throw e;
      }
    }
    if (c.extKeyUsage >= 0 && (c.extKeyUsage & (purposeFlag | EKU_ANY)) === 0) {
      throw x509Error('bad_eku', which + ' is not for ' + purposeName + ' (extKeyUsage)', ALERT_UNSUPPORTED_CERTIFICATE);
    }
    if (i === 0) break;
    if (!self) {
      if (maxPath <= 0) throw x509Error('path_length', 'path length constraint exceeded at ' + which, ALERT_BAD_CERTIFICATE);
      maxPath--;
    }
    if (c.pathLen >= 0 && c.pathLen < maxPath) maxPath = c.pathLen;
    if (c.nameConstraints !== null) constraints.push(c.nameConstraints);
  }
  const ku = opts.leafKeyUsage;
  if (ku !== undefined && leaf.keyUsage >= 0) {
    const bit = ku === 'keyEncipherment' ? KU_KEY_ENCIPHERMENT : KU_DIGITAL_SIGNATURE;
    if ((leaf.keyUsage & bit) === 0) {
      throw x509Error('bad_key_usage', 'the leaf certificate\'s keyUsage does not allow ' + ku, ALERT_UNSUPPORTED_CERTIFICATE);
    }
  }
  if (opts.host !== undefined && opts.host !== null && opts.host !== '') checkHost(leaf.san, opts.host);
  return leafKey;
}

/** A trust anchor from a CA certificate (DER): its subject, key, path length and name
 * constraints; the rest of the certificate is not kept. */
export function anchorFromCertificate(der: Uint8Array): TrustAnchor {
  const c = parseCertificate(der);
  parsePublicKeyInfo(c.spki, true); // refuse keys we could never verify with
  return {
    subject: copy(c.subject), spki: copy(c.spki), pathLen: c.isCA ? c.pathLen : -1,
    nameConstraints: c.nameConstraints !== null ? copy(c.nameConstraints) : null,
  };
}

function copy(b: Uint8Array): Uint8Array {
  const r = new Uint8Array(b.length);
  r.set(b);
  return r;
}
