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
import { namesEqual, checkHost } from './names';
import { checkNameConstraints } from './constraints';
import { boardHas } from '../board';
import {
  x509Error, fail, bytesEqual, LEFT_OUT, ALERT_UNSUPPORTED_CERTIFICATE, ALERT_CERTIFICATE_EXPIRED, ALERT_CERTIFICATE_UNKNOWN,
  ALERT_UNKNOWN_CA,
} from './der';
import { sha256 } from '../crypto/sha256';
import { copyBytes } from '../bytes';
import { isMicrotlsError } from '../errors';

/** Certificates a peer may send (RFC 8446 puts no limit; a device must). */
const MAX_CHAIN = 10;
/** Signature checks one validation may spend on finding a path (each is seconds of work on a
 * device; a normal chain needs two or three). */
const MAX_SIGNATURE_CHECKS = 16;

/** spkiPin(spki): SHA-256 of a DER SubjectPublicKeyInfo, the pin of a key. */
export { sha256 as spkiPin };

/** A validity date as text (parseTime's years are 0-9999, inside Date's range). */
function isoDate(t: number): string {
  return new Date(t * 1000).toISOString().substring(0, 19) + 'Z';
}

function describe(i: number): string {
  return i === 0 ? 'the leaf certificate' : 'intermediate certificate ' + i + ' above the leaf';
}

/** What a build without feature name-constraints says of a CA or anchor that has them. */
function ncLeftOut(which: string): Error {
  return x509Error('unsupported_name_constraint', which + ' has name constraints' + LEFT_OUT, ALERT_UNSUPPORTED_CERTIFICATE);
}

/**
 * Validates `chain` (DER certificates, the leaf first, the rest in any order) against
 * opts.anchors and returns the leaf's public key. Throws X509Error whose `code` names the reason
 * and whose `alert` is the TLS alert to send.
 */
export function verifyChain(chain: Uint8Array[], opts: VerifyOptions): PublicKey {
  const n = chain.length, anchors = opts.anchors, allow1024 = opts.allow1024 === true;
  if (n === 0) fail('empty_chain', 'no certificate');
  if (n > MAX_CHAIN) fail('chain_too_long', 'more than ' + MAX_CHAIN + ' certificates');
  // The time check: against now, or (no trusted time) notAfter against a floor date.
  const policy = opts.timePolicy || 'clock';
  let now = typeof opts.now === 'number' ? opts.now : -1, floor = false;
  if (now < 0) {
    const f = policy && (policy as { floor: number }).floor;
    if (typeof f !== 'number' || !(f > 0)) fail('no_time', 'no trusted time (time policy ' + JSON.stringify(policy) + ')', ALERT_CERTIFICATE_UNKNOWN);
    now = f;
    floor = true;
  }
  /** Null when c is valid at the checked time, else why not. */
  const timeProblem = function (c: Certificate, which: string): Error | null {
    const late = c.notAfter < now;
    return late || (!floor && c.notBefore > now) ? x509Error(late ? 'expired' : 'not_yet_valid', which + (late
      ? ' expired on ' + isoDate(c.notAfter) + (floor ? ' (floor date)' : '') : ' is not valid before ' + isoDate(c.notBefore)), ALERT_CERTIFICATE_EXPIRED) : null;
  };

  const leaf = parseCertificate(chain[0]), leafKey = parsePublicKeyInfo(leaf.spki, allow1024);
  const pins = opts.pins;
  if (pins && pins.length > 0) {
    const pin = sha256(leaf.spki);
    for (let i = 0; i < pins.length; i++) if (bytesEqual(pin, pins[i])) return leafKey;
    if (anchors.length === 0) fail('pin_mismatch', 'leaf key not pinned');
  }
  const maxDepth = typeof opts.maxDepth === 'number' ? opts.maxDepth : 4;

  // 1. Build the path bottom-up (a bounded depth-first search: a wrong turn, such as a
  // cross-signed copy of an intermediate that leads to an unknown root, is undone).
  // Each certificate is parsed once; one we cannot parse does not matter unless no issuer is
  // found.
  const path: Certificate[] = [leaf], certs: (Certificate | null)[] = [leaf];
  let anchor: TrustAnchor | null = null, checks = MAX_SIGNATURE_CHECKS, noIssuer = '';
  let firstProblem: Error | null = null, parseProblem: Error | null = null, depthProblem: Error | null = null;
  for (let i = 1; i < n; i++) {
    let c: Certificate | null = null;
    try {
      c = parseCertificate(chain[i]);
    } catch (e) {
      if (!parseProblem) parseProblem = e as Error;
    }
    certs.push(c);
  }

  /** Keeps the first reason a candidate issuer failed, for the final error. */
  const note = function (p: Error | null): Error | null {
    if (!firstProblem) firstProblem = p;
    return p;
  };

  /** Null when the key in `spki` signed c, else why not (a bad signature, or an unsupported or
   * mismatched key or algorithm). The
   * issuer's key lives only for this check. */
  const signatureProblem = function (c: Certificate, spki: Uint8Array, which: string): Error | null {
    let p: Error | null = null;
    if (checks-- <= 0) p = x509Error('too_much_work', 'path search gave up after ' + MAX_SIGNATURE_CHECKS + ' signatures');
    else {
      try {
        if (!verifySignature(parsePublicKeyInfo(spki, allow1024), certSignatureAlgorithm(c), c.tbs, c.signature)) {
          p = x509Error('bad_signature', 'bad signature on ' + which);
        }
      } catch (e) {
        if (!isMicrotlsError(e) || e.name !== 'X509Error') throw e;
        // a key of another type than the signature cannot have made it; the reason without
        // its alert prefix (every X509Error of keys and algorithms carries an alert)
        const m = e.message;
        p = x509Error(e.code === 'key_mismatch' ? 'bad_signature' : e.code, 'signature of ' + which + ': ' + m.substring(m.indexOf('): ') + 3), e.alert);
      }
    }
    return note(p);
  };

  /** Extends the path (whose last certificate needs an issuer) to an anchor; true when found
   * (anchor set), false with the path as it was. */
  const extend = function (): boolean {
    const depth = path.length - 1, cur = path[depth], which = describe(depth);
    // the current certificate may itself be an anchor (a trusted intermediate or leaf); an
    // intermediate that is an anchor leaves the path, the anchor standing for it
    for (let a = 0; a < anchors.length; a++) {
      const A = anchors[a];
      if (bytesEqual(A.spki, cur.spki) && namesEqual(A.subject, cur.subject)) {
        if (depth > 0) path.pop();
      } else if (!namesEqual(A.subject, cur.issuer) || signatureProblem(cur, A.spki, which)) continue;
      anchor = A;
      return true;
    }
    if (depth >= maxDepth) {
      if (!depthProblem) depthProblem = x509Error('chain_too_long', 'no anchor within ' + maxDepth + ' certificates', ALERT_UNKNOWN_CA);
      return false;
    }
    for (let i = 1; i < n; i++) {
      const cand = certs[i];
      if (!cand || path.indexOf(cand) >= 0 || !namesEqual(cand.subject, cur.issuer)) continue;
      const up = 'the issuer of ' + which;
      // an expired copy of an issuer is passed over: another copy (a renewed or cross-signed
      // certificate with the same name and key) may follow
      // (a build without name-constraints takes no path through a CA that has them: refused
      // before any signature work on it)
      const p = timeProblem(cand, up) || (!cand.isCA ? x509Error('not_ca', up + ' is not a CA')
        : !(cand.ku & KU_KEY_CERT_SIGN) ? x509Error('bad_key_usage', up + ' lacks keyCertSign')
          : cand.nc && !boardHas('name-constraints') ? ncLeftOut(up) : null);
      if (p ? note(p) : signatureProblem(cur, cand.spki, which)) continue;
      path.push(cand);
      if (extend()) return true;
      path.pop();
    }
    if (!noIssuer) noIssuer = which;
    return false;
  };
  if (!extend()) {
    throw firstProblem || depthProblem || parseProblem || x509Error('unknown_issuer', 'found no issuer of ' + noIssuer +
      (boardHas('name-folding') ? '' : ' (names compared byte for byte)'), ALERT_UNKNOWN_CA);
  }
  const ta = anchor as unknown as TrustAnchor;

  // 2. Constraints, top-down from the anchor (RFC 5280 section 6.1.4): path lengths and name
  // constraints (a list of every NameConstraints above; a name must satisfy each of them).
  let maxPath = ta.pathLen >= 0 ? ta.pathLen : 1000;
  // (without feature name-constraints no CA in the path has them: path building passed over
  // those; an anchor with them is refused here)
  if (ta.nameConstraints && !boardHas('name-constraints')) throw ncLeftOut('the trust anchor');
  const ncs: Uint8Array[] = boardHas('name-constraints') && ta.nameConstraints ? [ta.nameConstraints] : [];
  const purpose = opts.purpose === 'client';
  for (let i = path.length - 1; i >= 0; i--) {
    const c = path[i], which = describe(i), p = timeProblem(c, which);
    if (p) throw p;
    if (c.uc) fail('unknown_critical_extension', which + ' has unknown critical extension ' + c.uc, ALERT_UNSUPPORTED_CERTIFICATE);
    // (a v1 or v2 certificate above the leaf cannot be here: without extensions it is no CA, and
    // path building refused it as not_ca)
    const self = i > 0 && namesEqual(c.issuer, c.subject);
    if (boardHas('name-constraints') && !self) for (let k = 0; k < ncs.length; k++) checkNameConstraints(ncs[k], c.subject, c.san, which);
    if (!(c.eku & ((purpose ? EKU_CLIENT : EKU_SERVER) | EKU_ANY))) {
      fail('bad_eku', which + ' lacks extKeyUsage ' + (purpose ? 'clientAuth' : 'serverAuth'), ALERT_UNSUPPORTED_CERTIFICATE);
    }
    if (i === 0) break;
    if (!self) {
      if (maxPath <= 0) fail('path_length', 'pathLen exceeded at ' + which);
      maxPath--;
    }
    if (c.pathLen >= 0 && c.pathLen < maxPath) maxPath = c.pathLen;
    if (boardHas('name-constraints') && c.nc) ncs.push(c.nc);
  }
  const ku = opts.leafKeyUsage;
  if (ku !== undefined && !(leaf.ku & (ku === 'keyEncipherment' ? KU_KEY_ENCIPHERMENT : KU_DIGITAL_SIGNATURE))) {
    fail('bad_key_usage', 'leaf keyUsage lacks ' + ku, ALERT_UNSUPPORTED_CERTIFICATE);
  }
  if (opts.host) checkHost(leaf.san, opts.host);
  return leafKey;
}

/** A trust anchor from a CA certificate (DER): its subject, key, path length and name
 * constraints; the rest of the certificate is not kept. */
export function anchorFromCertificate(der: Uint8Array): TrustAnchor {
  const c = parseCertificate(der);
  parsePublicKeyInfo(c.spki, true); // refuse keys we could never verify with
  return {
    subject: copyBytes(c.subject), spki: copyBytes(c.spki), pathLen: c.isCA ? c.pathLen : -1,
    nameConstraints: c.nc ? copyBytes(c.nc) : null,
  };
}
