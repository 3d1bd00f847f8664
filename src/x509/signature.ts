// Signatures over whole messages with parsed keys: the one place X.509 and the TLS handshakes
// (CertificateVerify, ServerKeyExchange) turn a key and an algorithm into a primitive call.
// Also the AlgorithmIdentifiers of certificate signatures (RFC 5754, RFC 4055, RFC 5758, RFC 8410).
import type { PublicKey, PrivateKey } from './types';
import type { HashAlgorithm } from '../crypto/provider';
import { SHA256 } from '../crypto/sha256';
import { SHA384, SHA512 } from '../crypto/sha512';
import { rsaPkcs1Verify, rsaPssVerify, rsaPkcs1Sign, rsaPssSign } from '../crypto/rsa';
import { ecdsaVerify, ecdsaP256Sign } from '../crypto/ecdsa';
import { ed25519Verify, ed25519Sign } from '../crypto/ed25519';
import { isMicrotlsError } from '../errors';
import {
  Tlv, x509Error, derRead, derExpect, derOid, derSmallInt, hexOf, TAG_OID, TAG_NULL, TAG_SEQUENCE,
  ALERT_BAD_CERTIFICATE, ALERT_UNSUPPORTED_CERTIFICATE,
} from './der';
import {
  OID_RSA_PSS, OID_MGF1, OID_SHA256_RSA, OID_SHA384_RSA, OID_SHA512_RSA, OID_ECDSA_SHA256,
  OID_ECDSA_SHA384, OID_ECDSA_SHA512, OID_ED25519, OID_SHA256, OID_SHA384, OID_SHA512,
} from './oids';

/** A signature scheme: rsa = PKCS#1 v1.5; rsa-pss = PSS with MGF1 over the same hash and a salt
 * as long as the hash; ecdsa = DER-encoded (r, s); ed25519 signs the message itself (hash null). */
export interface SignatureAlgorithm {
  key: 'rsa' | 'rsa-pss' | 'ecdsa' | 'ed25519';
  hash: 'sha256' | 'sha384' | 'sha512' | null;
}

function hashOf(name: 'sha256' | 'sha384' | 'sha512' | null): HashAlgorithm {
  if (name === 'sha256') return SHA256;
  if (name === 'sha384') return SHA384;
  if (name === 'sha512') return SHA512;
  throw x509Error('unsupported_algorithm', 'signature algorithm without a hash', ALERT_UNSUPPORTED_CERTIFICATE);
}

function digestOf(name: 'sha256' | 'sha384' | 'sha512' | null, msg: Uint8Array): Uint8Array {
  return hashOf(name).create().update(msg).digest();
}

function keyMismatch(pub: PublicKey | PrivateKey, alg: SignatureAlgorithm): Error {
  return x509Error('key_mismatch', 'a ' + pub.kind + ' key cannot make ' + alg.key + ' signatures', ALERT_BAD_CERTIFICATE);
}

/** Whether sig is a valid signature of msg under pub with alg. A key that does not fit the
 * algorithm, or a malformed key, throws X509Error; a bad signature is false. */
export function verifySignature(pub: PublicKey, alg: SignatureAlgorithm, msg: Uint8Array, sig: Uint8Array): boolean {
  try {
    if (alg.key === 'rsa' || alg.key === 'rsa-pss') {
      if (pub.kind !== 'rsa' || pub.rsa === null) throw keyMismatch(pub, alg);
      const h = hashOf(alg.hash);
      const d = h.create().update(msg).digest();
      if (alg.key === 'rsa') return rsaPkcs1Verify(pub.rsa, h.name as 'sha256', d, sig);
      return rsaPssVerify(pub.rsa, h, d, sig, h.outputLen);
    }
    if (alg.key === 'ecdsa') {
      if ((pub.kind !== 'p256' && pub.kind !== 'p384') || pub.raw === null) throw keyMismatch(pub, alg);
      return ecdsaVerify(pub.kind, pub.raw, digestOf(alg.hash, msg), sig, 'der');
    }
    if (alg.key === 'ed25519') {
      if (pub.kind !== 'ed25519' || pub.raw === null) throw keyMismatch(pub, alg);
      return ed25519Verify(pub.raw, msg, sig);
    }
  } catch (e) {
    if (isMicrotlsError(e) && e.name === 'CryptoError') {
      throw x509Error('bad_key', 'public key refused: ' + e.message, ALERT_BAD_CERTIFICATE);
    }
    throw e;
  }
  throw x509Error('unsupported_algorithm', 'unknown signature algorithm', ALERT_UNSUPPORTED_CERTIFICATE);
}

/** The signature of msg by priv with alg. `random` gives PSS its salt (PKCS#1 v1.5, ECDSA with
 * RFC 6979 nonces and Ed25519 are deterministic). ECDSA signing is P-256 only. */
export function signMessage(priv: PrivateKey, alg: SignatureAlgorithm, msg: Uint8Array,
  random: (out: Uint8Array) => void): Uint8Array {
  if (alg.key === 'rsa' || alg.key === 'rsa-pss') {
    if (priv.kind !== 'rsa' || priv.rsa === null) throw keyMismatch(priv, alg);
    const h = hashOf(alg.hash);
    const d = h.create().update(msg).digest();
    if (alg.key === 'rsa') return rsaPkcs1Sign(priv.rsa, h.name as 'sha256', d);
    const salt = new Uint8Array(h.outputLen);
    random(salt);
    return rsaPssSign(priv.rsa, h, d, salt);
  }
  if (alg.key === 'ecdsa') {
    if (priv.kind === 'p384') throw x509Error('unsupported_algorithm', 'ECDSA P-384 signing is not available', -1);
    if (priv.kind !== 'p256' || priv.raw === null) throw keyMismatch(priv, alg);
    return ecdsaP256Sign(priv.raw, digestOf(alg.hash, msg));
  }
  if (alg.key === 'ed25519') {
    if (priv.kind !== 'ed25519' || priv.raw === null) throw keyMismatch(priv, alg);
    return ed25519Sign(priv.raw, msg);
  }
  throw x509Error('unsupported_algorithm', 'unknown signature algorithm', -1);
}

function hashByOid(oid: string): 'sha256' | 'sha384' | 'sha512' | null {
  if (oid === OID_SHA256) return 'sha256';
  if (oid === OID_SHA384) return 'sha384';
  if (oid === OID_SHA512) return 'sha512';
  return null;
}

function unsupported(what: string): Error {
  return x509Error('unsupported_algorithm', what, ALERT_UNSUPPORTED_CERTIFICATE);
}

/** A hash AlgorithmIdentifier (parameters absent or NULL) inside PSS parameters. */
function pssHashParam(buf: Uint8Array, t: Tlv): 'sha256' | 'sha384' | 'sha512' {
  const o = derExpect(buf, t.body, t.end, TAG_OID, 'hash algorithm');
  if (o.end !== t.end) {
    const p = derRead(buf, o.end, t.end);
    if (p.tag !== TAG_NULL || p.body !== p.end || p.end !== t.end) throw unsupported('hash parameters must be NULL');
  }
  const h = hashByOid(hexOf(derOid(buf, o)));
  if (h === null) throw unsupported('RSA-PSS with a hash other than SHA-256/384/512');
  return h;
}

/** RSASSA-PSS-params (RFC 4055): hash SHA-256/384/512, MGF1 with the same hash, salt the hash
 * length, trailer 1. The defaults (SHA-1) are refused. */
function pssParams(buf: Uint8Array, t: Tlv): SignatureAlgorithm {
  if (t.tag !== TAG_SEQUENCE) throw unsupported('RSA-PSS without parameters (SHA-1) is not supported');
  let at = t.body, hash: 'sha256' | 'sha384' | 'sha512' | null = null, mgfHash: string | null = null, salt = 20;
  while (at < t.end) {
    const f = derRead(buf, at, t.end);
    if (f.tag === 0xa0) hash = pssHashParam(buf, derExpect(buf, f.body, f.end, TAG_SEQUENCE, 'PSS hash'));
    else if (f.tag === 0xa1) {
      const m = derExpect(buf, f.body, f.end, TAG_SEQUENCE, 'PSS mask generation');
      const mo = derExpect(buf, m.body, m.end, TAG_OID, 'PSS mask generation');
      if (hexOf(derOid(buf, mo)) !== OID_MGF1) throw unsupported('RSA-PSS mask generation other than MGF1');
      mgfHash = pssHashParam(buf, derExpect(buf, mo.end, m.end, TAG_SEQUENCE, 'MGF1 hash'));
    } else if (f.tag === 0xa2) salt = derSmallInt(buf, derRead(buf, f.body, f.end), 'PSS salt length');
    else if (f.tag === 0xa3) {
      if (derSmallInt(buf, derRead(buf, f.body, f.end), 'PSS trailer') !== 1) throw unsupported('RSA-PSS trailer other than 1');
    } else throw x509Error('bad_der', 'unknown field in RSA-PSS parameters', ALERT_BAD_CERTIFICATE);
    at = f.end;
  }
  if (hash === null || mgfHash !== hash) throw unsupported('RSA-PSS needs SHA-256/384/512 with MGF1 over the same hash');
  if (salt !== hashOf(hash).outputLen) throw unsupported('RSA-PSS salt length must equal the hash length');
  return { key: 'rsa-pss', hash: hash };
}

/** The signature algorithm of an AlgorithmIdentifier element (certificate signatures). */
export function parseSignatureAlgorithm(buf: Uint8Array, alg: Tlv): SignatureAlgorithm {
  const o = derExpect(buf, alg.body, alg.end, TAG_OID, 'signature algorithm');
  const oid = hexOf(derOid(buf, o));
  const hasParams = o.end !== alg.end;
  let params: Tlv | null = null;
  if (hasParams) {
    params = derRead(buf, o.end, alg.end);
    if (params.end !== alg.end) throw x509Error('bad_der', 'bytes after the algorithm parameters', ALERT_BAD_CERTIFICATE);
  }
  let r: SignatureAlgorithm | null = null;
  if (oid === OID_SHA256_RSA) r = { key: 'rsa', hash: 'sha256' };
  else if (oid === OID_SHA384_RSA) r = { key: 'rsa', hash: 'sha384' };
  else if (oid === OID_SHA512_RSA) r = { key: 'rsa', hash: 'sha512' };
  if (r !== null) {
    // RFC 4055: NULL parameters (absent is tolerated, as widely deployed software does)
    if (params !== null && (params.tag !== TAG_NULL || params.body !== params.end)) throw x509Error('bad_der', 'RSA signature parameters must be NULL', ALERT_BAD_CERTIFICATE);
    return r;
  }
  if (oid === OID_ECDSA_SHA256) r = { key: 'ecdsa', hash: 'sha256' };
  else if (oid === OID_ECDSA_SHA384) r = { key: 'ecdsa', hash: 'sha384' };
  else if (oid === OID_ECDSA_SHA512) r = { key: 'ecdsa', hash: 'sha512' };
  else if (oid === OID_ED25519) r = { key: 'ed25519', hash: null };
  if (r !== null) {
    if (params !== null) throw x509Error('bad_der', 'ECDSA and Ed25519 signature algorithms have no parameters', ALERT_BAD_CERTIFICATE);
    return r;
  }
  if (oid === OID_RSA_PSS) {
    if (params === null) throw unsupported('RSA-PSS without parameters (SHA-1) is not supported');
    return pssParams(buf, params);
  }
  throw unsupported('signature algorithm ' + oid + ' is not supported');
}
