// UTF-8 for strings given to write() (no TextEncoder on the target engines).

/** The UTF-8 bytes of a JavaScript string; unpaired surrogates become U+FFFD. */
export function utf8Encode(s: string): Uint8Array {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) { n += 4; i++; }
    else n += 3;
  }
  const out = new Uint8Array(n);
  let at = 0;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) { out[at++] = c; continue; }
    if (c < 0x800) { out[at++] = 0xc0 | (c >> 6); out[at++] = 0x80 | (c & 63); continue; }
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      c = 0x10000 + ((c - 0xd800) * 1024) + (s.charCodeAt(i + 1) - 0xdc00);
      i++;
      out[at++] = 0xf0 | (c >> 18); out[at++] = 0x80 | ((c >> 12) & 63);
      out[at++] = 0x80 | ((c >> 6) & 63); out[at++] = 0x80 | (c & 63);
      continue;
    }
    if (c >= 0xd800 && c < 0xe000) c = 0xfffd;
    out[at++] = 0xe0 | (c >> 12); out[at++] = 0x80 | ((c >> 6) & 63); out[at++] = 0x80 | (c & 63);
  }
  return out;
}

/** A string or bytes as bytes (strings as UTF-8). */
export function toBytes(data: Uint8Array | string): Uint8Array {
  return typeof data === 'string' ? utf8Encode(data) : data;
}
