// The TLS 1.3 cipher suites (RFC 8446 appendix B.4) and named groups (section 4.2.7) this stack
// implements, by IANA code point and name.
import type { CryptoProvider, HashAlgorithm } from '../crypto/provider';
import type { AeadKey } from '../crypto/aead';
import type { Conn } from './conn';
import { suite12ByName } from './tls12/suites';
import { configSuites12 } from './versions';
import { boardHas } from '../board';
import { tlsError, INTERNAL_ERROR } from './alerts';

export interface Suite {
  code: number;
  name: string;
  keyLen: number;
  hash: 'sha256' | 'sha384';
}

export const SUITES: Suite[] = [
  { code: 0x1301, name: 'TLS_AES_128_GCM_SHA256', keyLen: 16, hash: 'sha256' },
  { code: 0x1302, name: 'TLS_AES_256_GCM_SHA384', keyLen: 32, hash: 'sha384' },
  { code: 0x1303, name: 'TLS_CHACHA20_POLY1305_SHA256', keyLen: 32, hash: 'sha256' },
];

/** The entry of a table (suites, groups, signature schemes) with this code point, or null. */
export function byCode<T extends { code: number }>(list: T[], code: number): T | null {
  for (let i = 0; i < list.length; i++) if (list[i].code === code) return list[i];
  return null;
}

export function byName<T extends { name: string }>(list: T[], name: string): T | null {
  for (let i = 0; i < list.length; i++) if (list[i].name === name) return list[i];
  return null;
}

export function suiteByCode(code: number): Suite | null {
  return byCode(SUITES, code);
}

/** The provider's hash of a name ('sha384', 'sha512'; anything else SHA-256). */
export function hashOf(p: CryptoProvider, name: string | null): HashAlgorithm {
  return name === 'sha384' ? p.sha384 : name === 'sha512' ? p.sha512 : p.sha256;
}

export function suiteHash(p: CryptoProvider, s: Suite): HashAlgorithm {
  return hashOf(p, s.hash);
}

export function suiteAead(p: CryptoProvider, s: Suite, key: Uint8Array): AeadKey {
  return s.code === 0x1303 ? p.chacha20Poly1305(key) : p.aesGcm(key);
}

export interface Group {
  code: number;
  name: string;
}

export const GROUPS: Group[] = [
  { code: 0x001d, name: 'x25519' },
  { code: 0x0017, name: 'secp256r1' },
];

export function groupByCode(code: number): Group | null {
  return byCode(GROUPS, code);
}

/** The named entries of `all` (all of them, in their order, when `names` is absent); an unknown
 * name is a configuration error, except a TLS 1.2 suite name (`skip12`): that is left to tls12/
 * (a build without it knows them by their _WITH_ and skips them). None at all is an error too
 * unless `mayBeEmpty`. */
function pick<T extends { name: string }>(names: string[] | undefined, all: T[], what: string, skip12: boolean,
  mayBeEmpty: boolean): T[] {
  if (!names) return all.concat([]);
  const out: T[] = [];
  for (let i = 0; i < names.length; i++) {
    const x = byName(all, names[i]);
    if (x) out.push(x);
    else if (!skip12 || names[i].indexOf('_WITH_') < 0 || (boardHas('tls12') && !suite12ByName(names[i]))) {
      throw tlsError(INTERNAL_ERROR, 'unknown ' + what + ' ' + names[i]);
    }
  }
  if (out.length === 0 && !mayBeEmpty) throw tlsError(INTERNAL_ERROR, 'no ' + what + 's configured');
  return out;
}

/** The configured suites (names in preference order; default all) that are TLS 1.3 ones; none is
 * fine when TLS 1.2 ones are named. */
export function configSuites(c: Conn): Suite[] {
  const names = c.cfg.suites;
  return pick(names, SUITES, 'cipher suite', true, boardHas('tls12') && configSuites12(names).length > 0);
}

/** The configured groups (names in preference order; default all). TLS 1.3 needs one at least;
 * TLS 1.2 (`mayBeEmpty`) can do without, with the RSA key exchange. */
export function configGroups(c: Conn, mayBeEmpty: boolean): Group[] {
  return pick(c.cfg.groups, GROUPS, 'group', false, mayBeEmpty);
}
