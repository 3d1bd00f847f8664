// Bounded reading and writing of TLS's wire encodings (RFC 8446 section 3). A Reader walks a
// window of a buffer and hands out views (subarray), never copies; running past the window is a
// decode_error naming what was being read. A Writer fills a buffer that grows up to a hard bound.
import { tlsError, DECODE_ERROR, INTERNAL_ERROR } from './alerts';

export interface Reader {
  buf: Uint8Array;
  pos: number;
  end: number;
}

export function reader(buf: Uint8Array, off: number, len: number): Reader {
  return { buf: buf, pos: off, end: off + len };
}

function need(r: Reader, n: number, what: string): void {
  if (r.pos + n > r.end) throw tlsError(DECODE_ERROR, 'truncated ' + what);
}

export function left(r: Reader): number {
  return r.end - r.pos;
}

export function u8(r: Reader, what: string): number {
  need(r, 1, what);
  return r.buf[r.pos++];
}

export function u16(r: Reader, what: string): number {
  need(r, 2, what);
  const v = (r.buf[r.pos] << 8) | r.buf[r.pos + 1];
  r.pos += 2;
  return v;
}

export function u24(r: Reader, what: string): number {
  need(r, 3, what);
  const v = (r.buf[r.pos] * 65536) + (r.buf[r.pos + 1] << 8) + r.buf[r.pos + 2];
  r.pos += 3;
  return v;
}

export function u32(r: Reader, what: string): number {
  need(r, 4, what);
  const b = r.buf;
  const p = r.pos;
  r.pos += 4;
  return b[p] * 16777216 + ((b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3]);
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
  const n = lenBytes === 1 ? u8(r, what) : lenBytes === 2 ? u16(r, what) : u24(r, what);
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

function room(w: Writer, n: number): void {
  if (w.pos + n <= w.buf.length) return;
  if (w.pos + n > w.max) throw tlsError(INTERNAL_ERROR, 'message larger than ' + w.max + ' bytes');
  let cap = w.buf.length * 2;
  while (cap < w.pos + n) cap *= 2;
  if (cap > w.max) cap = w.max;
  const nb = new Uint8Array(cap);
  nb.set(w.buf.subarray(0, w.pos), 0);
  w.buf = nb;
}

export function put8(w: Writer, v: number): void {
  room(w, 1);
  w.buf[w.pos++] = v & 255;
}

export function put16(w: Writer, v: number): void {
  room(w, 2);
  w.buf[w.pos++] = (v >> 8) & 255;
  w.buf[w.pos++] = v & 255;
}

export function put24(w: Writer, v: number): void {
  room(w, 3);
  w.buf[w.pos++] = Math.floor(v / 65536) & 255;
  w.buf[w.pos++] = (v >> 8) & 255;
  w.buf[w.pos++] = v & 255;
}

export function put32(w: Writer, v: number): void {
  room(w, 4);
  w.buf[w.pos++] = Math.floor(v / 16777216) & 255;
  w.buf[w.pos++] = (v >> 16) & 255;
  w.buf[w.pos++] = (v >> 8) & 255;
  w.buf[w.pos++] = v & 255;
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
  if (lenBytes === 1) {
    if (n > 255) throw tlsError(INTERNAL_ERROR, 'vector too long');
    w.buf[at] = n;
  } else if (lenBytes === 2) {
    if (n > 65535) throw tlsError(INTERNAL_ERROR, 'vector too long');
    w.buf[at] = n >> 8;
    w.buf[at + 1] = n & 255;
  } else {
    w.buf[at] = Math.floor(n / 65536) & 255;
    w.buf[at + 1] = (n >> 8) & 255;
    w.buf[at + 2] = n & 255;
  }
}

/** The bytes written so far, as a view. */
export function written(w: Writer): Uint8Array {
  return w.buf.subarray(0, w.pos);
}

/** A fresh copy of bytes (for values kept past the buffer they arrived in). */
export function copyBytes(b: Uint8Array): Uint8Array {
  const c = new Uint8Array(b.length);
  c.set(b, 0);
  return c;
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i] ^ b[i];
  return d === 0;
}

export function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const c = new Uint8Array(a.length + b.length);
  c.set(a, 0);
  c.set(b, a.length);
  return c;
}

/** ASCII/Latin-1 text of bytes (host names, ALPN protocol names). */
export function latin1(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]);
  return s;
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
