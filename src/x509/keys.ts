// Public keys from SubjectPublicKeyInfo (RFC 5280, RFC 3279, RFC 5480, RFC 8410) and private keys
// from PKCS#8 (RFC 5208), SEC 1 "EC PRIVATE KEY" (RFC 5915) and PKCS#1 "RSA PRIVATE KEY"
// (RFC 8017 appendix A.1.2). Keys of the kinds TLS needs: RSA 2048-4096, P-256, P-384, Ed25519.
// Private keys are the feature `private-keys` (servers and client certificates only).
import type { PublicKey, PrivateKey } from './types';
import { rsaPublicKey, rsaPrivateKey } from '../crypto/rsa';
import type { RsaPublicKey } from '../crypto/rsa';
import { p256PublicKey } from '../crypto/p256';
import { p384PublicKey } from '../crypto/p384';
import { ed25519PublicKey } from '../crypto/ed25519';
import { isMicrotlsError } from '../errors';
import {
  Tlv, fail, bad, der, rd, more, fin, val, uint, smallInt, bits, isNull, oidHex, opt, ALERT_UNSUPPORTED_CERTIFICATE,
  TAG_SEQUENCE, TAG_OID, TAG_OCTET_STRING, TAG_INTEGER, TAG_BIT_STRING, TAG_NULL,
} from './der';
import { pemDecode } from './pem';
import { oidIndex, oidText, OID_RSA, OID_RSA_PSS, OID_EC_PUBLIC_KEY, OID_P256, OID_P384, OID_ED25519 } from './oids';

type Kind = 'p256' | 'p384';

/** Runs fn, turning a CryptoError about the key into an X509Error. */
export function keyOrError<T>(fn: () => T, what: string, alert: number): T {
  try {
    return fn();
  } catch (e) {
    if (isMicrotlsError(e) && e.name === 'CryptoError') fail('bad_key', what + ' key refused: ' + e.message, alert);
    throw e;
  }
}

function unsupportedKey(what: string, alert: number): never {
  return fail('unsupported_key', what + ' is not supported', alert);
}

/** The curve named by an OID element (P-256 and P-384 only). */
function curveOf(t: Tlv, alert: number): Kind {
  const i = oidIndex(t);
  return i === OID_P256 ? 'p256' : i === OID_P384 ? 'p384' : unsupportedKey('EC curve ' + oidHex(t), alert);
}

/** EC keys are uncompressed points, Ed25519 keys 32 bytes. */
function checkPoint(kind: string, point: Uint8Array): void {
  const n = kind === 'p256' ? 65 : kind === 'p384' ? 97 : 32;
  if (point.length !== n || (n > 32 && point[0] !== 4)) fail('bad_key', kind + ' public key of bad form');
}

/** Parses a DER SubjectPublicKeyInfo (views into spki; the RSA key is prepared once). */
export function parsePublicKeyInfo(spki: Uint8Array, allow1024?: boolean): PublicKey {
  const seq = der(spki, TAG_SEQUENCE), alg = rd(seq, TAG_SEQUENCE), o = rd(alg, TAG_OID);
  const i = oidIndex(o), key = bits(rd(seq));
  fin(seq);
  const params = opt(alg);
  fin(alg);
  let rsa: RsaPublicKey | null = null, kind: PublicKey['kind'] = 'rsa';
  if (i === OID_RSA || i === OID_RSA_PSS) {
    // rsaEncryption has NULL parameters (RFC 3279); id-RSASSA-PSS keys may carry parameters,
    // which only restrict the key's use and which TLS's own signature scheme already names.
    if (i === OID_RSA) isNull(params);
    const rk = der(key, TAG_SEQUENCE), n = uint(rd(rk)), e = uint(rd(rk));
    fin(rk);
    const opts = { allow1024: allow1024 === true };
    rsa = keyOrError(function () { return rsaPublicKey(n, e, opts); }, 'RSA', ALERT_UNSUPPORTED_CERTIFICATE);
  } else {
    if (i !== OID_EC_PUBLIC_KEY && i !== OID_ED25519) unsupportedKey('public key algorithm ' + oidHex(o), ALERT_UNSUPPORTED_CERTIFICATE);
    // EC keys name their curve; Ed25519 keys have no parameters
    if (i === OID_ED25519 ? params : !params || params.tag !== TAG_OID) bad('key parameters');
    kind = params ? curveOf(params, ALERT_UNSUPPORTED_CERTIFICATE) : 'ed25519';
    checkPoint(kind, key);
  }
  return { kind: kind, rsa: rsa, raw: rsa ? null : key, spki: spki };
}

// --- private keys (feature private-keys) ---

/** DER encoding of one element with the given contents (the SPKIs of private keys' halves). */
function enc(tag: number, parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (let i = 0; i < parts.length; i++) n += parts[i].length;
  const hl = n < 0x80 ? 2 : n < 0x100 ? 3 : 4;
  const out = new Uint8Array(hl + n);
  out[0] = tag;
  out[1] = hl === 2 ? n : 0x7e + hl;
  if (hl === 4) out[2] = n >> 8;
  if (hl > 2) out[hl - 1] = n & 255;
  for (let i = 0, o = hl; i < parts.length; o += parts[i++].length) out.set(parts[i], o);
  return out;
}

function oidEl(i: number): Uint8Array {
  const h = oidText(i), b = new Uint8Array(h.length >> 1);
  for (let j = 0; j < b.length; j++) b[j] = parseInt(h.substring(2 * j, 2 * j + 2), 16);
  return enc(TAG_OID, [b]);
}

function intEl(v: Uint8Array): Uint8Array {
  let i = 0;
  while (i < v.length - 1 && v[i] === 0) i++;
  const b = v.subarray(i);
  return enc(TAG_INTEGER, b[0] & 0x80 ? [new Uint8Array(1), b] : [b]);
}

/** The DER SPKI of a key we hold the parts of (private keys carry their public half). */
function spkiOf(kind: string, a: Uint8Array, b?: Uint8Array): Uint8Array {
  const rsa = kind === 'rsa';
  const key = rsa ? enc(TAG_SEQUENCE, [intEl(a), intEl(b as Uint8Array)]) : a;
  const alg = rsa ? [oidEl(OID_RSA), new Uint8Array([TAG_NULL, 0])] : kind === 'ed25519' ? [oidEl(OID_ED25519)]
    : [oidEl(OID_EC_PUBLIC_KEY), oidEl(kind === 'p256' ? OID_P256 : OID_P384)];
  return enc(TAG_SEQUENCE, [enc(TAG_SEQUENCE, alg), enc(TAG_BIT_STRING, [new Uint8Array(1), key])]);
}

export interface PrivateKeyOptions {
  allow1024?: boolean;
  /** Random source: RSA private operations blind their input when it is given. */
  random?: (out: Uint8Array) => void;
}

/** PKCS#1 RSAPrivateKey (two-prime only). */
function rsaFromPkcs1(d: Uint8Array, opts: PrivateKeyOptions): PrivateKey {
  const seq = der(d, TAG_SEQUENCE), v: Uint8Array[] = [];
  for (let i = 0; i < 9; i++) v.push(uint(rd(seq, TAG_INTEGER)));
  if (v[0].length !== 1 || v[0][0]) unsupportedKey('multi-prime RSA', -1);
  const comps = { n: v[1], e: v[2], d: v[3], p: v[4], q: v[5], dp: v[6], dq: v[7], qinv: v[8] };
  const ro = { allow1024: opts.allow1024 === true, random: opts.random };
  const rsa = keyOrError(function () { return rsaPrivateKey(comps, ro); }, 'RSA', ALERT_UNSUPPORTED_CERTIFICATE);
  return { kind: 'rsa', rsa: rsa, raw: null, pub: { kind: 'rsa', rsa: rsa.pub, raw: null, spki: spkiOf('rsa', v[1], v[2]) } };
}

function keyPair(kind: PrivateKey['kind'], raw: Uint8Array, pub: Uint8Array): PrivateKey {
  return { kind: kind, rsa: null, raw: raw, pub: { kind: kind, rsa: null, raw: pub, spki: spkiOf(kind, pub) } };
}

/** SEC 1 ECPrivateKey; `curve` from the PKCS#8 algorithm when the structure does not name it. */
function ecFromSec1(d: Uint8Array, curve: Kind | null): PrivateKey {
  const seq = der(d, TAG_SEQUENCE);
  if (smallInt(rd(seq, TAG_INTEGER)) !== 1) fail('bad_key', 'ECPrivateKey version must be 1', -1);
  const scalar = val(rd(seq, TAG_OCTET_STRING));
  let point: Uint8Array | null = null;
  while (more(seq)) {
    const t = rd(seq);
    if (t.tag === 0xa0) {
      const c = curveOf(rd(t, TAG_OID), -1);
      if (curve && curve !== c) fail('bad_key', 'EC key names two curves', -1);
      curve = c;
    } else if (t.tag === 0xa1) point = bits(rd(t, TAG_BIT_STRING));
  }
  if (!curve) return fail('bad_key', 'EC private key without a curve', -1);
  const kind = curve, len = kind === 'p256' ? 32 : 48;
  if (scalar.length > len) fail('bad_key', 'EC private key longer than the curve', -1);
  const raw = new Uint8Array(len);
  raw.set(scalar, len - scalar.length);
  const p = point ? point : keyOrError(function () { return kind === 'p256' ? p256PublicKey(raw) : p384PublicKey(raw); }, 'EC', -1);
  checkPoint(kind, p);
  const copy = new Uint8Array(p.length);
  copy.set(p);
  return keyPair(kind, raw, copy);
}

/** PKCS#8 PrivateKeyInfo / OneAsymmetricKey. */
function fromPkcs8(d: Uint8Array, opts: PrivateKeyOptions): PrivateKey {
  const seq = der(d, TAG_SEQUENCE);
  if (smallInt(rd(seq, TAG_INTEGER)) > 1) fail('bad_key', 'PrivateKeyInfo version above 1', -1);
  const alg = rd(seq, TAG_SEQUENCE), o = rd(alg, TAG_OID), i = oidIndex(o);
  const inner = val(rd(seq, TAG_OCTET_STRING));
  if (i === OID_RSA || i === OID_RSA_PSS) return rsaFromPkcs1(inner, opts);
  if (i === OID_EC_PUBLIC_KEY) return ecFromSec1(inner, curveOf(rd(alg, TAG_OID), -1));
  if (i === OID_ED25519) {
    const seed = val(der(inner, TAG_OCTET_STRING));
    if (seed.length !== 32) fail('bad_key', 'Ed25519 private keys are 32 bytes', -1);
    const raw = new Uint8Array(32);
    raw.set(seed);
    return keyPair('ed25519', raw, ed25519PublicKey(raw));
  }
  return unsupportedKey('private key algorithm ' + oidHex(o), -1);
}

const LABELS = ['PRIVATE KEY', 'EC PRIVATE KEY', 'RSA PRIVATE KEY'];

/** One of the three forms (0 PKCS#8, 1 SEC 1, 2 PKCS#1). */
function fromForm(form: number, d: Uint8Array, opts: PrivateKeyOptions): PrivateKey {
  return form === 0 ? fromPkcs8(d, opts) : form === 1 ? ecFromSec1(d, null) : rsaFromPkcs1(d, opts);
}

/** A private key from PEM text ("PRIVATE KEY", "EC PRIVATE KEY", "RSA PRIVATE KEY"; the first
 * key block is used) or DER bytes. Encrypted keys are refused. */
export function parsePrivateKey(pemOrDer: string | Uint8Array, opts?: PrivateKeyOptions): PrivateKey {
  const o: PrivateKeyOptions = opts ? opts : {};
  if (typeof pemOrDer !== 'string') {
    // PKCS#8, SEC 1 and PKCS#1 told apart by the element after the version
    const seq = der(pemOrDer, TAG_SEQUENCE);
    rd(seq, TAG_INTEGER);
    const tag = rd(seq).tag;
    return fromForm(tag === TAG_SEQUENCE ? 0 : tag === TAG_OCTET_STRING ? 1 : 2, pemOrDer, o);
  }
  const labels: string[] = [], blocks = pemDecode(pemOrDer, null, labels);
  for (let i = 0; i < blocks.length; i++) {
    const l = labels[i], form = LABELS.indexOf(l);
    if (l === 'ENCRYPTED PRIVATE KEY') unsupportedKey('an encrypted private key', -1);
    if (form >= 0) return fromForm(form, blocks[i], o);
  }
  return fail('bad_pem', 'no private key block in the PEM text', -1);
}
