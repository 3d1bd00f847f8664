// The AEAD interface the record layer protects TLS records with (RFC 5116 as TLS uses it: 12-byte
// nonces, 16-byte tags), and the argument checks and constant-time tag comparison its two
// implementations (gcm.ts, chacha20poly1305.ts) share. Both work in place over the caller's
// buffer and allocate nothing per record once the key is set up.
import { checkLength, checkRange } from './check';

export interface AeadKey {
  /** Encrypts buf[off, off+len) in place and writes the 16-byte tag at buf[off+len, off+len+16). */
  seal(nonce: Uint8Array, aad: Uint8Array, aadOff: number, aadLen: number, buf: Uint8Array, off: number, len: number): void;
  /** Checks the tag at buf[off+len, off+len+16) over ciphertext buf[off, off+len); only when it
   *  matches (constant-time compare) decrypts in place and returns true; else returns false and
   *  leaves buf unchanged. */
  open(nonce: Uint8Array, aad: Uint8Array, aadOff: number, aadLen: number, buf: Uint8Array, off: number, len: number): boolean;
}

export const AEAD_NONCE_LENGTH = 12;
export const AEAD_TAG_LENGTH = 16;

/** Refuses a nonce that is not 12 bytes or ranges that do not lie inside their buffers. */
export function checkAeadArgs(nonce: Uint8Array, aad: Uint8Array, aadOff: number, aadLen: number,
  buf: Uint8Array, off: number, len: number): void {
  checkLength(nonce, AEAD_NONCE_LENGTH, 'AEAD nonce');
  checkRange(aad, aadOff, aadLen, 0, 'additional data range');
  checkRange(buf, off, len, AEAD_TAG_LENGTH, 'record range plus 16-byte tag');
}

/** Compares a[aOff, aOff+n) with b[bOff, bOff+n) in time that depends on n only. */
export function equalConstantTime(a: Uint8Array, aOff: number, b: Uint8Array, bOff: number, n: number): boolean {
  let d = 0;
  for (let i = 0; i < n; i++) d |= a[aOff + i] ^ b[bOff + i];
  return d === 0;
}

/**
 * The seal and open of an AEAD that encrypts, then MACs the ciphertext: `begin` takes the nonce
 * and absorbs the additional data, `crypt` XORs the keystream in place, `mac` absorbs the
 * ciphertext and `finish` returns the tag. Open checks the tag before it decrypts anything.
 * (The size variants share it; the default ones fuse the passes for speed.)
 */
export function encryptThenMac(begin: (nonce: Uint8Array, aad: Uint8Array, aadOff: number, aadLen: number) => void,
  crypt: (buf: Uint8Array, off: number, len: number) => void, mac: (buf: Uint8Array, off: number, len: number) => void,
  finish: (aadLen: number, len: number) => Uint8Array): AeadKey {
  return {
    seal: function (nonce: Uint8Array, aad: Uint8Array, aadOff: number, aadLen: number, buf: Uint8Array, off: number, len: number): void {
      checkAeadArgs(nonce, aad, aadOff, aadLen, buf, off, len);
      begin(nonce, aad, aadOff, aadLen);
      crypt(buf, off, len);
      mac(buf, off, len);
      buf.set(finish(aadLen, len), off + len);
    },
    open: function (nonce: Uint8Array, aad: Uint8Array, aadOff: number, aadLen: number, buf: Uint8Array, off: number, len: number): boolean {
      checkAeadArgs(nonce, aad, aadOff, aadLen, buf, off, len);
      begin(nonce, aad, aadOff, aadLen);
      mac(buf, off, len);
      if (!equalConstantTime(finish(aadLen, len), 0, buf, off + len, AEAD_TAG_LENGTH)) return false;
      crypt(buf, off, len);
      return true;
    },
  };
}
