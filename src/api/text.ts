// UTF-8 for strings given to write() (no TextEncoder on the target engines).

/** The UTF-8 bytes of a JavaScript string; unpaired surrogates become U+FFFD. */
export function utf8Encode(s: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      c = 0x10000 + ((c - 0xd800) * 1024) + (s.charCodeAt(++i) - 0xdc00);
    } else if (c >= 0xd800 && c < 0xe000) c = 0xfffd;
    if (c < 0x80) out.push(c);
    else {
      // lead byte, then 6-bit continuation bytes from the highest
      const k = c < 0x800 ? 1 : c < 0x10000 ? 2 : 3;
      out.push(((0xff << (7 - k)) & 255) | (c >> (6 * k)));
      for (let j = k - 1; j >= 0; j--) out.push(0x80 | ((c >> (6 * j)) & 63));
    }
  }
  return new Uint8Array(out);
}

/** A string or bytes as bytes (strings as UTF-8). */
export function toBytes(data: Uint8Array | string): Uint8Array {
  return typeof data === 'string' ? utf8Encode(data) : data;
}
