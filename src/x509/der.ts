// A bounded, zero-copy DER reader. Every element is a set of offsets into the caller's bytes;
// values are subarray views, never copies. Anything that is not strict DER within the bounds it
// was given (a length past the end, an indefinite or non-minimal length, a high tag number, a
// length above 2^24) is refused with an X509Error, so hostile input can neither throw a
// TypeError nor make the reader loop or allocate.
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
  const prefix = name ? name + ' (' + alert + '): ' : '';
  return microtlsError('X509Error', code, prefix + message, alert);
}

export function derError(message: string): MicrotlsError {
  return x509Error('bad_der', 'malformed DER: ' + message, ALERT_BAD_CERTIFICATE);
}

export const TAG_BOOLEAN = 0x01;
export const TAG_INTEGER = 0x02;
export const TAG_BIT_STRING = 0x03;
export const TAG_OCTET_STRING = 0x04;
export const TAG_NULL = 0x05;
export const TAG_OID = 0x06;
export const TAG_UTF8 = 0x0c;
export const TAG_PRINTABLE = 0x13;
export const TAG_IA5 = 0x16;
export const TAG_UTC_TIME = 0x17;
export const TAG_GENERALIZED_TIME = 0x18;
export const TAG_SEQUENCE = 0x30;
export const TAG_SET = 0x31;

/** One element: buf[start..end) is the whole TLV, buf[body..end) its contents. */
export interface Tlv {
  tag: number;
  start: number;
  body: number;
  end: number;
}

/** Largest length accepted: no certificate, key or chain element comes near 16 MiB. */
const MAX_LENGTH = 0xffffff;
/** Deepest nesting derCheck accepts (a certificate needs 6). */
export const MAX_DEPTH = 16;

/** Reads the element at buf[at..], which must end at or before `limit`. */
export function derRead(buf: Uint8Array, at: number, limit: number): Tlv {
  if (limit > buf.length) limit = buf.length;
  if (at + 2 > limit) throw derError('element header past the end');
  const tag = buf[at];
  if ((tag & 0x1f) === 0x1f) throw derError('high tag numbers are not used here');
  let len = buf[at + 1];
  let body = at + 2;
  if (len >= 0x80) {
    const n = len & 0x7f;
    if (n === 0) throw derError('indefinite length');
    if (n > 3) throw derError('length above 16 MiB');
    if (body + n > limit) throw derError('length bytes past the end');
    if (buf[body] === 0) throw derError('non-minimal length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[body + i];
    body += n;
    if (len < 0x80) throw derError('non-minimal length');
  }
  if (len > MAX_LENGTH || len > limit - body) throw derError('length past the end');
  return { tag: tag, start: at, body: body, end: body + len };
}

/** Reads the element at buf[at..limit) and checks its tag. */
export function derExpect(buf: Uint8Array, at: number, limit: number, tag: number, what: string): Tlv {
  const t = derRead(buf, at, limit);
  if (t.tag !== tag) throw derError(what + ': tag ' + t.tag + ' where ' + tag + ' was expected');
  return t;
}

/** The whole buffer must be exactly one element with this tag. */
export function derWhole(buf: Uint8Array, tag: number, what: string): Tlv {
  const t = derExpect(buf, 0, buf.length, tag, what);
  if (t.end !== buf.length) throw derError(what + ': bytes after the element');
  return t;
}

export function derValue(buf: Uint8Array, t: Tlv): Uint8Array {
  return buf.subarray(t.body, t.end);
}

export function derTlvBytes(buf: Uint8Array, t: Tlv): Uint8Array {
  return buf.subarray(t.start, t.end);
}

/** Walks every element of buf[at..end) and below, refusing nesting deeper than maxDepth. */
export function derCheck(buf: Uint8Array, at: number, end: number, maxDepth: number): void {
  if (maxDepth < 0) throw derError('nesting too deep');
  while (at < end) {
    const t = derRead(buf, at, end);
    if ((t.tag & 0x20) !== 0) derCheck(buf, t.body, t.end, maxDepth - 1);
    at = t.end;
  }
}

/** A DER BOOLEAN's value (only 00 and FF are DER). */
export function derBoolean(buf: Uint8Array, t: Tlv): boolean {
  if (t.tag !== TAG_BOOLEAN || t.end - t.body !== 1) throw derError('bad BOOLEAN');
  const v = buf[t.body];
  if (v !== 0 && v !== 0xff) throw derError('BOOLEAN neither 00 nor FF');
  return v === 0xff;
}

/** The magnitude bytes of a nonnegative minimal INTEGER (leading sign zero removed). */
export function derUnsigned(buf: Uint8Array, t: Tlv, what: string): Uint8Array {
  if (t.tag !== TAG_INTEGER) throw derError(what + ' is not an INTEGER');
  const n = t.end - t.body;
  if (n === 0) throw derError(what + ': empty INTEGER');
  const b0 = buf[t.body];
  if ((b0 & 0x80) !== 0) throw derError(what + ' is negative');
  if (n > 1 && b0 === 0 && (buf[t.body + 1] & 0x80) === 0) throw derError(what + ': non-minimal INTEGER');
  return b0 === 0 && n > 1 ? buf.subarray(t.body + 1, t.end) : buf.subarray(t.body, t.end);
}

/** A small nonnegative INTEGER (below 2^31) as a number. */
export function derSmallInt(buf: Uint8Array, t: Tlv, what: string): number {
  const v = derUnsigned(buf, t, what);
  if (v.length > 4 || (v.length === 4 && v[0] >= 0x80)) throw derError(what + ' too large');
  let r = 0;
  for (let i = 0; i < v.length; i++) r = r * 256 + v[i];
  return r;
}

/** A BIT STRING's bytes with no unused bits (keys and signatures). */
export function derBitStringBytes(buf: Uint8Array, t: Tlv, what: string): Uint8Array {
  if (t.tag !== TAG_BIT_STRING || t.end - t.body < 1) throw derError(what + ' is not a BIT STRING');
  if (buf[t.body] !== 0) throw derError(what + ': BIT STRING with unused bits');
  return buf.subarray(t.body + 1, t.end);
}

/** An OBJECT IDENTIFIER's content bytes, checked to be well formed (minimal sub-identifiers). */
export function derOid(buf: Uint8Array, t: Tlv): Uint8Array {
  if (t.tag !== TAG_OID) throw derError('OBJECT IDENTIFIER expected');
  const n = t.end - t.body;
  if (n === 0 || n > 64) throw derError('OBJECT IDENTIFIER of ' + n + ' bytes');
  let first = true;
  for (let i = t.body; i < t.end; i++) {
    if (first && buf[i] === 0x80) throw derError('non-minimal OBJECT IDENTIFIER');
    first = (buf[i] & 0x80) === 0;
  }
  if (!first) throw derError('truncated OBJECT IDENTIFIER');
  return buf.subarray(t.body, t.end);
}

/** Byte equality of two views (public data). */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const HEX = '0123456789abcdef';

/** Lower-case hex of a short view (OIDs are compared as hex strings). */
export function hexOf(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += HEX.charAt(b[i] >> 4) + HEX.charAt(b[i] & 15);
  return s;
}

/** DER encoding of one element with the given contents (the few structures we write: SPKIs). */
export function derEncode(tag: number, parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (let i = 0; i < parts.length; i++) n += parts[i].length;
  const hl = n < 0x80 ? 2 : n < 0x100 ? 3 : n < 0x10000 ? 4 : 5;
  const out = new Uint8Array(hl + n);
  out[0] = tag;
  if (hl === 2) out[1] = n;
  else {
    out[1] = 0x80 | (hl - 2);
    for (let i = hl - 1, v = n; i >= 2; i--) { out[i] = v & 255; v = Math.floor(v / 256); }
  }
  let o = hl;
  for (let i = 0; i < parts.length; i++) { out.set(parts[i], o); o += parts[i].length; }
  return out;
}

/** Bytes from a hex string of constant data (OIDs). */
export function hexBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length >> 1);
  for (let i = 0; i < out.length; i++) {
    out[i] = (HEX.indexOf(hex.charAt(2 * i)) << 4) | HEX.indexOf(hex.charAt(2 * i + 1));
  }
  return out;
}
