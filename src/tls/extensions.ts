// Extension blocks (RFC 8446 section 4.2): parsed into parallel arrays of type and view, with
// duplicates refused (illegal_parameter) and lookups by type.
import type { Reader } from './codec';
import { u16, vec, left } from './codec';
import { tlsError, ILLEGAL_PARAMETER } from './alerts';

export const EXT_SERVER_NAME = 0;
export const EXT_MAX_FRAGMENT_LENGTH = 1;
export const EXT_SUPPORTED_GROUPS = 10;
export const EXT_SIGNATURE_ALGORITHMS = 13;
export const EXT_ALPN = 16;
export const EXT_PADDING = 21;
export const EXT_RECORD_SIZE_LIMIT = 28;
export const EXT_SESSION_TICKET = 35;
export const EXT_PRE_SHARED_KEY = 41;
export const EXT_EARLY_DATA = 42;
export const EXT_SUPPORTED_VERSIONS = 43;
export const EXT_COOKIE = 44;
export const EXT_PSK_KEY_EXCHANGE_MODES = 45;
export const EXT_CERTIFICATE_AUTHORITIES = 47;
export const EXT_POST_HANDSHAKE_AUTH = 49;
export const EXT_SIGNATURE_ALGORITHMS_CERT = 50;
export const EXT_KEY_SHARE = 51;
export const EXT_RENEGOTIATION_INFO = 0xff01;

export interface Extensions {
  types: number[];
  data: Uint8Array[];
}

/** Reads extensions until the end of `r`. */
export function parseExtensions(r: Reader, what: string): Extensions {
  const ex: Extensions = { types: [], data: [] };
  while (left(r) > 0) {
    const t = u16(r, what + ' extension type');
    const d = vec(r, 2, 0, 65535, what + ' extension');
    for (let i = 0; i < ex.types.length; i++) {
      if (ex.types[i] === t) throw tlsError(ILLEGAL_PARAMETER, 'duplicate extension ' + t + ' in ' + what);
    }
    ex.types.push(t);
    ex.data.push(d);
  }
  return ex;
}

export function findExt(ex: Extensions, type: number): Uint8Array | null {
  for (let i = 0; i < ex.types.length; i++) if (ex.types[i] === type) return ex.data[i];
  return null;
}

/** Refuses any extension outside `allowed` (a peer answering what was not asked, or an
 * extension in a message it does not belong to): unsupported_extension, RFC 8446 section 4.2. */
export function onlyExts(ex: Extensions, allowed: number[], what: string, alert: number): void {
  for (let i = 0; i < ex.types.length; i++) {
    let ok = false;
    for (let j = 0; j < allowed.length; j++) if (allowed[j] === ex.types[i]) ok = true;
    if (!ok) throw tlsError(alert, 'extension ' + ex.types[i] + ' not allowed in ' + what);
  }
}
