// The length checks the primitives share: one error shape for every wrong length.
import { cryptoError } from '../errors';
import type { MicrotlsError } from '../errors';

/** CryptoError bad_length. */
export function lengthError(message: string): MicrotlsError {
  return cryptoError('bad_length', message);
}

/** Refuses bytes that are not `n` long: "<what> must be <n> bytes, got <length>". */
export function checkLength(b: Uint8Array, n: number, what: string): void {
  if (b.length !== n) throw lengthError(what + ' must be ' + n + ' bytes, got ' + b.length);
}

/** A non-negative integer that 32-bit index arithmetic handles: the mask leaves only those
 * unchanged (NaN, fractions, negatives, 2^30 and above, and non-numbers all differ). */
export function isIndex(n: number): boolean {
  return (n & 0x3fffffff) === n;
}

/** Refuses a range b[off, off+len) plus `extra` bytes that does not lie inside b. */
export function checkRange(b: Uint8Array, off: number, len: number, extra: number, what: string): void {
  if (!isIndex(off) || !isIndex(len) || off + len + extra > b.length) throw lengthError(what + ' outside its buffer');
}

/** Refuses an AES key that is not 16 or 32 bytes (AES-192 included: TLS never uses it). */
export function checkAesKey(key: Uint8Array): void {
  checkLength(key, key.length > 16 ? 32 : 16, 'AES key');
}
