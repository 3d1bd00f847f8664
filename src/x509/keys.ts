// Public keys from SubjectPublicKeyInfo (RFC 5280, RFC 3279, RFC 5480, RFC 8410) and private keys
// from PKCS#8 (RFC 5208), SEC 1 "EC PRIVATE KEY" (RFC 5915) and PKCS#1 "RSA PRIVATE KEY"
// (RFC 8017 appendix A.1.2). Keys of the kinds TLS needs: RSA 2048-4096, P-256, P-384, Ed25519.
import type { PublicKey, PrivateKey } from './types';
import { rsaPublicKey, rsaPrivateKey } from '../crypto/rsa';
import { p256PublicKey } from '../crypto/p256';
import { p384PublicKey } from '../crypto/p384';
import { ed25519PublicKey } from '../crypto/ed25519';
import { isMicrotlsError } from '../errors';
import {
  Tlv, x509Error, derRead, derExpect, derWhole, derValue, derUnsigned, derSmallInt, derBitStringBytes,
  derOid, derEncode, hexOf, hexBytes, TAG_SEQUENCE, TAG_OID, TAG_NULL, TAG_OCTET_STRING, TAG_INTEGER,
  TAG_BIT_STRING, ALERT_BAD_CERTIFICATE, ALERT_UNSUPPORTED_CERTIFICATE,
} from './der';
import { pemDecode, pemLabels } from './pem';
import { OID_RSA, OID_RSA_PSS, OID_EC_PUBLIC_KEY, OID_P256, OID_P384, OID_ED25519 } from './oids';

function keyError(code: string, message: string): Error {
  return x509Error(code, message, ALERT_UNSUPPORTED_CERTIFICATE);
}

/** Runs fn, turning a CryptoError about the key into an X509Error. */
function rsaOrError<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (isMicrotlsError(e) && e.name === 'CryptoError') {
      throw x509Error('bad_key', 'RSA key refused: ' + e.message, ALERT_UNSUPPORTED_CERTIFICATE);
    }
    throw e;
  }
}

function curveOf(oidHex: string): 'p256' | 'p384' {
  if (oidHex === OID_P256) return 'p256';
  if (oidHex === OID_P384) return 'p384';
  throw keyError('unsupported_key', 'EC curve ' + oidHex + ' is not supported (P-256 and P-384 are)');
}

function checkPoint(kind: 'p256' | 'p384', point: Uint8Array): void {
  const want = kind === 'p256' ? 65 : 97;
  if (point.length !== want || point[0] !== 4) {
    throw x509Error('bad_key', 'EC public key must be an uncompressed ' + kind + ' point', ALERT_BAD_CERTIFICATE);
  }
}

/** Parses a DER SubjectPublicKeyInfo (views into spki; the RSA key is prepared once). */
export function parsePublicKeyInfo(spki: Uint8Array, allow1024?: boolean): PublicKey {
  const seq = derWhole(spki, TAG_SEQUENCE, 'SubjectPublicKeyInfo');
  const alg = derExpect(spki, seq.body, seq.end, TAG_SEQUENCE, 'SPKI algorithm');
  const oidT = derExpect(spki, alg.body, alg.end, TAG_OID, 'SPKI algorithm OID');
  const oid = hexOf(derOid(spki, oidT));
  const bits = derRead(spki, alg.end, seq.end);
  if (bits.end !== seq.end) throw x509Error('bad_der', 'SPKI: bytes after the key', ALERT_BAD_CERTIFICATE);
  const key = derBitStringBytes(spki, bits, 'SPKI key');
  if (oid === OID_RSA || oid === OID_RSA_PSS) {
    // rsaEncryption has NULL parameters (RFC 3279); id-RSASSA-PSS keys may carry parameters,
    // which only restrict the key's use and which TLS's own signature scheme already names.
    if (oid === OID_RSA && oidT.end !== alg.end) {
      const p = derRead(spki, oidT.end, alg.end);
      if (p.tag !== TAG_NULL || p.end !== alg.end || p.body !== p.end) throw x509Error('bad_der', 'RSA key parameters must be NULL', ALERT_BAD_CERTIFICATE);
    }
    const rk = derWhole(key, TAG_SEQUENCE, 'RSAPublicKey');
    const nT = derExpect(key, rk.body, rk.end, TAG_INTEGER, 'RSA modulus');
    const eT = derExpect(key, nT.end, rk.end, TAG_INTEGER, 'RSA exponent');
    if (eT.end !== rk.end) throw x509Error('bad_der', 'RSAPublicKey: bytes after the exponent', ALERT_BAD_CERTIFICATE);
    const n = derUnsigned(key, nT, 'RSA modulus'), e = derUnsigned(key, eT, 'RSA exponent');
    const opts = { allow1024: allow1024 === true };
    return { kind: 'rsa', rsa: rsaOrError(function () { return rsaPublicKey(n, e, opts); }), raw: null, spki: spki };
  }
  if (oid === OID_EC_PUBLIC_KEY) {
    const cT = derExpect(spki, oidT.end, alg.end, TAG_OID, 'EC curve');
    if (cT.end !== alg.end) throw x509Error('bad_der', 'EC parameters: bytes after the curve', ALERT_BAD_CERTIFICATE);
    const kind = curveOf(hexOf(derOid(spki, cT)));
    checkPoint(kind, key);
    return { kind: kind, rsa: null, raw: key, spki: spki };
  }
  if (oid === OID_ED25519) {
    if (oidT.end !== alg.end) throw x509Error('bad_der', 'Ed25519 keys have no parameters', ALERT_BAD_CERTIFICATE);
    if (key.length !== 32) throw x509Error('bad_key', 'Ed25519 public keys are 32 bytes', ALERT_BAD_CERTIFICATE);
    return { kind: 'ed25519', rsa: null, raw: key, spki: spki };
  }
  throw keyError('unsupported_key', 'public key algorithm ' + oid + ' is not supported');
}

const NULL_BYTES = new Uint8Array([TAG_NULL, 0]);

function oidElement(hex: string): Uint8Array {
  return derEncode(TAG_OID, [hexBytes(hex)]);
}

function bitString(key: Uint8Array): Uint8Array {
  return derEncode(TAG_BIT_STRING, [new Uint8Array(1), key]);
}

function derInteger(v: Uint8Array): Uint8Array {
  let i = 0;
  while (i < v.length - 1 && v[i] === 0) i++;
  const body = v.subarray(i);
  return (body[0] & 0x80) !== 0 ? derEncode(TAG_INTEGER, [new Uint8Array(1), body]) : derEncode(TAG_INTEGER, [body]);
}

/** The DER SPKI of a key we hold the parts of (private keys carry their public half). */
function spkiOf(kind: string, a: Uint8Array, b: Uint8Array | null): Uint8Array {
  if (kind === 'rsa') {
    const rsaKey = derEncode(TAG_SEQUENCE, [derInteger(a), derInteger(b as Uint8Array)]);
    return derEncode(TAG_SEQUENCE, [derEncode(TAG_SEQUENCE, [oidElement(OID_RSA), NULL_BYTES]), bitString(rsaKey)]);
  }
  if (kind === 'ed25519') {
    return derEncode(TAG_SEQUENCE, [derEncode(TAG_SEQUENCE, [oidElement(OID_ED25519)]), bitString(a)]);
  }
  const curve = kind === 'p256' ? OID_P256 : OID_P384;
  return derEncode(TAG_SEQUENCE, [derEncode(TAG_SEQUENCE, [oidElement(OID_EC_PUBLIC_KEY), oidElement(curve)]), bitString(a)]);
}

export interface PrivateKeyOptions {
  allow1024?: boolean;
  /** Random source: RSA private operations blind their input when it is given. */
  random?: (out: Uint8Array) => void;
}

/** PKCS#1 RSAPrivateKey (two-prime only). */
function rsaFromPkcs1(der: Uint8Array, opts: PrivateKeyOptions): PrivateKey {
  const seq = derWhole(der, TAG_SEQUENCE, 'RSAPrivateKey');
  const vals: Uint8Array[] = [];
  let at = seq.body;
  for (let i = 0; i < 9; i++) {
    const t = derExpect(der, at, seq.end, TAG_INTEGER, 'RSAPrivateKey field');
    vals.push(derUnsigned(der, t, 'RSAPrivateKey field'));
    at = t.end;
  }
  if (vals[0].length !== 1 || vals[0][0] !== 0) throw keyError('unsupported_key', 'multi-prime RSA keys are not supported');
  const comps = { n: vals[1], e: vals[2], d: vals[3], p: vals[4], q: vals[5], dp: vals[6], dq: vals[7], qinv: vals[8] };
  const ro = { allow1024: opts.allow1024 === true, random: opts.random };
  const rsa = rsaOrError(function () { return rsaPrivateKey(comps, ro); });
  const spki = spkiOf('rsa', vals[1], vals[2]);
  return { kind: 'rsa', rsa: rsa, raw: null, pub: { kind: 'rsa', rsa: rsa.pub, raw: null, spki: spki } };
}

function ecFromScalar(kind: 'p256' | 'p384', scalar: Uint8Array, point: Uint8Array | null): PrivateKey {
  const len = kind === 'p256' ? 32 : 48;
  if (scalar.length > len) throw x509Error('bad_key', 'EC private key longer than the curve', -1);
  const raw = new Uint8Array(len);
  raw.set(scalar, len - scalar.length);
  let pub: Uint8Array;
  try {
    pub = point !== null ? point : kind === 'p256' ? p256PublicKey(raw) : p384PublicKey(raw);
  } catch (e) {
    throw x509Error('bad_key', 'EC private key refused: ' + (e as Error).message, -1);
  }
  checkPoint(kind, pub);
  const copy = new Uint8Array(pub.length);
  copy.set(pub);
  return { kind: kind, rsa: null, raw: raw, pub: { kind: kind, rsa: null, raw: copy, spki: spkiOf(kind, copy, null) } };
}

/** SEC 1 ECPrivateKey; `curve` from the PKCS#8 algorithm when the structure does not name it. */
function ecFromSec1(der: Uint8Array, curve: 'p256' | 'p384' | null): PrivateKey {
  const seq = derWhole(der, TAG_SEQUENCE, 'ECPrivateKey');
  const v = derExpect(der, seq.body, seq.end, TAG_INTEGER, 'ECPrivateKey version');
  if (derSmallInt(der, v, 'ECPrivateKey version') !== 1) throw x509Error('bad_key', 'ECPrivateKey version must be 1', -1);
  const k = derExpect(der, v.end, seq.end, TAG_OCTET_STRING, 'EC private key');
  let at = k.end, point: Uint8Array | null = null;
  while (at < seq.end) {
    const t = derRead(der, at, seq.end);
    if (t.tag === 0xa0) {
      const c = curveOf(hexOf(derOid(der, derExpect(der, t.body, t.end, TAG_OID, 'EC curve'))));
      if (curve !== null && curve !== c) throw x509Error('bad_key', 'EC key names two curves', -1);
      curve = c;
    } else if (t.tag === 0xa1) {
      point = derBitStringBytes(der, derExpect(der, t.body, t.end, TAG_BIT_STRING, 'EC public key'), 'EC public key');
    }
    at = t.end;
  }
  if (curve === null) throw x509Error('bad_key', 'EC private key without a curve', -1);
  return ecFromScalar(curve, derValue(der, k), point);
}

/** PKCS#8 PrivateKeyInfo / OneAsymmetricKey. */
function fromPkcs8(der: Uint8Array, opts: PrivateKeyOptions): PrivateKey {
  const seq = derWhole(der, TAG_SEQUENCE, 'PrivateKeyInfo');
  const v = derExpect(der, seq.body, seq.end, TAG_INTEGER, 'PrivateKeyInfo version');
  if (derSmallInt(der, v, 'PrivateKeyInfo version') > 1) throw x509Error('bad_key', 'PrivateKeyInfo version above 1', -1);
  const alg = derExpect(der, v.end, seq.end, TAG_SEQUENCE, 'private key algorithm');
  const oidT = derExpect(der, alg.body, alg.end, TAG_OID, 'private key algorithm OID');
  const oid = hexOf(derOid(der, oidT));
  const k = derExpect(der, alg.end, seq.end, TAG_OCTET_STRING, 'private key');
  const inner = derValue(der, k);
  if (oid === OID_RSA || oid === OID_RSA_PSS) return rsaFromPkcs1(inner, opts);
  if (oid === OID_EC_PUBLIC_KEY) {
    const c = derExpect(der, oidT.end, alg.end, TAG_OID, 'EC curve');
    return ecFromSec1(inner, curveOf(hexOf(derOid(der, c))));
  }
  if (oid === OID_ED25519) {
    const seed = derWhole(inner, TAG_OCTET_STRING, 'Ed25519 private key');
    if (seed.end - seed.body !== 32) throw x509Error('bad_key', 'Ed25519 private keys are 32 bytes', -1);
    const raw = new Uint8Array(32);
    raw.set(derValue(inner, seed));
    const pub = ed25519PublicKey(raw);
    return { kind: 'ed25519', rsa: null, raw: raw, pub: { kind: 'ed25519', rsa: null, raw: pub, spki: spkiOf('ed25519', pub, null) } };
  }
  throw x509Error('unsupported_key', 'private key algorithm ' + oid + ' is not supported', -1);
}

/** Tells PKCS#8, SEC 1 and PKCS#1 apart by their second element. */
function fromDer(der: Uint8Array, opts: PrivateKeyOptions): PrivateKey {
  const seq = derWhole(der, TAG_SEQUENCE, 'private key');
  const v: Tlv = derExpect(der, seq.body, seq.end, TAG_INTEGER, 'private key version');
  const next = derRead(der, v.end, seq.end);
  if (next.tag === TAG_SEQUENCE) return fromPkcs8(der, opts);
  if (next.tag === TAG_OCTET_STRING) return ecFromSec1(der, null);
  return rsaFromPkcs1(der, opts);
}

/** A private key from PEM text ("PRIVATE KEY", "EC PRIVATE KEY", "RSA PRIVATE KEY"; the first
 * key block is used) or DER bytes. Encrypted keys are refused. */
export function parsePrivateKey(pemOrDer: string | Uint8Array, opts?: PrivateKeyOptions): PrivateKey {
  const o: PrivateKeyOptions = opts ? opts : {};
  if (typeof pemOrDer !== 'string') return fromDer(pemOrDer, o);
  const labels = pemLabels(pemOrDer);
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i];
    if (l === 'ENCRYPTED PRIVATE KEY') throw x509Error('unsupported_key', 'encrypted private keys are not supported', -1);
    if (l === 'PRIVATE KEY' || l === 'EC PRIVATE KEY' || l === 'RSA PRIVATE KEY') {
      const der = pemDecode(pemOrDer, l)[0];
      if (l === 'PRIVATE KEY') return fromPkcs8(der, o);
      if (l === 'EC PRIVATE KEY') return ecFromSec1(der, null);
      return rsaFromPkcs1(der, o);
    }
  }
  throw x509Error('bad_pem', 'no private key block in the PEM text', -1);
}
