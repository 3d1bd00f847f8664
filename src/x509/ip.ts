// IP address literals as host names (feature ip-hosts): an IPv4 dotted quad or an IPv6 literal
// checked against the leaf's iPAddress subjectAltName entries (RFC 6125 section 1.7.2).

/** A decimal (IPv4 part, no leading zeros, below 256) or hex (IPv6 group) number, -1 if not. */
function num(p: string, base: number): number {
  const n = p.length;
  if (n < 1 || n > (base === 10 ? 3 : 4) || (base === 10 && n > 1 && p.charAt(0) === '0')) return -1;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const d = '0123456789abcdef'.indexOf(p.charAt(i).toLowerCase());
    if (d < 0 || d >= base) return -1;
    v = v * base + d;
  }
  return base === 10 && v > 255 ? -1 : v;
}

/** The 4 bytes of a dotted quad into out[o..], false if s is not one. */
function v4(s: string, out: Uint8Array | number[], o: number): boolean {
  const parts = s.split('.');
  if (parts.length !== 4) return false;
  for (let i = 0; i < 4; i++) {
    const v = num(parts[i], 10);
    if (v < 0) return false;
    out[o + i] = v;
  }
  return true;
}

/** The 4 or 16 bytes of an IPv4 dotted quad or an IPv6 literal (up to eight groups, one "::",
 * an optional dotted-quad tail), or null if s is neither. */
export function parseIp(s: string): Uint8Array | null {
  if (s.indexOf(':') < 0) {
    const q = new Uint8Array(4);
    return v4(s, q, 0) ? q : null;
  }
  const halves = s.split('::'), b: number[][] = [];
  if (halves.length > 2) return null;
  for (let h = 0; h < halves.length; h++) {
    const parts = halves[h] === '' ? [] : halves[h].split(':'), list: number[] = [];
    for (let i = 0; i < parts.length; i++) {
      const v = num(parts[i], 16);
      if (v >= 0) list.push(v >> 8, v & 255);
      else if (h !== halves.length - 1 || i !== parts.length - 1 || !v4(parts[i], list, list.length)) return null;
    }
    b.push(list);
  }
  const tail = b.length > 1 ? b[1] : [], n = b[0].length + tail.length;
  if (b.length === 1 ? n !== 16 : n > 14) return null;
  const out = new Uint8Array(16);
  out.set(b[0], 0);
  out.set(tail, 16 - tail.length);
  return out;
}
