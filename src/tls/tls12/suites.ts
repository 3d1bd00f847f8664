// The TLS 1.2 cipher suites this stack implements (RFC 5246, RFC 5288, RFC 5289, RFC 7905), by
// IANA code point and name: key exchange, record cipher and the PRF's hash.
import type { CryptoProvider, HashAlgorithm } from '../../crypto/provider';
import { byCode, byName } from '../suites';

export interface Suite12 {
  code: number;
  name: string;
  /** Record key length (AES-128: 16, AES-256 and ChaCha20: 32). */
  keyLen: number;
  /** The PRF and Finished hash. */
  hash: 'sha256' | 'sha384';
  kx: 'ecdhe_ecdsa' | 'ecdhe_rsa' | 'rsa';
  cipher: 'gcm' | 'chacha' | 'cbc';
  /** CBC suites: the record MAC's hash. */
  mac: 'sha1' | 'sha256' | null;
}

export const SUITES12: Suite12[] = [
  { code: 0xc02b, name: 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', keyLen: 16, hash: 'sha256', kx: 'ecdhe_ecdsa', cipher: 'gcm', mac: null },
  { code: 0xc02c, name: 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384', keyLen: 32, hash: 'sha384', kx: 'ecdhe_ecdsa', cipher: 'gcm', mac: null },
  { code: 0xcca9, name: 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256', keyLen: 32, hash: 'sha256', kx: 'ecdhe_ecdsa', cipher: 'chacha', mac: null },
  { code: 0xc02f, name: 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', keyLen: 16, hash: 'sha256', kx: 'ecdhe_rsa', cipher: 'gcm', mac: null },
  { code: 0xc030, name: 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', keyLen: 32, hash: 'sha384', kx: 'ecdhe_rsa', cipher: 'gcm', mac: null },
  { code: 0xcca8, name: 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256', keyLen: 32, hash: 'sha256', kx: 'ecdhe_rsa', cipher: 'chacha', mac: null },
  { code: 0x009c, name: 'TLS_RSA_WITH_AES_128_GCM_SHA256', keyLen: 16, hash: 'sha256', kx: 'rsa', cipher: 'gcm', mac: null },
  { code: 0x009d, name: 'TLS_RSA_WITH_AES_256_GCM_SHA384', keyLen: 32, hash: 'sha384', kx: 'rsa', cipher: 'gcm', mac: null },
  { code: 0x003c, name: 'TLS_RSA_WITH_AES_128_CBC_SHA256', keyLen: 16, hash: 'sha256', kx: 'rsa', cipher: 'cbc', mac: 'sha256' },
  { code: 0x002f, name: 'TLS_RSA_WITH_AES_128_CBC_SHA', keyLen: 16, hash: 'sha256', kx: 'rsa', cipher: 'cbc', mac: 'sha1' },
];

export function suite12ByCode(code: number): Suite12 | null {
  return byCode(SUITES12, code);
}

export function suite12ByName(name: string): Suite12 | null {
  return byName(SUITES12, name);
}

export function prfHash(p: CryptoProvider, s: Suite12): HashAlgorithm {
  return s.hash === 'sha384' ? p.sha384 : p.sha256;
}

/** The suites of the configuration that are TLS 1.2 ones (all when none is named). */
export function suites12Of(names: string[] | undefined): Suite12[] {
  if (!names) return SUITES12.concat([]);
  const out: Suite12[] = [];
  for (let i = 0; i < names.length; i++) {
    const s = suite12ByName(names[i]);
    if (s !== null) out.push(s);
  }
  return out;
}
