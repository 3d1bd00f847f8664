// Bounded reading and writing of TLS's wire encodings (RFC 8446 section 3). A Reader walks a
// window of a buffer and hands out views (subarray), never copies; running past the window is a
// decode_error naming what was being read. A Writer fills a buffer that grows up to a hard bound.
import { tlsError, overLimit, DECODE_ERROR, INTERNAL_ERROR } from './alerts';
// The byte helpers live in src/bytes.ts (crypto and X.509 use them too); the TLS files take them from here.
export { copyBytes, sameBytes, concatBytes, latin1 } from '../bytes';

export interface Reader {
  buf: Uint8Array;
  pos: number;
  end: number;
}

export function reader(buf: Uint8Array, off: number, len: number): Reader {
  return { buf: buf, pos: off, end: off + len };
}

/** A reader over all of `b`. */
export function readAll(b: Uint8Array): Reader {
  return reader(b, 0, b.length);
}

function need(r: Reader, n: number, what: string): void {
  if (r.pos + n > r.end) throw tlsError(DECODE_ERROR, 'truncated ' + what);
}

export function left(r: Reader): number {
  return r.end - r.pos;
}

/** An n-byte big-endian unsigned number (n <= 4: below 2^32, exact without bit operations). */
function uint(r: Reader, n: number, what: string): number {
  need(r, n, what);
  let v = 0;
  for (let i = 0; i < n; i++) v = v * 256 + r.buf[r.pos++];
  return v;
}

export function u8(r: Reader, what: string): number {
  return uint(r, 1, what);
}

export function u16(r: Reader, what: string): number {
  return uint(r, 2, what);
}

export function u24(r: Reader, what: string): number {
  return uint(r, 3, what);
}

export function u32(r: Reader, what: string): number {
  return uint(r, 4, what);
}

/** The next n bytes as a view. */
export function bytes(r: Reader, n: number, what: string): Uint8Array {
  need(r, n, what);
  const v = r.buf.subarray(r.pos, r.pos + n);
  r.pos += n;
  return v;
}

/** A vector with a 1-, 2- or 3-byte length prefix, as a view; `min` and `max` bound its length. */
export function vec(r: Reader, lenBytes: number, min: number, max: number, what: string): Uint8Array {
  const n = uint(r, lenBytes, what);
  if (n < min || n > max) throw tlsError(DECODE_ERROR, what + ' of length ' + n + ' outside ' + min + '..' + max);
  return bytes(r, n, what);
}

/** A reader over a length-prefixed vector. */
export function sub(r: Reader, lenBytes: number, min: number, max: number, what: string): Reader {
  const v = vec(r, lenBytes, min, max, what);
  return reader(v, 0, v.length);
}

export function expectEnd(r: Reader, what: string): void {
  if (r.pos !== r.end) throw tlsError(DECODE_ERROR, (r.end - r.pos) + ' stray bytes after ' + what);
}

export interface Writer {
  buf: Uint8Array;
  pos: number;
  max: number;
}

export function writer(initial: number, max: number): Writer {
  return { buf: new Uint8Array(initial), pos: 0, max: max };
}

/** A copy of b[0, used) in a new buffer of at least `need` bytes: b's size doubled until it fits,
 * but never more than `max`. */
export function grow(b: Uint8Array, used: number, need: number, max: number): Uint8Array {
  let cap = b.length || 1;
  while (cap < need) cap *= 2;
  const nb = new Uint8Array(cap < max ? cap : max);
  nb.set(b.subarray(0, used), 0);
  return nb;
}

function room(w: Writer, n: number): void {
  if (w.pos + n <= w.buf.length) return;
  if (w.pos + n > w.max) throw overLimit(INTERNAL_ERROR, 'message', w.pos + n, w.max);
  w.buf = grow(w.buf, w.pos, w.pos + n, w.max);
}

/** The low n bytes of v, big-endian, at buf[at..] (v an integer: no bit operations past 32 bits;
 * a negative v gives its two's complement, as the typed array stores v % 256). */
export function setUint(buf: Uint8Array, at: number, v: number, n: number): void {
  for (let i = n - 1; i >= 0; i--) {
    buf[at + i] = v % 256;
    v = Math.floor(v / 256);
  }
}

function putUint(w: Writer, v: number, n: number): void {
  room(w, n);
  setUint(w.buf, w.pos, v, n);
  w.pos += n;
}

// The low 8, 16, 24 or 32 bits of v (setUint keeps only those).
export function put8(w: Writer, v: number): void {
  putUint(w, v, 1);
}

export function put16(w: Writer, v: number): void {
  putUint(w, v, 2);
}

export function put24(w: Writer, v: number): void {
  putUint(w, v, 3);
}

export function put32(w: Writer, v: number): void {
  putUint(w, v, 4);
}

export function putBytes(w: Writer, b: Uint8Array): void {
  room(w, b.length);
  w.buf.set(b, w.pos);
  w.pos += b.length;
}

/** Opens a length prefix of `lenBytes` bytes; close it with `close`. Returns where it sits. */
export function open(w: Writer, lenBytes: number): number {
  room(w, lenBytes);
  const at = w.pos;
  w.pos += lenBytes;
  return at;
}

export function close(w: Writer, at: number, lenBytes: number): void {
  const n = w.pos - at - lenBytes;
  if (lenBytes < 3 && n >= (lenBytes === 1 ? 256 : 65536)) throw tlsError(INTERNAL_ERROR, 'vector too long');
  setUint(w.buf, at, n, lenBytes);
}

/** The bytes written so far, as a view. */
export function written(w: Writer): Uint8Array {
  return w.buf.subarray(0, w.pos);
}

/** An extension's type and its open 2-byte length (close it with close(w, at, 2)). */
export function putExt(w: Writer, type: number): number {
  put16(w, type);
  return open(w, 2);
}

/** A list of 16-bit values behind a 2-byte length. */
export function put16s(w: Writer, list: number[]): void {
  const at = open(w, 2);
  for (let i = 0; i < list.length; i++) put16(w, list[i]);
  close(w, at, 2);
}

/** Latin-1 text behind a length of `lenBytes` bytes. */
export function putText(w: Writer, s: string, lenBytes: number): void {
  const at = open(w, lenBytes);
  for (let i = 0; i < s.length; i++) put8(w, s.charCodeAt(i));
  close(w, at, lenBytes);
}

/** The `code` of each item (suites, groups). */
export function codes(list: { code: number }[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < list.length; i++) out.push(list[i].code);
  return out;
}
