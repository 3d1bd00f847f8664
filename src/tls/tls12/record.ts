// TLS 1.2 record protection (RFC 5246 section 6.2.3), in place like TLS 1.3's: AES-GCM with an
// 8-byte explicit nonce (RFC 5288; the sequence number is used as that nonce), ChaCha20-Poly1305
// with the sequence number XORed into the IV (RFC 7905), and AES-CBC + HMAC (crypto/cbc.ts: MAC,
// pad, encrypt, with the padding-oracle-free check). The additional data of the AEADs is
// seq_num || type || version || length.
import type { CryptoProvider } from '../../crypto/provider';
import type { AeadKey } from '../../crypto/aead';
import type { CbcHmacKey } from '../../crypto/cbc';
import type { Protection } from '../record';
import type { Suite12 } from './suites';
import { writeHeader } from '../record';
import { prfHash } from './suites';

function seqInto(pr: Protection, out: Uint8Array, at: number): void {
  const hi = pr.seqHi;
  const lo = pr.seqLo;
  out[at] = (hi >>> 24) & 255;
  out[at + 1] = (hi >>> 16) & 255;
  out[at + 2] = (hi >>> 8) & 255;
  out[at + 3] = hi & 255;
  out[at + 4] = (lo >>> 24) & 255;
  out[at + 5] = (lo >>> 16) & 255;
  out[at + 6] = (lo >>> 8) & 255;
  out[at + 7] = lo & 255;
}

function bump(pr: Protection): void {
  if (pr.seqLo === 0xffffffff) {
    pr.seqLo = 0;
    pr.seqHi = pr.seqHi + 1;
  } else {
    pr.seqLo = pr.seqLo + 1;
  }
}

/** One direction's protection from its slice of the key block: `key`, `iv` (4 bytes for GCM,
 * 12 for ChaCha20, none for CBC) and `macKey` (CBC only). `random` draws CBC's per-record IVs. */
export function protection12(p: CryptoProvider, suite: Suite12, key: Uint8Array, iv: Uint8Array, macKey: Uint8Array,
  random: (out: Uint8Array) => void): Protection {
  const aad = new Uint8Array(13);
  const nonce = new Uint8Array(12);
  const seq = new Uint8Array(8);
  const cbcIv = new Uint8Array(16);
  let aead: AeadKey | null = null;
  let cbc: CbcHmacKey | null = null;
  if (suite.cipher === 'cbc') cbc = p.aesCbcHmac(key, macKey, suite.mac === 'sha1' ? p.sha1 : p.sha256);
  else aead = suite.cipher === 'chacha' ? p.chacha20Poly1305(key) : p.aesGcm(key);
  const pre = suite.cipher === 'gcm' ? 8 : suite.cipher === 'cbc' ? 16 : 0;
  const pr: Protection = {
    suite: { code: suite.code, name: suite.name, keyLen: suite.keyLen, hash: suite.hash }, hash: prfHash(p, suite),
    secret: new Uint8Array(0), aead: aead as AeadKey, iv: iv, nonce: nonce, seqHi: 0, seqLo: 0, pre: pre,
  };
  function setAad(type: number, len: number): void {
    seqInto(pr, aad, 0);
    aad[8] = type;
    aad[9] = 3;
    aad[10] = 3;
    aad[11] = (len >> 8) & 255;
    aad[12] = len & 255;
  }
  function setNonce(buf: Uint8Array, at: number): void {
    if (suite.cipher === 'gcm') {
      nonce.set(iv.subarray(0, 4), 0);
      nonce.set(buf.subarray(at, at + 8), 4);
    } else {
      nonce.set(iv, 0);
      for (let i = 0; i < 8; i++) nonce[4 + i] ^= aad[i];
    }
  }
  pr.seal12 = function (buf: Uint8Array, at: number, type: number, len: number): number {
    let frag: number;
    if (cbc !== null) {
      seqInto(pr, seq, 0);
      random(cbcIv);
      buf[at] = type;
      buf[at + 1] = 3;
      buf[at + 2] = 3;
      frag = cbc.seal(seq, buf.subarray(at, at + 3), cbcIv, buf, at + 5, len);
    } else {
      setAad(type, len);
      if (pre === 8) seqInto(pr, buf, at + 5);
      setNonce(buf, at + 5);
      (aead as AeadKey).seal(nonce, aad, 0, 13, buf, at + 5 + pre, len);
      frag = pre + len + 16;
    }
    bump(pr);
    writeHeader(buf, at, type, 0x0303, frag);
    return 5 + frag;
  };
  pr.open12 = function (buf: Uint8Array, at: number, type: number, len: number): number {
    let n = -1;
    if (cbc !== null) {
      seqInto(pr, seq, 0);
      n = cbc.open(seq, buf.subarray(at, at + 3), buf, at + 5, len);
    } else if (len >= pre + 16) {
      n = len - pre - 16;
      setAad(type, n);
      setNonce(buf, at + 5);
      if (!(aead as AeadKey).open(nonce, aad, 0, 13, buf, at + 5 + pre, n)) n = -1;
    }
    bump(pr);
    return n;
  };
  return pr;
}
