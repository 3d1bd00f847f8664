// A bounded, zero-copy DER reader. An element (Tlv) holds offsets into the caller's bytes and a
// cursor over its children: rd(t, tag) reads the next child, fin(t) checks none is left. Values
// are subarray views, never copies. Anything that is not strict DER within its bounds (a length
// past the end, an indefinite or non-minimal length, a high tag number, a length above 2^24) is
// refused with an X509Error, so hostile input can neither throw a TypeError nor make the reader
// loop or allocate.
import { microtlsError } from '../errors';
import type { MicrotlsError } from '../errors';
import { alertName } from '../tls/alerts';
import { toHex } from '../bytes';

/** TLS alerts that certificate failures map to (RFC 8446 section 6.2). */
export const ALERT_BAD_CERTIFICATE = 42;
export const ALERT_UNSUPPORTED_CERTIFICATE = 43;
export const ALERT_CERTIFICATE_EXPIRED = 45;
export const ALERT_CERTIFICATE_UNKNOWN = 46;
export const ALERT_UNKNOWN_CA = 48;

/** An X509Error: `code` names the reason, `alert` the alert a handshake sends for it
 * (bad_certificate unless given; -1 for none, e.g. for bad PEM text). */
export function x509Error(code: string, message: string, alert?: number): MicrotlsError {
  const al = alert === undefined ? ALERT_BAD_CERTIFICATE : alert;
  return microtlsError('X509Error', code, (al >= 0 ? alertName(al) + ' (' + al + '): ' : '') + message, al);
}

/** Throws the X509Error (one place builds them all). */
export function fail(code: string, message: string, alert?: number): never {
  throw x509Error(code, message, alert);
}

/** How a message names what a size profile left out (tools/boards.mjs features). */
export const LEFT_OUT = ' (left out of this build)';

/** Malformed DER, or a structure that breaks its own rules. */
export function bad(message: string): never {
  return fail('bad_der', 'malformed DER: ' + message);
}

export const TAG_BOOLEAN = 0x01;
export const TAG_INTEGER = 0x02;
export const TAG_BIT_STRING = 0x03;
export const TAG_OCTET_STRING = 0x04;
export const TAG_NULL = 0x05;
export const TAG_OID = 0x06;
export const TAG_IA5 = 0x16;
export const TAG_SEQUENCE = 0x30;
export const TAG_SET = 0x31;

/** One element: b[s..end) is the whole TLV, b[body..end) its contents, p the cursor over them. */
export interface Tlv {
  b: Uint8Array;
  tag: number;
  s: number;
  body: number;
  end: number;
  p: number;
}

/** Reads the element at buf[at..], which must end at or before `limit`. */
export function derRead(buf: Uint8Array, at: number, limit: number): Tlv {
  if (limit > buf.length) limit = buf.length;
  const tag = buf[at];
  let len = buf[at + 1], body = at + 2;
  // one tag byte (no high tag numbers), a definite minimal length of at most 3 bytes, in bounds
  let ok = body <= limit && (tag & 0x1f) !== 0x1f && len !== 0x80;
  if (ok && len > 0x80) {
    let n = len & 0x7f;
    ok = n < 4 && body + n <= limit && buf[body] > 0;
    for (len = 0; ok && n > 0; n--) len = len * 256 + buf[body++];
    ok = ok && len >= 0x80;
  }
  if (!ok || len > limit - body) bad('bad tag or length at byte ' + at);
  return { b: buf, tag: tag, s: at, body: body, end: body + len, p: body };
}

/** The next child of t (tag checked unless undefined); advances t's cursor. */
export function rd(t: Tlv, tag?: number): Tlv {
  const c = derRead(t.b, t.p, t.end);
  if (tag !== undefined && c.tag !== tag) bad('tag ' + c.tag + ' where ' + tag + ' was expected');
  t.p = c.end;
  return c;
}

/** Whether t has children left to read. */
export function more(t: Tlv): boolean {
  return t.p < t.end;
}

/** The next child of t, or null when none is left (optional trailing fields). */
export function opt(t: Tlv): Tlv | null {
  return more(t) ? rd(t) : null;
}

/** Checks every child of t has been read. */
export function fin(t: Tlv): void {
  if (more(t)) bad('trailing bytes');
}

/** The whole buffer as exactly one element of this tag. */
export function der(buf: Uint8Array, tag: number): Tlv {
  const whole = { b: buf, tag: 0, s: 0, body: 0, end: buf.length, p: 0 }, t = rd(whole, tag);
  fin(whole);
  return t;
}

/** The contents of t (a view). */
export function val(t: Tlv): Uint8Array {
  return t.b.subarray(t.body, t.end);
}

/** The whole TLV of t (a view). */
export function tlvBytes(t: Tlv): Uint8Array {
  return t.b.subarray(t.s, t.end);
}

/** Deepest nesting derCheck accepts (a certificate needs 6). */
export const MAX_DEPTH = 16;

/** Walks every element of buf[at..end) and below, refusing nesting deeper than maxDepth. */
export function derCheck(buf: Uint8Array, at: number, end: number, maxDepth: number): void {
  if (maxDepth < 0) bad('nesting too deep');
  while (at < end) {
    const t = derRead(buf, at, end);
    if (t.tag & 0x20) derCheck(buf, t.body, t.end, maxDepth - 1);
    at = t.end;
  }
}

/** A DER BOOLEAN's value (only 00 and FF are DER). */
export function bool(t: Tlv): boolean {
  const v = t.b[t.body];
  if (t.tag !== TAG_BOOLEAN || t.end - t.body !== 1 || (v !== 0 && v !== 0xff)) bad('BOOLEAN');
  return v > 0;
}

/** The magnitude bytes of a nonnegative minimal INTEGER (leading sign zero removed); with
 * `small`, one below 2^31 (then read as a number by smallInt). */
export function uint(t: Tlv, small?: boolean): Uint8Array {
  const b = t.b, n = t.end - t.body, b0 = b[t.body], z = n > 1 && b0 === 0 ? 1 : 0;
  if (t.tag !== TAG_INTEGER || n === 0 || b0 & 0x80 || (z && !(b[t.body + 1] & 0x80)) || (small && n - z > 4 - (b[t.body + z] >> 7))) {
    bad('INTEGER');
  }
  return b.subarray(t.body + z, t.end);
}

/** A small nonnegative INTEGER (below 2^31) as a number. */
export function smallInt(t: Tlv): number {
  const v = uint(t, true);
  let r = 0;
  for (let i = 0; i < v.length; i++) r = r * 256 + v[i];
  return r;
}

/** A BIT STRING's bytes with no unused bits (keys and signatures). */
export function bits(t: Tlv): Uint8Array {
  if (t.tag !== TAG_BIT_STRING || t.end === t.body || t.b[t.body]) bad('BIT STRING');
  return t.b.subarray(t.body + 1, t.end);
}

/** An OBJECT IDENTIFIER (checked to be well formed: every arc minimal and complete) as the
 * lower-case hex of its contents (OIDs are compared as hex strings). */
export function oidHex(t: Tlv): string {
  const b = t.b;
  let ok = t.tag === TAG_OID && t.end > t.body && t.end - t.body <= 64, start = true;
  for (let i = t.body; ok && i < t.end; i++) {
    // an arc starts after a byte without the continuation bit, and never with 0x80
    ok = !(start && b[i] === 0x80);
    start = !(b[i] & 0x80);
  }
  if (!ok || !start) bad('OBJECT IDENTIFIER');
  return toHex(b.subarray(t.body, t.end));
}

/** Byte equality of two views: the TLS layer's (constant-time, which public data does not need
 * but costs nothing here), one function in the bundle. */
export { sameBytes as bytesEqual } from '../bytes';

/** The element t must be NULL (absent parameters are !t and pass). */
export function isNull(t: Tlv | null): void {
  if (t && (t.tag !== TAG_NULL || t.body !== t.end)) bad('parameters not NULL');
}
