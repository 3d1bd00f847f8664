// Small byte helpers shared by the stack. Only index, length, subarray and set on Uint8Array.

const HEX = '0123456789abcdef';

export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) {
    s += HEX.charAt(bytes[i] >> 4) + HEX.charAt(bytes[i] & 15);
  }
  return s;
}

function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

export function fromHex(hex: string): Uint8Array {
  if (hex.length % 2 !== 0) throw new Error('hex string of odd length');
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) {
    const hi = hexDigit(hex.charCodeAt(2 * i));
    const lo = hexDigit(hex.charCodeAt(2 * i + 1));
    if (hi < 0 || lo < 0) throw new Error('not a hex digit at ' + 2 * i);
    out[i] = (hi << 4) | lo;
  }
  return out;
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
