// TLS SignatureSchemes (RFC 8446 section 4.2.3) onto the crypto provider: which key each scheme
// needs, its hash, and CertificateVerify's signed content (section 4.4.3).
import type { CryptoProvider, HashAlgorithm } from '../crypto/provider';
import type { PublicKey, PrivateKey } from '../x509/types';
import { isMicrotlsError } from '../errors';
import { boardHas } from '../board';
import { byCode, hashOf } from './suites';

export interface Scheme {
  code: number;
  key: 'p256' | 'p384' | 'rsa' | 'ed25519';
  hash: 'sha256' | 'sha384' | 'sha512' | null;
}

/** Schemes a CertificateVerify may use; RSA PKCS#1 v1.5 is for certificates only in TLS 1.3. */
export const SCHEMES: Scheme[] = [
  // ecdsa_secp256r1_sha256, ecdsa_secp384r1_sha384, ed25519, then rsa_pss_rsae_sha256/384/512
  { code: 0x0403, key: 'p256', hash: 'sha256' },
  { code: 0x0503, key: 'p384', hash: 'sha384' },
  { code: 0x0807, key: 'ed25519', hash: null }, // (index 2: see below)
  { code: 0x0804, key: 'rsa', hash: 'sha256' },
  { code: 0x0805, key: 'rsa', hash: 'sha384' },
  { code: 0x0806, key: 'rsa', hash: 'sha512' },
];

// a bundle without Ed25519 has no such scheme: it neither offers nor accepts it
if (!boardHas('ed25519')) SCHEMES.splice(2, 1);

/** What signature_algorithms_cert adds: PKCS#1 v1.5 in certificates. */
export const CERT_ONLY_SCHEMES = [0x0401, 0x0501, 0x0601];

export function schemeByCode(code: number): Scheme | null {
  return byCode(SCHEMES, code);
}

/** The bytes CertificateVerify signs: 64 spaces, the context string, a zero, the transcript hash. */
export function signedContent(server: boolean, transcriptHash: Uint8Array): Uint8Array {
  const ctx = 'TLS 1.3, ' + (server ? 'server' : 'client') + ' CertificateVerify\0';
  const n = 64 + ctx.length;
  const out = new Uint8Array(n + transcriptHash.length);
  for (let i = 0; i < n; i++) out[i] = i < 64 ? 32 : ctx.charCodeAt(i - 64);
  out.set(transcriptHash, n);
  return out;
}

/** Whether `sig` is a valid signature under `scheme` by `pub` over `msg`; a malformed key or
 * signature is a false, never an exception. */
export function verifyScheme(p: CryptoProvider, s: Scheme, pub: PublicKey, msg: Uint8Array, sig: Uint8Array): boolean {
  if (pub.kind !== s.key) return false;
  try {
    if (s.key === 'ed25519') return boardHas('ed25519') && !!pub.raw && p.ed25519Verify(pub.raw, msg, sig);
    const h = hashOf(p, s.hash);
    const digest = h.create().update(msg).digest();
    if (s.key === 'rsa') return !!pub.rsa && p.rsaPssVerify(pub.rsa, h, digest, sig, h.outputLen);
    return !!pub.raw && p.ecdsaVerify(s.key as 'p256' | 'p384', pub.raw, digest, sig, 'der');
  } catch (e) {
    if (isMicrotlsError(e)) return false;
    throw e;
  }
}

/** Whether this stack can sign under `s` with `priv`. */
export function canSign(s: Scheme, priv: PrivateKey): boolean {
  if (priv.kind !== s.key) return false;
  // only P-256 signing exists among the EC curves (SCHEMES has Ed25519 only in a build with it)
  return s.key !== 'p384';
}

/** Signs `msg` under `s`; `random` gives the RSA-PSS salt (hash length). */
export function signScheme(p: CryptoProvider, s: Scheme, priv: PrivateKey, msg: Uint8Array,
  random: (out: Uint8Array) => void): Uint8Array {
  if (s.key === 'ed25519') return p.ed25519Sign(priv.raw as Uint8Array, msg);
  const h = hashOf(p, s.hash);
  const digest = h.create().update(msg).digest();
  if (s.key === 'rsa') {
    const salt = new Uint8Array(h.outputLen);
    random(salt);
    return p.rsaPssSign(priv.rsa as NonNullable<PrivateKey['rsa']>, h, digest, salt);
  }
  return p.ecdsaP256Sign(priv.raw as Uint8Array, digest);
}
