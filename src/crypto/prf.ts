// The TLS 1.2 PRF (RFC 5246 section 5): PRF(secret, label, seed) = P_hash(secret, label | seed)
// with the cipher suite's hash, where P_hash = HMAC(secret, A(1) | s) | HMAC(secret, A(2) | s)
// | ..., A(0) = s and A(i) = HMAC(secret, A(i-1)).
import type { HashAlgorithm } from './provider';
import { hmacCreate } from './hmac';
import { cryptoError } from '../errors';
import { asciiInto } from '../bytes';

/** `length` bytes of PRF(secret, label, seed); `label` is ASCII. */
export function tls12Prf(hash: HashAlgorithm, secret: Uint8Array, label: string, seed: Uint8Array,
  length: number): Uint8Array {
  if (!(length >= 0 && length % 1 === 0)) throw cryptoError('bad_length', 'PRF length must be a whole number');
  const s = new Uint8Array(label.length + seed.length);
  if (!asciiInto(s, 0, label)) throw cryptoError('bad_label', 'PRF label must be ASCII');
  s.set(seed, label.length);
  const keyed = hmacCreate(hash, secret);
  const hl = hash.outputLen;
  const out = new Uint8Array(length);
  let a = s;
  for (let at = 0; at < length; at += hl) {
    a = keyed.copy().update(a).digest();
    const p = keyed.copy().update(a).update(s).digest();
    out.set(length - at < hl ? p.subarray(0, length - at) : p, at);
  }
  return out;
}
