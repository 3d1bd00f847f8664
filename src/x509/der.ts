// A bounded, zero-copy DER reader. An element (Tlv) holds offsets into the caller's bytes and a
// cursor over its children: rd(t, tag) reads the next child, fin(t) checks none is left. Values
// are subarray views, never copies. Anything that is not strict DER within its bounds (a length
// past the end, an indefinite or non-minimal length, a high tag number, a length above 2^24) is
// refused with an X509Error, so hostile input can neither throw a TypeError nor make the reader
// loop or allocate.
import { microtlsError } from '../errors';
import type { MicrotlsError } from '../errors';

/** TLS alerts that certificate failures map to (RFC 8446 section 6.2). */
export const ALERT_BAD_CERTIFICATE = 42;
export const ALERT_UNSUPPORTED_CERTIFICATE = 43;
export const ALERT_CERTIFICATE_EXPIRED = 45;
export const ALERT_CERTIFICATE_UNKNOWN = 46;
export const ALERT_UNKNOWN_CA = 48;

const ALERT_NAMES: { [n: number]: string } = {
  42: 'bad_certificate', 43: 'unsupported_certificate', 45: 'certificate_expired',
  46: 'certificate_unknown', 48: 'unknown_ca',
};

/** An X509Error: `code` names the reason, `alert` the alert a handshake sends for it. */
export function x509Error(code: string, message: string, alert: number): MicrotlsError {
  const name = ALERT_NAMES[alert];
  return microtlsError('X509Error', code, (name ? name + ' (' + alert + '): ' : '') + message, alert);
}

/** Throws the X509Error (one place builds them all; alert bad_certificate unless given). */
export function fail(code: string, message: string, alert?: number): never {
  throw x509Error(code, message, alert === undefined ? ALERT_BAD_CERTIFICATE : alert);
}

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
  if (at + 2 > limit) bad('past the end');
  const tag = buf[at];
  if ((tag & 0x1f) === 0x1f) bad('high tag number');
  let len = buf[at + 1], body = at + 2;
  if (len > 0x80) {
    const n = len & 0x7f;
    if (n > 3 || body + n > limit || buf[body] === 0) bad('bad length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[body + i];
    body += n;
    if (len < 0x80) bad('bad length');
  } else if (len === 0x80) bad('indefinite length');
  if (len > limit - body) bad('past the end');
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

/** Checks every child of t has been read. */
export function fin(t: Tlv): void {
  if (t.p !== t.end) bad('trailing bytes');
}

/** The whole buffer as exactly one element of this tag. */
export function der(buf: Uint8Array, tag: number): Tlv {
  const t = rd({ b: buf, tag: 0, s: 0, body: 0, end: buf.length, p: 0 }, tag);
  if (t.end !== buf.length) bad('trailing bytes');
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

/** The magnitude bytes of a nonnegative minimal INTEGER (leading sign zero removed). */
export function uint(t: Tlv): Uint8Array {
  const b = t.b, n = t.end - t.body, b0 = b[t.body];
  if (t.tag !== TAG_INTEGER || n === 0 || b0 & 0x80 || (n > 1 && b0 === 0 && !(b[t.body + 1] & 0x80))) {
    bad('INTEGER');
  }
  return b.subarray(n > 1 && b0 === 0 ? t.body + 1 : t.body, t.end);
}

/** A small nonnegative INTEGER (below 2^31) as a number. */
export function smallInt(t: Tlv): number {
  const v = uint(t);
  if (v.length > 4 || (v.length === 4 && v[0] > 0x7f)) bad('INTEGER');
  let r = 0;
  for (let i = 0; i < v.length; i++) r = r * 256 + v[i];
  return r;
}

/** A BIT STRING's bytes with no unused bits (keys and signatures). */
export function bits(t: Tlv): Uint8Array {
  if (t.tag !== TAG_BIT_STRING || t.end === t.body || t.b[t.body]) bad('BIT STRING');
  return t.b.subarray(t.body + 1, t.end);
}

const HEX = '0123456789abcdef';

/** Lower-case hex of a short view (OIDs are compared as hex strings). */
export function hexOf(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += HEX.charAt(b[i] >> 4) + HEX.charAt(b[i] & 15);
  return s;
}

/** An OBJECT IDENTIFIER (checked to be well formed) as the hex of its contents. */
export function oidHex(t: Tlv): string {
  const b = t.b, n = t.end - t.body;
  if (t.tag !== TAG_OID || n === 0 || n > 64) bad('OBJECT IDENTIFIER');
  let first = true;
  for (let i = t.body; i < t.end; i++) {
    if (first && b[i] === 0x80) bad('OBJECT IDENTIFIER');
    first = !(b[i] & 0x80);
  }
  if (!first) bad('OBJECT IDENTIFIER');
  return hexOf(val(t));
}

/** Byte equality of two views (public data). */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The element t must be NULL (absent parameters are !t and pass). */
export function isNull(t: Tlv | null): void {
  if (t && (t.tag !== TAG_NULL || t.body !== t.end)) bad('parameters not NULL');
}
