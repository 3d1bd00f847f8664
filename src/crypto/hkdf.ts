// HKDF (RFC 5869) and TLS 1.3's HKDF-Expand-Label (RFC 8446 section 7.1) over any HashAlgorithm.
import type { HashAlgorithm } from './provider';
import { lengthError } from './check';
import { hmac, hmacCreate } from './hmac';
import { cryptoError } from '../errors';
import { asciiInto } from '../bytes';

/** HKDF-Extract: PRK = HMAC-Hash(salt, IKM). An empty salt acts as HashLen zero bytes, as the
 * RFC asks (HMAC pads its key with zeros either way). */
export const hkdfExtract: (hash: HashAlgorithm, salt: Uint8Array, ikm: Uint8Array) => Uint8Array = hmac;

/** HKDF-Expand: `length` bytes of T(1) | T(2) | ..., T(i) = HMAC(PRK, T(i-1) | info | i). */
export function hkdfExpand(hash: HashAlgorithm, prk: Uint8Array, info: Uint8Array, length: number): Uint8Array {
  const hl = hash.outputLen;
  if (!(length >= 0 && length <= 255 * hl && length % 1 === 0)) {
    throw lengthError('HKDF-Expand length must be 0..' + 255 * hl);
  }
  const keyed = hmacCreate(hash, prk);
  const out = new Uint8Array(length);
  const counter = new Uint8Array(1);
  let t = new Uint8Array(0);
  for (let at = 0; at < length; at += hl) {
    counter[0]++;
    t = keyed.copy().update(t).update(info).update(counter).digest();
    out.set(length - at < hl ? t.subarray(0, length - at) : t, at);
  }
  return out;
}

/** HKDF-Expand-Label(Secret, Label, Context, Length) = HKDF-Expand(Secret, HkdfLabel, Length),
 * HkdfLabel = uint16 Length | opaque label<7..255> = "tls13 " + Label | opaque context<0..255>.
 * `label` is ASCII without the "tls13 " prefix. */
export function hkdfExpandLabel(hash: HashAlgorithm, secret: Uint8Array, label: string, context: Uint8Array,
  length: number): Uint8Array {
  const ll = 6 + label.length;
  if (ll > 255 || context.length > 255 || !(length >= 0 && length <= 65535)) {
    throw lengthError('HKDF-Expand-Label field too long');
  }
  const info = new Uint8Array(4 + ll + context.length);
  info[0] = length >>> 8;
  info[1] = length & 255;
  info[2] = ll;
  if (!asciiInto(info, 3, 'tls13 ' + label)) throw cryptoError('bad_label', 'HKDF-Expand-Label label must be ASCII');
  info[3 + ll] = context.length;
  info.set(context, 4 + ll);
  return hkdfExpand(hash, secret, info, length);
}
