// Signatures over whole messages with parsed keys: the one place X.509 turns a key and an
// algorithm into a primitive call. Also the AlgorithmIdentifiers of certificate signatures
// (RFC 5754, RFC 4055, RFC 5758, RFC 8410).
import type { PublicKey, PrivateKey } from './types';
import type { HashAlgorithm } from '../crypto/provider';
import type { RsaPublicKey, RsaPrivateKey } from '../crypto/rsa';
import { SHA256 } from '../crypto/sha256';
import { SHA384, SHA512 } from '../crypto/sha512';
import { rsaPkcs1Verify, rsaPssVerify, rsaPkcs1Sign, rsaPssSign } from '../crypto/rsa';
import { ecdsaVerify, ecdsaP256Sign } from '../crypto/ecdsa';
import { ed25519Verify, ed25519Sign } from '../crypto/ed25519';
import { keyOrError } from './keys';
import { boardHas } from '../board';
import { Tlv, fail, bad, der, rd, more, fin, smallInt, isNull, oidHex, opt, ALERT_UNSUPPORTED_CERTIFICATE, ALERT_BAD_CERTIFICATE, LEFT_OUT, TAG_SEQUENCE, TAG_OID, TAG_INTEGER } from './der';
import { oidIndex, OID_RSA_PSS, OID_MGF1, OID_SHA256_RSA, OID_ECDSA_SHA256, OID_ED25519, OID_SHA256 } from './oids';

type HashName = 'sha256' | 'sha384' | 'sha512';

/** A signature scheme: rsa = PKCS#1 v1.5; rsa-pss = PSS with MGF1 over the same hash and a salt
 * as long as the hash; ecdsa = DER-encoded (r, s); ed25519 signs the message itself (hash null). */
export interface SignatureAlgorithm {
  key: 'rsa' | 'rsa-pss' | 'ecdsa' | 'ed25519';
  hash: HashName | null;
}

const HASHES: HashName[] = ['sha256', 'sha384', 'sha512'];

/** An unsupported algorithm (alert unsupported_certificate). */
export function unsupported(what: string): never {
  return fail('unsupported_algorithm', what + ' is not supported', ALERT_UNSUPPORTED_CERTIFICATE);
}

/** What a size profile left out (tools/boards.mjs features): refused like an unknown algorithm. */
function leftOut(what: string): never {
  return unsupported(what + LEFT_OUT);
}

function hashOf(name: HashName | null): HashAlgorithm {
  return [SHA256, SHA384, SHA512][HASHES.indexOf(name as HashName)] || unsupported('a signature without a hash');
}

function digestOf(name: HashName | null, msg: Uint8Array): Uint8Array {
  return hashOf(name).create().update(msg).digest();
}

/** Refuses a key of another type than the algorithm (or without its material). */
function fits(k: PublicKey | PrivateKey, alg: SignatureAlgorithm, ok: boolean): void {
  if (!ok || (!k.rsa && !k.raw)) fail('key_mismatch', 'a ' + k.kind + ' key cannot make ' + alg.key + ' signatures');
}

/** Whether sig is a valid signature of msg under pub with alg. A key that does not fit the
 * algorithm, or a malformed key, throws X509Error; a bad signature is false. */
export function verifySignature(pub: PublicKey, alg: SignatureAlgorithm, msg: Uint8Array, sig: Uint8Array): boolean {
  const k = alg.key, kind = pub.kind, rsa = k === 'rsa' || k === 'rsa-pss';
  // a bundle without a curve refuses its keys like any algorithm it does not know (so below, a
  // key of a left-out kind fits nothing)
  if (kind === 'p384' && !boardHas('p384')) leftOut('ECDSA P-384');
  if (kind === 'ed25519' && !boardHas('ed25519')) leftOut('Ed25519');
  fits(pub, alg, rsa ? kind === 'rsa' : k === 'ecdsa' ? kind === 'p256' || (boardHas('p384') && kind === 'p384')
    : boardHas('ed25519') && k === 'ed25519' && kind === k);
  return keyOrError(function () {
    // (a build without ed25519 refused its keys above)
    if (boardHas('ed25519') && k === 'ed25519') return ed25519Verify(pub.raw as Uint8Array, msg, sig);
    const h = hashOf(alg.hash), d = h.create().update(msg).digest();
    return k === 'rsa' ? rsaPkcs1Verify(pub.rsa as RsaPublicKey, h.name as HashName, d, sig)
      : rsa ? rsaPssVerify(pub.rsa as RsaPublicKey, h, d, sig, h.outputLen) : ecdsaVerify(kind as 'p256', pub.raw as Uint8Array, d, sig, 'der');
  }, 'public', ALERT_BAD_CERTIFICATE);
}

/** The signature of msg by priv with alg. `random` gives PSS its salt (PKCS#1 v1.5, ECDSA with
 * RFC 6979 nonces and Ed25519 are deterministic). ECDSA signing is P-256 only. */
export function signMessage(priv: PrivateKey, alg: SignatureAlgorithm, msg: Uint8Array,
  random: (out: Uint8Array) => void): Uint8Array {
  const k = alg.key, kind = priv.kind;
  if (k === 'rsa' || k === 'rsa-pss') {
    fits(priv, alg, kind === 'rsa');
    const h = hashOf(alg.hash), d = h.create().update(msg).digest();
    if (k === 'rsa') return rsaPkcs1Sign(priv.rsa as RsaPrivateKey, h.name as HashName, d);
    const salt = new Uint8Array(h.outputLen);
    random(salt);
    return rsaPssSign(priv.rsa as RsaPrivateKey, h, d, salt);
  }
  if (k === 'ecdsa') {
    if (kind === 'p384') fail('unsupported_algorithm', 'ECDSA P-384 signing is not available', -1);
    fits(priv, alg, kind === 'p256');
    return ecdsaP256Sign(priv.raw as Uint8Array, digestOf(alg.hash, msg));
  }
  if (k === 'ed25519') {
    fits(priv, alg, kind === 'ed25519');
    return ed25519Sign(priv.raw as Uint8Array, msg);
  }
  return fail('unsupported_algorithm', 'unknown signature algorithm', -1);
}

function pssBad(): never {
  return unsupported('RSA-PSS but with SHA-2, MGF1 over the same hash and a salt of its length');
}

/** RSASSA-PSS-params (RFC 4055): hash SHA-256/384/512, MGF1 with the same hash, salt the hash
 * length, trailer 1. The defaults (SHA-1) are refused. Feature rsa-pss-certs. */
export function pssParams(t: Tlv | null): SignatureAlgorithm {
  // hash and MGF1 hash (indices into HASHES), salt length and trailer field
  const h = [-1, -2], n = [20, 1];
  if (!t || t.tag !== TAG_SEQUENCE) return pssBad();
  while (more(t)) {
    const f = rd(t), k = f.tag - 0xa0;
    if (k < 0 || k > 3) pssBad();
    let a = rd(f, k < 2 ? TAG_SEQUENCE : TAG_INTEGER);
    fin(f);
    if (k === 1) {
      if (oidIndex(rd(a, TAG_OID)) !== OID_MGF1) pssBad();
      a = rd(a, TAG_SEQUENCE);
    }
    if (k > 1) n[k - 2] = smallInt(a);
    else {
      // a hash AlgorithmIdentifier: parameters absent or NULL
      h[k] = oidIndex(rd(a, TAG_OID)) - OID_SHA256;
      isNull(opt(a));
      fin(a);
    }
  }
  const hash = HASHES[h[0]];
  if (h[0] !== h[1] || !hash || n[0] !== hashOf(hash).outputLen || n[1] !== 1) pssBad();
  return { key: 'rsa-pss', hash: hash };
}

/** The signature algorithm of a certificate, from its AlgorithmIdentifier `alg` (DER; X509Error
 * when unsupported). cert.ts exports it as certSignatureAlgorithm: no wrapper, since the
 * minifier inlines a single-use function into a `return` with its `var`s after it, which
 * Espruino (no hoisting) would take for the outer scope's names. */
export function parseSignatureAlgorithm(c: { alg: Uint8Array }): SignatureAlgorithm {
  const alg = der(c.alg, TAG_SEQUENCE), o = rd(alg, TAG_OID), i = oidIndex(o);
  const params = opt(alg);
  fin(alg);
  // RSA: NULL parameters (RFC 4055; absent is tolerated, as widely deployed software does)
  if (i >= OID_SHA256_RSA && i < OID_SHA256_RSA + 3) { isNull(params); return { key: 'rsa', hash: HASHES[i - OID_SHA256_RSA] }; }
  // a build without rsa-pss-certs refuses PSS-signed certificates (TLS's rsa_pss_rsae
  // CertificateVerify is another matter, src/tls/signature.ts)
  if (i === OID_RSA_PSS) return boardHas('rsa-pss-certs') ? pssParams(params) : leftOut('RSA-PSS');
  const ec = i >= OID_ECDSA_SHA256 && i < OID_ECDSA_SHA256 + 3;
  if (!ec && i !== OID_ED25519) unsupported('signature algorithm ' + oidHex(o));
  // ECDSA and Ed25519 take no parameters
  if (params) bad('parameters where none belong');
  return ec ? { key: 'ecdsa', hash: HASHES[i - OID_ECDSA_SHA256] } : { key: 'ed25519', hash: null };
}
