// UTF-8 for strings given to write() (no TextEncoder on the target engines).

/** The UTF-8 bytes of a JavaScript string; unpaired surrogates become U+FFFD. */
export function utf8Encode(s: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    // by the bits above the low 10 (11): a high surrogate, a low one (past the end charCodeAt gives
    // NaN, shifted 0: no pair), any surrogate; Espruino's codes may pass 0xffff, so no masks
    const d = s.charCodeAt(i + 1);
    if (c >> 10 === 0x36 && d >> 10 === 0x37) {
      c = 0x10000 + ((c & 1023) << 10) + (d & 1023);
      i++;
    } else if (c >> 11 === 0x1b) c = 0xfffd;
    // k continuation bytes of 6 bits follow the lead byte (110xxxxx, 1110xxxx, 11110xxx)
    let k = c < 0x80 ? 0 : c < 0x800 ? 1 : c < 0x10000 ? 2 : 3;
    out.push(k ? (256 - (128 >> k)) | (c >> (6 * k)) : c);
    while (k-- > 0) out.push(0x80 | ((c >> (6 * k)) & 63));
  }
  return new Uint8Array(out);
}

/** A string or bytes as bytes (strings as UTF-8). */
export function toBytes(data: Uint8Array | string): Uint8Array {
  return typeof data === 'string' ? utf8Encode(data) : data;
}
