// AES-CBC, in place, and the TLS 1.2 MAC-then-encrypt record protection of the legacy CBC suites
// (RFC 5246 section 6.2.3.2: HMAC over seq || type || version || length || content, then
// padding, then CBC with an explicit per-record IV).
//
// Opening a record is built against padding-oracle and Lucky Thirteen timing attacks: the
// padding check reads the same bytes whatever the padding says and never exits early, a bad
// padding is treated as an empty one and still MACed, the MAC computation is padded out to the
// number of hash compression blocks of the longest possible plaintext, the received MAC is
// copied out of its secret position by a scan over every possible position plus a rotation by
// masks, and padding and MAC verdicts are combined with masks into one answer.
//
// With the pure-TS hashes, sealing and opening allocate nothing per record: the HMAC states are
// copied into hashers made once per key and digests written into arrays made once per key. A
// native hash (a HAL's) goes through the generic Hasher interface, which copies states and
// returns digests as new arrays: the same steps, with a few small objects per record.
import { cryptoError } from '../errors';
import type { HashAlgorithm, Hasher } from './provider';
import { MdHasher } from './md';
import { isIndex, checkRange } from './check';
import { AesKey, aesKey, aesPrepareDecrypt, aesEncryptWords, aesDecryptWords, readWordBE, writeWordBE } from './aes';

const S = new Int32Array(4);

function checkBlocks(iv: Uint8Array, ivOff: number, buf: Uint8Array, off: number, len: number): void {
  if (!isIndex(ivOff) || ivOff + 16 > iv.length) throw cryptoError('bad_length', 'CBC IV must be 16 bytes');
  checkRange(buf, off, len, 0, 'CBC range');
  if ((len & 15) !== 0) throw cryptoError('bad_length', 'CBC input must be whole 16-byte blocks, got ' + len);
}

/** AES-CBC-encrypts buf[off, off+len) in place (len a multiple of 16) under iv[ivOff, ivOff+16). */
export function aesCbcEncrypt(k: AesKey, iv: Uint8Array, ivOff: number, buf: Uint8Array, off: number, len: number): void {
  checkBlocks(iv, ivOff, buf, off, len);
  let c0 = readWordBE(iv, ivOff), c1 = readWordBE(iv, ivOff + 4);
  let c2 = readWordBE(iv, ivOff + 8), c3 = readWordBE(iv, ivOff + 12);
  for (let p = off; p < off + len; p += 16) {
    S[0] = readWordBE(buf, p) ^ c0;
    S[1] = readWordBE(buf, p + 4) ^ c1;
    S[2] = readWordBE(buf, p + 8) ^ c2;
    S[3] = readWordBE(buf, p + 12) ^ c3;
    aesEncryptWords(k, S);
    c0 = S[0]; c1 = S[1]; c2 = S[2]; c3 = S[3];
    writeWordBE(buf, p, c0);
    writeWordBE(buf, p + 4, c1);
    writeWordBE(buf, p + 8, c2);
    writeWordBE(buf, p + 12, c3);
  }
}

/** AES-CBC-decrypts buf[off, off+len) in place (len a multiple of 16) under iv[ivOff, ivOff+16).
 *  The IV may be the 16 bytes just before the data in the same buffer (the TLS record layout). */
export function aesCbcDecrypt(k: AesKey, iv: Uint8Array, ivOff: number, buf: Uint8Array, off: number, len: number): void {
  checkBlocks(iv, ivOff, buf, off, len);
  aesPrepareDecrypt(k);
  let c0 = readWordBE(iv, ivOff), c1 = readWordBE(iv, ivOff + 4);
  let c2 = readWordBE(iv, ivOff + 8), c3 = readWordBE(iv, ivOff + 12);
  for (let p = off; p < off + len; p += 16) {
    const x0 = readWordBE(buf, p), x1 = readWordBE(buf, p + 4);
    const x2 = readWordBE(buf, p + 8), x3 = readWordBE(buf, p + 12);
    S[0] = x0; S[1] = x1; S[2] = x2; S[3] = x3;
    aesDecryptWords(k, S);
    writeWordBE(buf, p, S[0] ^ c0);
    writeWordBE(buf, p + 4, S[1] ^ c1);
    writeWordBE(buf, p + 8, S[2] ^ c2);
    writeWordBE(buf, p + 12, S[3] ^ c3);
    c0 = x0; c1 = x1; c2 = x2; c3 = x3;
  }
}

/** -1 when a < b, else 0 (for a, b in 0..2^30). */
function ltMask(a: number, b: number): number {
  return (a - b) >> 31;
}

/**
 * Checks the PKCS#7 padding of buf[off, off+len) (len a positive multiple of 16) in time that
 * does not depend on the padding, and returns the unpadded length, or -1 when it is bad.
 */
export function pkcs7Unpad(buf: Uint8Array, off: number, len: number): number {
  checkRange(buf, off, len, 0, 'padded range');
  if (len === 0 || (len & 15) !== 0) return -1;
  const p = buf[off + len - 1];
  let bad = ltMask(p - 1, 0) | ltMask(16, p); // p must be 1..16
  for (let i = 1; i <= 16; i++) bad |= ltMask(i - 1, p) & (buf[off + len - i] ^ p);
  const good = ~((bad | -bad) >> 31);
  return ((len - p) & good) | ~good;
}

/** TLS 1.2 record protection for the AES-CBC + HMAC suites. */
export interface CbcHmacKey {
  /** MAC length: the hash's output length (20 for SHA-1, 32 for SHA-256, 48 for SHA-384). */
  macLen: number;
  /**
   * Protects the plaintext buf[off+16, off+16+len): appends the MAC over seq (8 bytes) and the
   * type and version of `header` (its first 3 bytes; the length the MAC covers is `len`), pads,
   * writes `iv` (16 bytes, fresh and unpredictable per record) at buf[off, off+16) and encrypts
   * in place. Returns the fragment length, 16 + ciphertext; buf must have room for it
   * (sealedLength).
   */
  seal(seq: Uint8Array, header: Uint8Array, iv: Uint8Array, buf: Uint8Array, off: number, len: number): number;
  /**
   * Opens the fragment buf[off, off+len) (IV || ciphertext) in place. Returns the plaintext
   * length, the plaintext left at buf[off+16, ...), or -1 for any bad length, padding or MAC
   * (the caller sends bad_record_mac) without telling which, in time that does not depend on
   * which; a refused fragment is left as it was.
   */
  open(seq: Uint8Array, header: Uint8Array, buf: Uint8Array, off: number, len: number): number;
  /** The fragment length seal produces for len bytes of plaintext. */
  sealedLength(len: number): number;
}

/** A TLS 1.2 AES-CBC + HMAC record key: encKey 16 or 32 bytes, macKey for HMAC over `mac`. */
export function aesCbcHmacKey(encKey: Uint8Array, macKey: Uint8Array, mac: HashAlgorithm): CbcHmacKey {
  const k = aesKey(encKey);
  aesPrepareDecrypt(k);
  const macLen = mac.outputLen;
  const blockLen = mac.blockLen;
  // Bytes of the length field in the hash's final padding (MD-style: 8, or 16 for 128-byte blocks).
  const lengthField = blockLen === 128 ? 16 : 8;
  // HMAC (RFC 2104): the keyed inner and outer states are computed once and copied per record.
  const keyBlock = new Uint8Array(blockLen);
  if (macKey.length > blockLen) keyBlock.set(mac.create().update(macKey).digest());
  else keyBlock.set(macKey);
  for (let i = 0; i < blockLen; i++) keyBlock[i] ^= 0x36;
  const inner = mac.create().update(keyBlock);
  for (let i = 0; i < blockLen; i++) keyBlock[i] ^= 0x36 ^ 0x5c;
  const outer = mac.create().update(keyBlock);
  for (let i = 0; i < blockLen; i++) keyBlock[i] = 0;
  const header13 = new Uint8Array(13);
  // Zeros fed to a spare hasher to even out compression blocks: the padding moves the plaintext
  // length by at most 255 bytes, so the block counts differ by at most 255 / blockLen + 1.
  const filler = new Uint8Array(((255 / blockLen | 0) + 2) * blockLen);
  const rot = new Uint8Array(macLen);
  const tmp = new Uint8Array(macLen);
  const innerOut = new Uint8Array(macLen);
  const computed = new Uint8Array(macLen);

  // The working hashers: the inner HMAC, the outer one, and the spare that runs the filler.
  // With the pure-TS hashes (MdHasher) they are made here and loaded by copyFrom per record;
  // otherwise each record takes fresh copies.
  const md = inner instanceof MdHasher && outer instanceof MdHasher;
  let workIn: Hasher = inner.copy();
  let workOut: Hasher = outer.copy();
  let spare: Hasher = inner.copy();

  /** A hasher in the state of `from` (one of the two keyed states). */
  function load(work: Hasher, from: Hasher): Hasher {
    if (!md) return from.copy();
    (work as MdHasher).copyFrom(from as MdHasher);
    return work;
  }

  function feed(h: Hasher, data: Uint8Array, off: number, len: number): void {
    if (md) (h as MdHasher).updateRange(data, off, len);
    else h.update(data.subarray(off, off + len));
  }

  function finishInto(h: Hasher, out: Uint8Array): void {
    if (md) (h as MdHasher).digestInto(out, 0);
    else out.set(h.digest());
  }

  function checkSeqHeader(seq: Uint8Array, header: Uint8Array): void {
    if (seq.length !== 8) throw cryptoError('bad_length', 'sequence number must be 8 bytes');
    if (header.length < 3) throw cryptoError('bad_length', 'record header must hold type and version');
  }

  /** Writes into `computed` the HMAC over seq || header type, version || len || buf[p, p+len). */
  function macInto(seq: Uint8Array, header: Uint8Array, buf: Uint8Array, p: number, len: number): void {
    header13.set(seq, 0);
    header13[8] = header[0];
    header13[9] = header[1];
    header13[10] = header[2];
    header13[11] = len >>> 8;
    header13[12] = len;
    workIn = load(workIn, inner);
    feed(workIn, header13, 0, 13);
    feed(workIn, buf, p, len);
    finishInto(workIn, innerOut);
    workOut = load(workOut, outer);
    feed(workOut, innerOut, 0, macLen);
    finishInto(workOut, computed);
  }

  function sealedLength(len: number): number {
    return 16 + ((len + macLen + 16) & ~15);
  }

  /** Compression blocks a hash runs over n bytes after the key block. */
  function blocksFor(n: number): number {
    return Math.floor((n + lengthField) / blockLen);
  }

  return {
    macLen: macLen,
    sealedLength: sealedLength,
    seal: function (seq: Uint8Array, header: Uint8Array, iv: Uint8Array, buf: Uint8Array, off: number, len: number): number {
      checkSeqHeader(seq, header);
      if (iv.length !== 16) throw cryptoError('bad_length', 'CBC IV must be 16 bytes');
      if (!isIndex(off) || !isIndex(len) || len > 0xffff) throw cryptoError('bad_length', 'bad record range');
      const total = sealedLength(len);
      if (off + total > buf.length) throw cryptoError('bad_length', 'buffer has no room for IV, MAC and padding');
      const p = off + 16;
      macInto(seq, header, buf, p, len);
      buf.set(computed, p + len);
      const padEnd = off + total;
      const padValue = padEnd - (p + len + macLen) - 1;
      for (let i = p + len + macLen; i < padEnd; i++) buf[i] = padValue;
      buf.set(iv, off);
      aesCbcEncrypt(k, buf, off, buf, p, total - 16);
      return total;
    },
    open: function (seq: Uint8Array, header: Uint8Array, buf: Uint8Array, off: number, len: number): number {
      checkSeqHeader(seq, header);
      checkRange(buf, off, len, 0, 'record range');
      const n = len - 16;
      // Public facts: the record length must be whole blocks with room for a MAC and a pad byte.
      if (n < macLen + 1 || (n & 15) !== 0) return -1;
      const p = off + 16;
      aesCbcDecrypt(k, buf, off, buf, p, n);

      // Padding: the last byte says how many bytes before it must repeat it. Every one of the
      // last min(256, n) bytes is read, whatever the padding says.
      const padValue = buf[p + n - 1];
      let bad = ltMask(n - macLen - 1, padValue);
      const scan = n < 256 ? n : 256;
      for (let i = 1; i <= scan; i++) bad |= ltMask(i - 2, padValue) & (buf[p + n - i] ^ padValue);
      const good = ~((bad | -bad) >> 31);
      // With bad padding, MAC as if there were none (RFC 5246 section 6.2.3.2).
      const plainLen = n - macLen - 1 - (padValue & good);

      // MAC over the plaintext, then the compression blocks a maximal plaintext would have cost.
      const maxLen = n - macLen - 1;
      macInto(seq, header, buf, p, plainLen);
      const extra = blocksFor(13 + maxLen) - blocksFor(13 + plainLen);
      spare = load(spare, inner);
      feed(spare, filler, 0, extra * blockLen);

      // Copy the received MAC out of its secret position: scan every position it can start at,
      // keeping the bytes inside [plainLen, plainLen + macLen) at index (position mod macLen),
      // then rotate left by (plainLen - start) mod macLen, one masked step per bit of it.
      const start = n - macLen - 256 > 0 ? n - macLen - 256 : 0;
      for (let i = 0; i < macLen; i++) rot[i] = 0;
      let j = 0, shift = 0;
      for (let q = start; q < n; q++) {
        const inMac = ~ltMask(q, plainLen) & ltMask(q, plainLen + macLen);
        rot[j] |= buf[p + q] & inMac;
        shift |= j & (((q ^ plainLen) - 1) >> 31);
        j++;
        if (j === macLen) j = 0;
      }
      for (let b = 1; b < macLen; b <<= 1) {
        const m = -(shift & 1);
        shift >>= 1;
        for (let i = 0; i < macLen; i++) {
          const from = i + b < macLen ? i + b : i + b - macLen;
          tmp[i] = (rot[from] & m) | (rot[i] & ~m);
        }
        rot.set(tmp);
      }
      let diff = 0;
      for (let i = 0; i < macLen; i++) diff |= rot[i] ^ computed[i];
      const ok = good & ((diff - 1) >> 31);
      // A refused record leaves no decrypted bytes: encrypting them again under the same IV
      // gives back the ciphertext (CBC is deterministic). The refusal itself is public.
      if (ok === 0) aesCbcEncrypt(k, buf, off, buf, p, n);
      return (plainLen & ok) | ~ok;
    },
  };
}
