// PEM (RFC 7468): the base64 blocks between -----BEGIN label----- and -----END label----- lines.
// Our own base64 decoder: atob and Buffer exist on no device engine.
import { x509Error } from './der';

function b64Value(c: number): number {
  if (c >= 65 && c <= 90) return c - 65;
  if (c >= 97 && c <= 122) return c - 71;
  if (c >= 48 && c <= 57) return c + 4;
  if (c === 43) return 62;
  if (c === 47) return 63;
  return -1;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** Decodes base64 text in s[from..to), skipping whitespace; strict about padding. */
export function base64Decode(s: string, from: number, to: number): Uint8Array {
  let count = 0, pad = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (isSpace(c)) continue;
    if (c === 61) { pad++; continue; }
    if (pad > 0 || b64Value(c) < 0) throw x509Error('bad_pem', 'PEM: invalid base64 character', -1);
    count++;
  }
  if (pad > 2 || (count + pad) % 4 !== 0 && pad > 0 || count % 4 === 1) {
    throw x509Error('bad_pem', 'PEM: bad base64 length or padding', -1);
  }
  const out = new Uint8Array((count * 3) >> 2);
  let acc = 0, bits = 0, o = 0;
  for (let i = from; i < to; i++) {
    const v = b64Value(s.charCodeAt(i));
    if (v < 0) continue;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 255;
    }
  }
  return out;
}

const BEGIN = '-----BEGIN ';
const END = '-----END ';
const DASHES = '-----';

/** Every PEM block in `text` with this label (e.g. 'CERTIFICATE'), or with any label when null,
 * in order. Text outside blocks is ignored (bundles carry comments). */
export function pemDecode(text: string, label: string | null): Uint8Array[] {
  const out: Uint8Array[] = [];
  let at = 0;
  for (;;) {
    const b = text.indexOf(BEGIN, at);
    if (b < 0) break;
    const labelEnd = text.indexOf(DASHES, b + BEGIN.length);
    if (labelEnd < 0) throw x509Error('bad_pem', 'PEM: unterminated BEGIN line', -1);
    const got = text.substring(b + BEGIN.length, labelEnd);
    const endLine = END + got + DASHES;
    const e = text.indexOf(endLine, labelEnd + DASHES.length);
    if (e < 0) throw x509Error('bad_pem', 'PEM: no END line for ' + got, -1);
    if (label === null || got === label) out.push(base64Decode(text, labelEnd + DASHES.length, e));
    at = e + endLine.length;
  }
  return out;
}

/** The labels of the PEM blocks in `text`, in order. */
export function pemLabels(text: string): string[] {
  const out: string[] = [];
  let at = 0;
  for (;;) {
    const b = text.indexOf(BEGIN, at);
    if (b < 0) break;
    const labelEnd = text.indexOf(DASHES, b + BEGIN.length);
    if (labelEnd < 0) break;
    out.push(text.substring(b + BEGIN.length, labelEnd));
    at = labelEnd + DASHES.length;
    const e = text.indexOf(END, at);
    if (e < 0) break;
    at = e + END.length;
  }
  return out;
}
