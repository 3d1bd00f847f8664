// Small byte helpers shared by the stack. Only index, length, subarray and set on Uint8Array.

const HEX = '0123456789abcdef';

export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) {
    s += HEX.charAt(bytes[i] >> 4) + HEX.charAt(bytes[i] & 15);
  }
  return s;
}

export function fromHex(hex: string): Uint8Array {
  if (hex.length % 2 !== 0) throw new Error('hex string of odd length');
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < hex.length; i++) {
    const d = HEX.indexOf(hex.charAt(i).toLowerCase());
    if (d < 0) throw new Error('not a hex digit at ' + i);
    out[i >> 1] = (out[i >> 1] << 4) | d;
  }
  return out;
}

/** ASCII/Latin-1 text of bytes (host names, ALPN protocol names, 8-bit strings). */
export function latin1(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]);
  return s;
}

/** Bytes of a string whose characters are all below 256 (ASCII and 8-bit strings). */
export function fromLatin1(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 255;
  return out;
}

/** Writes the ASCII string `s` into out[at..]; false (and a partial write) if a character is not
 * ASCII. Protocol labels go through here. */
export function asciiInto(out: Uint8Array, at: number, s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 127) return false;
    out[at + i] = c;
  }
  return true;
}

/** A fresh copy of bytes (for values kept past the buffer they arrived in). */
export function copyBytes(b: Uint8Array): Uint8Array {
  const c = new Uint8Array(b.length);
  c.set(b, 0);
  return c;
}

/** Equal bytes, compared in constant time for equal lengths (MACs, signatures, pins). */
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
