// Certificates (RFC 5280 section 4), parsed in place: every field is a view into the DER the
// caller holds, and the few extensions validation needs are decoded into small numbers. Nothing
// is checked against other certificates here (that is verify.ts).
import type { PublicKey } from './types';
import {
  Tlv, fail, der, rd, more, opt, fin, val, tlvBytes, bool, smallInt, bits, derCheck, oidHex, bytesEqual, MAX_DEPTH,
  TAG_SEQUENCE, TAG_INTEGER, TAG_OID, TAG_BOOLEAN, TAG_OCTET_STRING, TAG_BIT_STRING,
} from './der';
import { parsePublicKeyInfo } from './keys';
import {
  oidIndex, OID_SKI, OID_KEY_USAGE, OID_SAN, OID_BASIC_CONSTRAINTS, OID_NAME_CONSTRAINTS, OID_EXT_KEY_USAGE,
  OID_EKU_SERVER,
} from './oids';

/** keyUsage bits (RFC 5280 section 4.2.1.3) as flags: the first two bytes of the BIT STRING as
 * a number, so bit n is 0x8000 >> n. */
export const KU_DIGITAL_SIGNATURE = 0x8000;
export const KU_KEY_ENCIPHERMENT = 0x2000;
export const KU_KEY_CERT_SIGN = 0x400;

/** extKeyUsage flags: serverAuth, clientAuth, anyExtendedKeyUsage (others set no flag). */
export const EKU_SERVER = 1;
export const EKU_CLIENT = 2;
export const EKU_ANY = 4;

export interface Certificate {
  /** The to-be-signed part (a view). */
  tbs: Uint8Array;
  /** 1, 2 or 3. */
  version: number;
  serial: Uint8Array;
  /** The signature AlgorithmIdentifier (checked byte-equal to the one inside tbs), decoded only
   * when a signature is checked (an anchor's own algorithm never matters). */
  alg: Uint8Array;
  signature: Uint8Array;
  /** DER Names, tag and length included. */
  issuer: Uint8Array;
  subject: Uint8Array;
  /** Seconds since the Unix epoch. */
  notBefore: number;
  notAfter: number;
  /** DER SubjectPublicKeyInfo. */
  spki: Uint8Array;
  /** basicConstraints present and cA true. */
  isCA: boolean;
  /** basicConstraints present. */
  bc: boolean;
  /** pathLenConstraint, -1 for none. */
  pathLen: number;
  /** keyUsage flags, or -1 (every flag: no restriction) when the extension is absent. */
  ku: number;
  /** extKeyUsage flags, or -1 (every flag) when absent. */
  eku: number;
  /** GeneralNames of subjectAltName, and the NameConstraints value, as DER (or null). */
  san: Uint8Array | null;
  nc: Uint8Array | null;
  /** OID (hex) of the first critical extension this code does not process, or null. */
  uc: string | null;
}

function certError(message: string): never {
  return fail('bad_certificate', message);
}

/** UTCTime YYMMDDHHMMSSZ or GeneralizedTime YYYYMMDDHHMMSSZ (the DER forms RFC 5280 allows). */
function parseTime(t: Tlv): number {
  const b = t.b, n = t.end - t.body, f: number[] = [];
  let ok = ((t.tag === 0x17 && n === 13) || (t.tag === 0x18 && n === 15)) && b[t.end - 1] === 0x5a;
  // the year's digits (two or four), then month, day, hour, minute, second: two digits each
  for (let i = t.body; ok && i < t.end - 1; i += 2) {
    const h = b[i] - 48, l = b[i + 1] - 48;
    ok = h >= 0 && h <= 9 && l >= 0 && l <= 9;
    f.push(h * 10 + l);
  }
  // UTCTime's century: 19 for YY of 50 and above, else 20
  if (n === 13) f.unshift(f[0] < 50 ? 20 : 19);
  const m = f[2], d = f[3];
  if (!ok || m < 1 || m > 12 || d < 1 || d > 31 || f[4] > 23 || f[5] > 59 || f[6] > 59) certError('bad time');
  // days since 1970-01-01 of a proleptic Gregorian date (years counted from March, and from 400
  // years later, one whole cycle of 146097 days, so y stays positive and y >> 2 is its quarter)
  const y = f[0] * 100 + f[1] + (m > 2 ? 400 : 399);
  const days = y * 365 + (y >> 2) - Math.floor(y / 100) + Math.floor(y / 400) + Math.floor((153 * ((m + 9) % 12) + 2) / 5) + d - 865566;
  return ((days * 24 + f[4]) * 60 + f[5]) * 60 + f[6];
}

/** Parses a DER certificate in place. Refuses malformed DER (X509Error); does not look at the
 * key or the signature algorithm beyond finding them. */
export function parseCertificate(d: Uint8Array): Certificate {
  const cert = der(d, TAG_SEQUENCE);
  derCheck(d, cert.body, cert.end, MAX_DEPTH);
  const tbs = rd(cert, TAG_SEQUENCE), outer = tlvBytes(rd(cert, TAG_SEQUENCE)), sig = bits(rd(cert));
  fin(cert);
  let version = 1, f = rd(tbs);
  if (f.tag === 0xa0) {
    version = smallInt(rd(f, TAG_INTEGER)) + 1;
    fin(f);
    if (version < 2 || version > 3) certError('certificate version ' + version);
    f = rd(tbs);
  }
  const serial = val(f);
  if (f.tag !== TAG_INTEGER || serial.length < 1 || serial.length > 21) certError('bad serial number');
  if (!bytesEqual(tlvBytes(rd(tbs, TAG_SEQUENCE)), outer)) certError('signature algorithms differ');
  const issuer = tlvBytes(rd(tbs, TAG_SEQUENCE)), validity = rd(tbs, TAG_SEQUENCE);
  const nb = parseTime(rd(validity)), na = parseTime(rd(validity));
  fin(validity);
  const c: Certificate = {
    tbs: tlvBytes(tbs), version: version, serial: serial, alg: outer, signature: sig,
    issuer: issuer, subject: tlvBytes(rd(tbs, TAG_SEQUENCE)), notBefore: nb, notAfter: na,
    spki: tlvBytes(rd(tbs, TAG_SEQUENCE)), isCA: false, bc: false, pathLen: -1, ku: -1, eku: -1,
    san: null, nc: null, uc: null,
  };
  while (more(tbs)) {
    f = rd(tbs);
    const tag = f.tag, u = tag & 0xdf;
    if (tag === 0xa3 && version === 3) {
      const exts = rd(f, TAG_SEQUENCE), seen: string[] = [];
      fin(f);
      if (!more(exts)) certError('empty extensions');
      while (more(exts)) {
        const e = rd(exts, TAG_SEQUENCE), id = oidHex(rd(e, TAG_OID)), i = oidIndex(id);
        if (seen.indexOf(id) >= 0) certError('extension ' + id + ' appears twice');
        seen.push(id);
        let x = rd(e);
        // critical FALSE is the default value, which DER never encodes (it is then refused
        // as not the OCTET STRING)
        const critical = x.tag === TAG_BOOLEAN && bool(x);
        if (critical) x = rd(e);
        if (x.tag !== TAG_OCTET_STRING) certError('bad extension');
        fin(e);
        const v = val(x);
        // the known ones are SKI to extKeyUsage in the OID table; an unknown critical one is
        // remembered, and refused by validation
        if (i < OID_SKI || i > OID_EXT_KEY_USAGE) {
          if (critical && !c.uc) c.uc = id;
          continue;
        }
        const t = der(v, i === OID_KEY_USAGE ? TAG_BIT_STRING : i === OID_SKI ? TAG_OCTET_STRING : TAG_SEQUENCE), b = t.body, n = t.end - b;
        if (i === OID_KEY_USAGE) {
          // the unused-bit count, then the first 16 bits as KU_* flags (only 9 are defined)
          if (n < 1 || v[b] > 7 || (n === 1 && v[b])) certError('bad keyUsage');
          c.ku = (n > 1 ? v[b + 1] << 8 : 0) | (n > 2 ? v[b + 2] : 0);
        } else if (i === OID_BASIC_CONSTRAINTS) {
          let g = opt(t);
          c.bc = true;
          if (g && g.tag === TAG_BOOLEAN) { c.isCA = bool(g); g = opt(t); }
          if (g) c.pathLen = smallInt(g);
          fin(t);
        } else if (i === OID_EXT_KEY_USAGE || i === OID_SAN) {
          if (!more(t)) certError('empty ' + (i === OID_SAN ? 'subjectAltName' : 'extKeyUsage'));
          if (i === OID_SAN) c.san = v;
          else {
            c.eku = 0;
            while (more(t)) {
              const k = oidIndex(rd(t, TAG_OID)) - OID_EKU_SERVER;
              if (k >= 0 && k < 3) c.eku |= 1 << k;
            }
          }
        } else if (i === OID_NAME_CONSTRAINTS) c.nc = v;
        // Policies are not processed: with no initial policy set and no policy constraints (which
        // stay unknown-critical), RFC 5280's result does not depend on them.
      }
      // issuerUniqueID, subjectUniqueID (v2 and v3)
    } else if (version < 2 || (u !== 0x81 && u !== 0x82)) certError('bad tbsCertificate');
  }
  return c;
}

/** The public key of a certificate, without validating anything. */
export function certPublicKey(certDer: Uint8Array, allow1024?: boolean): PublicKey {
  return parsePublicKeyInfo(parseCertificate(certDer).spki, allow1024);
}

/** certSignatureAlgorithm(c): the signature algorithm of a certificate (X509Error when
 * unsupported). */
export { parseSignatureAlgorithm as certSignatureAlgorithm } from './signature';
