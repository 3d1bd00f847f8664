// Extension blocks (RFC 8446 section 4.2): parsed into parallel arrays of type and view, with
// duplicates refused (illegal_parameter) and lookups by type.
import type { Reader } from './codec';
import { reader, u8, u16, u32, vec, sub, left, expectEnd, latin1, readAll } from './codec';
import { tlsError, ILLEGAL_PARAMETER, NO_APPLICATION_PROTOCOL, UNSUPPORTED_EXTENSION } from './alerts';

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
    const we = what + ' extension';
    const t = u16(r, we);
    const d = vec(r, 2, 0, 65535, we);
    if (ex.types.indexOf(t) >= 0) throw tlsError(ILLEGAL_PARAMETER, 'duplicate extension ' + t + ' in ' + what);
    ex.types.push(t);
    ex.data.push(d);
  }
  return ex;
}

/** A message's closing extension block (`min`..`max` bytes); nothing may follow it. */
export function lastExts(r: Reader, what: string, min: number, max: number): Extensions {
  const ex = parseExtensions(sub(r, 2, min, max, what), what);
  expectEnd(r, what);
  return ex;
}

export function findExt(ex: Extensions, type: number): Uint8Array | null {
  const i = ex.types.indexOf(type);
  return i < 0 ? null : ex.data[i];
}

/** Refuses any extension outside `allowed` (an extension in a message it does not belong to)
 * or, unless null, outside `offered` (a peer answering what was not asked):
 * unsupported_extension, RFC 8446 section 4.2. */
export function onlyExts(ex: Extensions, allowed: number[], what: string, offered: number[] | null): void {
  for (let i = 0; i < ex.types.length; i++) {
    const t = ex.types[i];
    if (allowed.indexOf(t) < 0 || (offered && offered.indexOf(t) < 0)) {
      throw tlsError(UNSUPPORTED_EXTENSION, 'extension ' + t + ' not allowed in ' + what);
    }
  }
}

// The extension bodies TLS 1.3 and 1.2 read alike.

/** A ClientHello's server_name: its first host_name entry, or '' when it has none. */
export function helloServerName(ext: Uint8Array): string {
  const sr = readAll(ext);
  const list = sub(sr, 2, 1, 65535, 'server_name list');
  expectEnd(sr, 'server_name');
  let name = '';
  while (left(list) > 0) {
    const t = u8(list, 'name type');
    const n = vec(list, 2, 1, 65535, 'host name');
    if (t === 0 && name === '') name = latin1(n);
  }
  return name;
}

/** A server's ALPN choice: its own first preference the client's list holds. */
export function chooseAlpn(ext: Uint8Array, ours: string[]): string {
  const ar = readAll(ext);
  const list = sub(ar, 2, 2, 65535, 'ALPN list');
  expectEnd(ar, 'ALPN');
  const names: string[] = [];
  while (left(list) > 0) names.push(latin1(vec(list, 1, 1, 255, 'ALPN protocol')));
  for (let i = 0; i < ours.length; i++) {
    for (let k = 0; k < names.length; k++) if (names[k] === ours[i]) return names[k];
  }
  throw tlsError(NO_APPLICATION_PROTOCOL, 'no common application protocol');
}

/** A client reading the server's ALPN answer: one protocol, one it offered. */
export function alpnAnswer(ext: Uint8Array, offered: string[]): string {
  const ar = readAll(ext);
  const list = sub(ar, 2, 2, 65535, 'ALPN');
  expectEnd(ar, 'ALPN');
  const name = latin1(vec(list, 1, 1, 255, 'ALPN'));
  expectEnd(list, 'ALPN');
  if (offered.indexOf(name) < 0) throw tlsError(ILLEGAL_PARAMETER, 'ALPN ' + name + ' not offered');
  return name;
}

/** An extension body that is one 16-bit or (`four`) 32-bit number (selected_identity, an HRR's
 * group, record_size_limit, a ticket's max_early_data_size). */
export function extNum(ext: Uint8Array, what: string, four: boolean): number {
  const r = readAll(ext);
  const v = four ? u32(r, what) : u16(r, what);
  expectEnd(r, what);
  return v;
}

/** record_size_limit's value (RFC 8449 section 4: below 64 is illegal). */
export function recordSizeLimit(ext: Uint8Array): number {
  const lim = extNum(ext, 'record_size_limit', false);
  if (lim < 64) throw tlsError(ILLEGAL_PARAMETER, 'record_size_limit ' + lim + ' below 64');
  return lim;
}
