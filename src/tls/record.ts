// TLS 1.3 record protection (RFC 8446 section 5.2-5.3), in place: the caller's buffer holds the
// 5-byte header followed by TLSInnerPlaintext (content, type byte, zero padding); sealing
// encrypts it where it lies and appends the tag, opening decrypts where it lies. The per-record
// nonce is the IV XOR the 64-bit sequence number, kept as two 32-bit halves (no 2^53 limit, and
// nothing allocated per record).
import type { CryptoProvider, HashAlgorithm } from '../crypto/provider';
import type { AeadKey } from '../crypto/aead';
import type { Suite } from './suites';
import { suiteAead, suiteHash } from './suites';
import { trafficKey, trafficIv } from './keyschedule';
import { setUint } from './codec';

export const CT_CHANGE_CIPHER_SPEC = 20;
export const CT_ALERT = 21;
export const CT_HANDSHAKE = 22;
export const CT_APPLICATION_DATA = 23;

export const TAG_LEN = 16;

export interface Protection {
  suite: Suite;
  hash: HashAlgorithm;
  secret: Uint8Array;
  aead: AeadKey;
  iv: Uint8Array;
  nonce: Uint8Array;
  seqHi: number;
  seqLo: number;
  /** TLS 1.2 (tls12/record.ts): the bytes between header and data (explicit nonce or IV), and
   * seal/open under the record header's own content type; absent for TLS 1.3. */
  pre?: number;
  seal12?: (buf: Uint8Array, at: number, type: number, len: number) => number;
  open12?: (buf: Uint8Array, at: number, type: number, len: number) => number;
}

export function protection(p: CryptoProvider, suite: Suite, secret: Uint8Array): Protection {
  const h = suiteHash(p, suite);
  return {
    suite: suite,
    hash: h,
    secret: secret,
    aead: suiteAead(p, suite, trafficKey(h, secret, suite.keyLen)),
    iv: trafficIv(h, secret),
    nonce: new Uint8Array(12),
    seqHi: 0,
    seqLo: 0,
  };
}

function nextNonce(pr: Protection): Uint8Array {
  const n = pr.nonce;
  n.set(pr.iv, 0);
  for (let i = 0; i < 4; i++) {
    n[7 - i] ^= (pr.seqHi >>> (8 * i)) & 255;
    n[11 - i] ^= (pr.seqLo >>> (8 * i)) & 255;
  }
  // the low half counts to 2^32 - 1, then carries into the high half
  if (++pr.seqLo > 0xffffffff) {
    pr.seqLo = 0;
    pr.seqHi++;
  }
  return n;
}

export function writeHeader(buf: Uint8Array, at: number, type: number, legacyVersion: number, len: number): void {
  buf[at] = type;
  setUint(buf, at + 1, legacyVersion * 65536 + len, 4);
}

/** Protects the record at buf[at..]: its TLSInnerPlaintext (`innerLen` bytes, type byte
 * included) already sits at buf[at+5..]. Writes the header and tag; returns the record's size. */
export function sealRecord(pr: Protection, buf: Uint8Array, at: number, innerLen: number): number {
  const ctLen = innerLen + TAG_LEN;
  writeHeader(buf, at, CT_APPLICATION_DATA, 0x0303, ctLen);
  pr.aead.seal(nextNonce(pr), buf, at, 5, buf, at + 5, innerLen);
  return 5 + ctLen;
}

/** Opens the protected record whose header is at buf[at..] and whose `ctLen` bytes follow it.
 * Returns the TLSInnerPlaintext length (type byte and padding still in place), or -1 when the
 * tag does not verify. */
export function openRecord(pr: Protection, buf: Uint8Array, at: number, ctLen: number): number {
  if (ctLen < TAG_LEN + 1) return -1;
  const ok = pr.aead.open(nextNonce(pr), buf, at, 5, buf, at + 5, ctLen - TAG_LEN);
  return ok ? ctLen - TAG_LEN : -1;
}
