// Certificates (RFC 5280 section 4), parsed in place: every field is a view into the DER the
// caller holds, and the few extensions validation needs are decoded into small numbers. Nothing
// is checked against other certificates here (that is verify.ts).
import type { PublicKey } from './types';
import {
  Tlv, x509Error, derRead, derExpect, derWhole, derValue, derTlvBytes, derBoolean, derSmallInt,
  derBitStringBytes, derOid, derCheck, hexOf, MAX_DEPTH, TAG_SEQUENCE, TAG_INTEGER, TAG_OID,
  TAG_BOOLEAN, TAG_OCTET_STRING, TAG_BIT_STRING, TAG_UTC_TIME, TAG_GENERALIZED_TIME, ALERT_BAD_CERTIFICATE,
} from './der';
import { parseSignatureAlgorithm } from './signature';
import type { SignatureAlgorithm } from './signature';
import { parsePublicKeyInfo } from './keys';
import {
  OID_SKI, OID_KEY_USAGE, OID_SAN, OID_BASIC_CONSTRAINTS, OID_NAME_CONSTRAINTS, OID_CERT_POLICIES,
  OID_AKI, OID_EXT_KEY_USAGE, OID_EKU_SERVER, OID_EKU_CLIENT, OID_EKU_ANY,
} from './oids';

/** keyUsage bits (RFC 5280 section 4.2.1.3) as flags: bit n of the BIT STRING is 1 << n. */
export const KU_DIGITAL_SIGNATURE = 1;
export const KU_KEY_ENCIPHERMENT = 4;
export const KU_KEY_AGREEMENT = 16;
export const KU_KEY_CERT_SIGN = 32;

/** extKeyUsage flags. */
export const EKU_SERVER = 1;
export const EKU_CLIENT = 2;
export const EKU_ANY = 4;
export const EKU_OTHER = 8;

export interface Certificate {
  /** The whole certificate and its to-be-signed part (views). */
  der: Uint8Array;
  tbs: Uint8Array;
  /** 1, 2 or 3. */
  version: number;
  serial: Uint8Array;
  /** The outer signature AlgorithmIdentifier (checked byte-equal to the one inside tbs), decoded
   * only when a signature is checked (an anchor's own algorithm never matters). */
  sigAlg: Uint8Array;
  signature: Uint8Array;
  /** DER Names, tag and length included. */
  issuer: Uint8Array;
  subject: Uint8Array;
  /** Seconds since the Unix epoch. */
  notBefore: number;
  notAfter: number;
  /** DER SubjectPublicKeyInfo. */
  spki: Uint8Array;
  /** basicConstraints: present, cA, pathLenConstraint (-1: none). */
  hasBasicConstraints: boolean;
  isCA: boolean;
  pathLen: number;
  /** keyUsage flags, or -1 when the extension is absent. */
  keyUsage: number;
  /** extKeyUsage flags, or -1 when absent. */
  extKeyUsage: number;
  /** GeneralNames of subjectAltName, and the NameConstraints value, as DER (or null). */
  san: Uint8Array | null;
  nameConstraints: Uint8Array | null;
  /** authorityKeyIdentifier keyIdentifier and subjectKeyIdentifier, or null. */
  aki: Uint8Array | null;
  ski: Uint8Array | null;
  /** OID (hex) of the first critical extension this code does not process, or null. */
  unknownCritical: string | null;
}

function certError(message: string): Error {
  return x509Error('bad_certificate', message, ALERT_BAD_CERTIFICATE);
}

function digits(buf: Uint8Array, at: number, n: number): number {
  let v = 0;
  for (let i = 0; i < n; i++) {
    const c = buf[at + i] - 48;
    if (c < 0 || c > 9) throw certError('bad digit in a time');
    v = v * 10 + c;
  }
  return v;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (month 1..12). */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = m > 2 ? m - 3 : m + 9;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** UTCTime YYMMDDHHMMSSZ or GeneralizedTime YYYYMMDDHHMMSSZ (the DER forms RFC 5280 allows). */
export function parseTime(buf: Uint8Array, t: Tlv): number {
  const n = t.end - t.body;
  let at = t.body, year: number;
  if (t.tag === TAG_UTC_TIME && n === 13) {
    year = digits(buf, at, 2);
    year += year >= 50 ? 1900 : 2000;
    at += 2;
  } else if (t.tag === TAG_GENERALIZED_TIME && n === 15) {
    year = digits(buf, at, 4);
    at += 4;
  } else throw certError('time is not UTCTime or GeneralizedTime in the DER form');
  if (buf[t.end - 1] !== 0x5a) throw certError('time not in UTC (Z)');
  const mo = digits(buf, at, 2), d = digits(buf, at + 2, 2);
  const h = digits(buf, at + 4, 2), mi = digits(buf, at + 6, 2), s = digits(buf, at + 8, 2);
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) throw certError('time out of range');
  return daysFromCivil(year, mo, d) * 86400 + h * 3600 + mi * 60 + s;
}

/** keyUsage BIT STRING as flags (bit n -> 1 << n; only the first 9 bits are defined). */
function keyUsageFlags(v: Uint8Array): number {
  const t = derWhole(v, TAG_BIT_STRING, 'keyUsage');
  const n = t.end - t.body;
  if (n < 1 || v[t.body] > 7 || (n === 1 && v[t.body] !== 0)) throw certError('bad keyUsage');
  let flags = 0;
  for (let i = 1; i < n && i <= 2; i++) {
    const b = v[t.body + i];
    for (let j = 0; j < 8; j++) if ((b & (0x80 >> j)) !== 0) flags |= 1 << ((i - 1) * 8 + j);
  }
  return flags;
}

function ekuFlags(v: Uint8Array): number {
  const t = derWhole(v, TAG_SEQUENCE, 'extKeyUsage');
  let at = t.body, flags = 0;
  if (at === t.end) throw certError('empty extKeyUsage');
  while (at < t.end) {
    const o = derExpect(v, at, t.end, TAG_OID, 'extKeyUsage');
    const oid = hexOf(derOid(v, o));
    flags |= oid === OID_EKU_SERVER ? EKU_SERVER : oid === OID_EKU_CLIENT ? EKU_CLIENT : oid === OID_EKU_ANY ? EKU_ANY : EKU_OTHER;
    at = o.end;
  }
  return flags;
}

function applyExtension(c: Certificate, oid: string, critical: boolean, v: Uint8Array): void {
  if (oid === OID_BASIC_CONSTRAINTS) {
    const t = derWhole(v, TAG_SEQUENCE, 'basicConstraints');
    let at = t.body;
    c.hasBasicConstraints = true;
    if (at < t.end) {
      const f = derRead(v, at, t.end);
      if (f.tag === TAG_BOOLEAN) { c.isCA = derBoolean(v, f); at = f.end; }
    }
    if (at < t.end) {
      const p = derExpect(v, at, t.end, TAG_INTEGER, 'pathLenConstraint');
      c.pathLen = derSmallInt(v, p, 'pathLenConstraint');
      at = p.end;
    }
    if (at !== t.end) throw certError('bytes after basicConstraints');
  } else if (oid === OID_KEY_USAGE) c.keyUsage = keyUsageFlags(v);
  else if (oid === OID_EXT_KEY_USAGE) c.extKeyUsage = ekuFlags(v);
  else if (oid === OID_SAN) {
    const t = derWhole(v, TAG_SEQUENCE, 'subjectAltName');
    if (t.body === t.end) throw certError('empty subjectAltName');
    c.san = v;
  } else if (oid === OID_NAME_CONSTRAINTS) {
    derWhole(v, TAG_SEQUENCE, 'nameConstraints');
    c.nameConstraints = v;
  } else if (oid === OID_AKI) {
    const t = derWhole(v, TAG_SEQUENCE, 'authorityKeyIdentifier');
    if (t.body < t.end) {
      const k = derRead(v, t.body, t.end);
      if (k.tag === 0x80) c.aki = derValue(v, k);
    }
  } else if (oid === OID_SKI) {
    c.ski = derValue(v, derWhole(v, TAG_OCTET_STRING, 'subjectKeyIdentifier'));
  } else if (oid === OID_CERT_POLICIES) {
    // Policies are not processed: with no initial policy set and no policy constraints (which
    // stay unknown-critical), RFC 5280's result does not depend on them.
  } else if (critical && c.unknownCritical === null) c.unknownCritical = oid;
}

function parseExtensions(c: Certificate, buf: Uint8Array, t: Tlv): void {
  const seq = derExpect(buf, t.body, t.end, TAG_SEQUENCE, 'extensions');
  if (seq.end !== t.end) throw certError('bytes after the extensions');
  if (seq.body === seq.end) throw certError('empty extensions');
  const seen: string[] = [];
  let at = seq.body;
  while (at < seq.end) {
    const e = derExpect(buf, at, seq.end, TAG_SEQUENCE, 'extension');
    const o = derExpect(buf, e.body, e.end, TAG_OID, 'extension id');
    const oid = hexOf(derOid(buf, o));
    for (let i = 0; i < seen.length; i++) if (seen[i] === oid) throw certError('extension ' + oid + ' appears twice');
    seen.push(oid);
    let f = derRead(buf, o.end, e.end), critical = false;
    if (f.tag === TAG_BOOLEAN) {
      critical = derBoolean(buf, f);
      if (!critical) throw certError('critical FALSE is not DER (default value encoded)');
      f = derRead(buf, f.end, e.end);
    }
    if (f.tag !== TAG_OCTET_STRING || f.end !== e.end) throw certError('extension value is not an OCTET STRING');
    applyExtension(c, oid, critical, derValue(buf, f));
    at = e.end;
  }
}

/** Parses a DER certificate in place. Refuses malformed DER and unsupported signature algorithms
 * (X509Error); does not look at the key beyond finding its SPKI. */
export function parseCertificate(der: Uint8Array): Certificate {
  const cert = derWhole(der, TAG_SEQUENCE, 'Certificate');
  derCheck(der, cert.body, cert.end, MAX_DEPTH);
  const tbs = derExpect(der, cert.body, cert.end, TAG_SEQUENCE, 'tbsCertificate');
  const outerAlg = derExpect(der, tbs.end, cert.end, TAG_SEQUENCE, 'signatureAlgorithm');
  const sigT = derExpect(der, outerAlg.end, cert.end, TAG_BIT_STRING, 'signatureValue');
  if (sigT.end !== cert.end) throw certError('bytes after the signature');
  let at = tbs.body, version = 1;
  let f = derRead(der, at, tbs.end);
  if (f.tag === 0xa0) {
    const v = derExpect(der, f.body, f.end, TAG_INTEGER, 'version');
    if (v.end !== f.end) throw certError('bytes after the version');
    version = derSmallInt(der, v, 'version') + 1;
    if (version < 2 || version > 3) throw x509Error('bad_version', 'certificate version ' + version, ALERT_BAD_CERTIFICATE);
    at = f.end;
  }
  const serial = derExpect(der, at, tbs.end, TAG_INTEGER, 'serialNumber');
  if (serial.end - serial.body < 1 || serial.end - serial.body > 20 + 1) throw certError('serial number of bad length');
  const innerAlg = derExpect(der, serial.end, tbs.end, TAG_SEQUENCE, 'signature');
  const a = derTlvBytes(der, innerAlg), b = derTlvBytes(der, outerAlg);
  let same = a.length === b.length;
  for (let i = 0; same && i < a.length; i++) same = a[i] === b[i];
  if (!same) throw certError('the two signature algorithms differ');
  const issuer = derExpect(der, innerAlg.end, tbs.end, TAG_SEQUENCE, 'issuer');
  const validity = derExpect(der, issuer.end, tbs.end, TAG_SEQUENCE, 'validity');
  const nb = derRead(der, validity.body, validity.end);
  const na = derRead(der, nb.end, validity.end);
  if (na.end !== validity.end) throw certError('bytes after notAfter');
  const subject = derExpect(der, validity.end, tbs.end, TAG_SEQUENCE, 'subject');
  const spki = derExpect(der, subject.end, tbs.end, TAG_SEQUENCE, 'subjectPublicKeyInfo');
  const c: Certificate = {
    der: der, tbs: derTlvBytes(der, tbs), version: version, serial: derValue(der, serial),
    sigAlg: b, signature: derBitStringBytes(der, sigT, 'signatureValue'),
    issuer: derTlvBytes(der, issuer), subject: derTlvBytes(der, subject),
    notBefore: parseTime(der, nb), notAfter: parseTime(der, na), spki: derTlvBytes(der, spki),
    hasBasicConstraints: false, isCA: false, pathLen: -1, keyUsage: -1, extKeyUsage: -1,
    san: null, nameConstraints: null, aki: null, ski: null, unknownCritical: null,
  };
  at = spki.end;
  while (at < tbs.end) {
    f = derRead(der, at, tbs.end);
    if (f.tag === 0x81 || f.tag === 0x82 || f.tag === 0xa1 || f.tag === 0xa2) {
      if (version < 2) throw certError('unique identifiers in a version 1 certificate');
    } else if (f.tag === 0xa3) {
      if (version !== 3) throw certError('extensions in a certificate before version 3');
      parseExtensions(c, der, f);
    } else throw certError('unexpected field in tbsCertificate');
    at = f.end;
  }
  return c;
}

/** The public key of a certificate, without validating anything. */
export function certPublicKey(certDer: Uint8Array, allow1024?: boolean): PublicKey {
  const c = parseCertificate(certDer);
  return parsePublicKeyInfo(c.spki, allow1024);
}

/** The signature algorithm of a certificate (X509Error when unsupported). */
export function certSignatureAlgorithm(c: Certificate): SignatureAlgorithm {
  return parseSignatureAlgorithm(c.sigAlg, derRead(c.sigAlg, 0, c.sigAlg.length));
}
