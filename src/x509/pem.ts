// PEM (RFC 7468): the base64 blocks between -----BEGIN label----- and -----END label----- lines.
// Our own base64 decoder (feature base64-decoder): JerryScript, Duktape and QuickJS have no atob.
// Espruino has atob and btoa natively, so its profiles leave the decoder out and use those.
import { fail } from './der';
import { boardHas } from '../board';

/** The runtime's (Espruino's) base64 functions, for bundles without feature base64-decoder. */
declare function atob(s: string): string;
declare function btoa(s: string): string;

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function pemError(message: string): never {
  return fail('bad_pem', 'PEM: ' + message, -1);
}

/** Decodes base64 text in s[lo..to), skipping whitespace; strict about padding. */
export function base64Decode(s: string, lo: number, to: number): Uint8Array {
  if (!boardHas('base64-decoder')) {
    // The runtime's atob (Espruino's takes anything: a stray character becomes bits), so the
    // text must be exactly what btoa gives back, whitespace aside: canonical, padded base64.
    const t = s.substring(lo, to);
    let r = '', w = '';
    try {
      r = atob(t);
    } catch (e) {
      // (an atob that throws on bad text: r stays empty and the text cannot match)
    }
    // the text without its whitespace must be what btoa gives back
    for (let i = 0; i < t.length; i++) if (t.charAt(i) > ' ') w += t.charAt(i);
    if (w !== btoa(r)) pemError('invalid base64');
    const out = new Uint8Array(r.length);
    for (let i = 0; i < r.length; i++) out[i] = r.charCodeAt(i);
    return out;
  }
  const out = new Uint8Array(((to - lo) * 3) >> 2);
  let acc = 0, bits = 0, o = 0, count = 0, pad = 0;
  for (let i = lo; i < to; i++) {
    const c = s.charAt(i), v = B64.indexOf(c);
    // whitespace and line breaks (any control character) are skipped
    if (c <= ' ') continue;
    if (c === '=') pad++;
    else if (pad > 0 || v < 0) pemError('invalid base64 character');
    else {
      count++;
      acc = ((acc << 6) | v) & 0xffffff;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        out[o++] = (acc >> bits) & 255;
      }
    }
  }
  if (pad > 2 || ((count + pad) & 3 && pad > 0) || (count & 3) === 1) pemError('bad base64 length or padding');
  return out.subarray(0, o);
}

/** Every PEM block in `text` with this label (e.g. 'CERTIFICATE'), or with any label when null,
 * in order; `labels` (when given) receives each block's label. Text outside blocks is ignored
 * (bundles carry comments). */
export function pemDecode(text: string, label: string | null, labels?: string[]): Uint8Array[] {
  const out: Uint8Array[] = [], BEGIN = '-----BEGIN ';
  let at = 0;
  for (;;) {
    const b = text.indexOf(BEGIN, at);
    if (b < 0) return out;
    const le = text.indexOf('-----', b + 11);
    if (le < 0) pemError('unterminated BEGIN line');
    const got = text.substring(b + 11, le), endLine = '-----END ' + got + '-----';
    const e = text.indexOf(endLine, le + 5);
    if (e < 0) pemError('no END line for ' + got);
    if (label === null || got === label) {
      out.push(base64Decode(text, le + 5, e));
      if (labels) labels.push(got);
    }
    at = e + endLine.length;
  }
}
