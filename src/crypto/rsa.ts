// RSA (RFC 8017): PKCS #1 v1.5 and PSS signatures, PKCS #1 v1.5 encryption, and the TLS 1.2
// server's premaster-secret decryption (RFC 5246 section 7.4.7.1) without a padding oracle.
// Keys are objects made once (rsaPublicKey / rsaPrivateKey) that hold their Montgomery contexts
// and scratch, so the operations allocate little. The public operation s^e mod n is rsapub.ts's
// (size bundles take rsapub.small.ts, on another engine); the key checks, the encodings and the
// private side (bignum.ts) are here, for both. Private operations use CRT, check their result
// with the public exponent (a fault gives cryptoError('fault'), never a wrong output) and, when
// the key was given a random source, blind the input.
import { cryptoError } from '../errors';
import { lengthError, checkLength } from './check';
// The stack's one copy and constant-time comparison of byte strings (shared with the record layer).
import { copyBytes, sameBytes } from '../bytes';
import type { HashAlgorithm } from './provider';
import {
  Mont, bnFromBytes, bnToBytes, bnBitLength, bnCmp, bnSub, bnAdd, bnMul, bnModInv,
  montInit, montMul, montRedc, montReduce, montR3, montExpSecret,
} from './bignum';
// s^e mod n: on bignum.ts here, on ecfield.small.ts in size bundles (rsapub.small.ts).
import { RsaPub, rsaPubInit, rsaPubOp } from './rsapub';

export interface RsaOptions {
  /** Accept a 1024-bit modulus (the RFC 8448 test key); otherwise only 2048..4096 bits. */
  allow1024?: boolean;
  /** For private keys: a source of random bytes. When given, every private operation blinds
   * its input (a fresh blinding pair every 32 operations, squared in between). */
  random?: (out: Uint8Array) => void;
}

export interface RsaPublicKey {
  /** Modulus size in bits, and in bytes (the length of signatures and ciphertexts). */
  bits: number;
  size: number;
  /** Modulus and public exponent, big-endian without leading zeros. */
  n: Uint8Array;
  e: Uint8Array;
  /** Internals: the public operation's state (rsapub.ts). */
  op: RsaPub;
}

export interface RsaPrivateComponents {
  n: Uint8Array; e: Uint8Array; d: Uint8Array; p: Uint8Array; q: Uint8Array;
  dp: Uint8Array; dq: Uint8Array; qinv: Uint8Array;
}

export interface RsaPrivateKey {
  pub: RsaPublicKey;
  /** Internals: Montgomery contexts of n (blinding) and of the primes (CRT, both with the same
   * limb count), exponents, scratch. */
  nm: Mont; p: Mont; q: Mont; pr3: Uint16Array; qr3: Uint16Array;
  dp: Uint16Array; dq: Uint16Array; qinv: Uint16Array; pBits: number; qBits: number;
  qLimbs: Uint16Array; table: Uint16Array;
  a: Uint16Array; b: Uint16Array; tmp: Uint16Array; wide: Uint16Array; c: Uint16Array;
  random: ((out: Uint8Array) => void) | null;
  blindIn: Uint16Array; blindOut: Uint16Array; blindUses: number;
}

function stripZeros(b: Uint8Array): Uint8Array {
  let i = 0;
  while (i < b.length && b[i] === 0) i++;
  return b.subarray(i);
}

/** A public key from its modulus and exponent (big-endian; leading zeros ignored). */
export function rsaPublicKey(n: Uint8Array, e: Uint8Array, opts?: RsaOptions): RsaPublicKey {
  const nb = stripZeros(n), eb = stripZeros(e), len = nb.length;
  let bits = 8 * len;
  if (len) for (let t = nb[0]; t < 128; t <<= 1) bits--;
  if (!((bits >= 2048 && bits <= 4096) || (bits === 1024 && opts && opts.allow1024))) {
    throw cryptoError('bad_key', 'RSA modulus of ' + bits + ' bits: 2048 to 4096 are accepted');
  }
  if ((nb[len - 1] & 1) === 0) throw cryptoError('bad_key', 'RSA modulus is even');
  if (eb.length === 0 || eb.length > len || (eb[eb.length - 1] & 1) === 0 ||
    (eb.length === 1 && eb[0] < 3)) {
    throw cryptoError('bad_key', 'RSA public exponent must be odd and at least 3');
  }
  // e < n: shorter, or at the first byte that differs (or the last) smaller
  if (eb.length === len) {
    let i = 0;
    while (i < len - 1 && eb[i] === nb[i]) i++;
    if (eb[i] >= nb[i]) throw cryptoError('bad_key', 'RSA public exponent not below the modulus');
  }
  return { bits: bits, size: len, n: copyBytes(nb), e: copyBytes(eb), op: rsaPubInit(nb) };
}

/** s^e mod n as `size` bytes, or null when sig has the wrong length or is not below n. */
function publicOp(key: RsaPublicKey, sig: Uint8Array): Uint8Array | null {
  return sig.length === key.size ? rsaPubOp(key.op, key.e, sig) : null;
}

function keyLimbs(b: Uint8Array, limbs: number, what: string): Uint16Array {
  const s = stripZeros(b);
  if (s.length > 2 * limbs) throw cryptoError('bad_key', 'RSA ' + what + ' too large');
  return bnFromBytes(s, limbs);
}

/** A private key from its components (big-endian). d is only checked for size: the operations
 * use the CRT components. opts.random turns on blinding; opts.allow1024 as for public keys. */
export function rsaPrivateKey(c: RsaPrivateComponents, opts?: RsaOptions): RsaPrivateKey {
  const pub = rsaPublicKey(c.n, c.e, opts);
  const nl = (pub.size + 1) >> 1, nm = montInit(bnFromBytes(pub.n, nl));
  const pb = stripZeros(c.p), qb = stripZeros(c.q);
  const np = (Math.max(pb.length, qb.length) + 1) >> 1;
  if (2 * np < nl || 2 * np > nl + 2) throw cryptoError('bad_key', 'RSA primes do not match the modulus size');
  const p = keyLimbs(pb, np, 'p'), q = keyLimbs(qb, np, 'q');
  const dp = keyLimbs(c.dp, np, 'dp'), dq = keyLimbs(c.dq, np, 'dq'), qinv = keyLimbs(c.qinv, np, 'qinv');
  keyLimbs(c.d, nl, 'd');
  // p q must be n (so p and q are odd and above 1, as montInit needs); dp, dq, qinv must be
  // below their primes
  const prod = new Uint16Array(2 * np), nw = new Uint16Array(2 * np);
  bnMul(prod, p, q, np);
  nw.set(nm.m);
  if (bnCmp(prod, nw) !== 0 || bnCmp(dp, p) >= 0 || bnCmp(dq, q) >= 0 || bnCmp(qinv, p) >= 0) {
    throw cryptoError('bad_key', 'inconsistent RSA private key');
  }
  const pm = montInit(p), qm = montInit(q);
  return {
    pub: pub, nm: nm, p: pm, q: qm, pr3: montR3(pm), qr3: montR3(qm),
    dp: dp, dq: dq, qinv: qinv, pBits: bnBitLength(p), qBits: bnBitLength(q),
    qLimbs: q, table: new Uint16Array(16 * np),
    a: new Uint16Array(np), b: new Uint16Array(np), tmp: new Uint16Array(np),
    wide: new Uint16Array(2 * np), c: new Uint16Array(nl),
    random: opts && opts.random ? opts.random : null,
    blindIn: new Uint16Array(nl), blindOut: new Uint16Array(nl), blindUses: 0,
  };
}

/** Next blinding pair: blindIn = r^e R, blindOut = r^-1 R (Montgomery form mod n). */
function nextBlinding(priv: RsaPrivateKey): void {
  const ctx = priv.nm, pub = priv.pub;
  if (priv.blindUses > 0 && priv.blindUses < 32) {
    montMul(ctx, priv.blindIn, priv.blindIn, priv.blindIn);
    montMul(ctx, priv.blindOut, priv.blindOut, priv.blindOut);
    priv.blindUses++;
    return;
  }
  const rb = new Uint8Array(pub.size);
  for (let tries = 0; tries < 8; tries++) {
    (priv.random as (out: Uint8Array) => void)(rb);
    rb[0] &= 0xff >> (8 * pub.size - pub.bits + 1); // below 2^(bits-1), so below n
    const r = bnFromBytes(rb, ctx.n);
    const inv = bnModInv(r, ctx.m, ctx.n);
    if (inv === null) continue; // r = 0 or shares a factor with n: draw again
    montMul(ctx, priv.blindIn, bnFromBytes(publicOp(pub, rb) as Uint8Array, ctx.n), ctx.rr);
    montMul(ctx, priv.blindOut, inv, ctx.rr);
    priv.blindUses = 1;
    return;
  }
  throw cryptoError('bad_random', 'the random source gives no usable blinding value');
}

/** out = c^d mod n for c (`size` bytes, below n) by CRT, blinded, checked; out may be c. */
function privateRaw(priv: RsaPrivateKey, c: Uint8Array, out: Uint8Array): void {
  const pub = priv.pub, N = priv.nm, P = priv.p, Q = priv.q, np = P.n, nl = N.n;
  const a = priv.a, b = priv.b, tmp = priv.tmp, wide = priv.wide, x = priv.c;
  x.set(bnFromBytes(c, nl));
  if (priv.random) {
    nextBlinding(priv);
    montMul(N, x, x, priv.blindIn);
  }
  // m1 = x^dp mod p and m2 = x^dq mod q, both kept in Montgomery form
  montReduce(P, tmp, x, priv.pr3);
  montExpSecret(P, a, tmp, priv.dp, priv.pBits, priv.table, b);
  montReduce(Q, tmp, x, priv.qr3);
  montExpSecret(Q, b, tmp, priv.dq, priv.qBits, priv.table, wide.subarray(0, np));
  montRedc(Q, b, b); // m2, plain
  // h = (m1 - m2) qinv mod p, then m = m2 + h q
  montReduce(P, tmp, b, priv.pr3);
  const borrow = bnSub(a, a, tmp);
  const back = -borrow;
  let carry = 0;
  for (let i = 0; i < np; i++) {
    carry = a[i] + (P.m[i] & back) + carry;
    a[i] = carry & 0xffff;
    carry >>>= 16;
  }
  montMul(P, a, a, priv.qinv);
  bnMul(wide, a, priv.qLimbs, np);
  carry = bnAdd(wide, wide, b, np);
  for (let i = np; i < 2 * np; i++) {
    carry += wide[i];
    wide[i] = carry & 0xffff;
    carry >>>= 16;
  }
  x.set(wide.subarray(0, nl));
  if (priv.random) montMul(N, x, x, priv.blindOut);
  // fault check: x^e must give back c
  const m = new Uint8Array(pub.size);
  bnToBytes(x, m);
  const y = publicOp(pub, m);
  if (y === null || !sameBytes(y, c)) throw cryptoError('fault', 'RSA private operation failed its check');
  out.set(m);
}

const DIGEST_INFO = new Uint8Array([
  0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20,
]);

/** EMSA-PKCS1-v1_5 (RFC 8017 section 9.2): 00 01 FF.. 00 DigestInfo digest, `k` bytes. */
function pkcs1Encode(hashName: string, digest: Uint8Array, k: number): Uint8Array {
  const h = hashName === 'sha256' ? 32 : hashName === 'sha384' ? 48 : hashName === 'sha512' ? 64 : 0;
  if (!h) throw cryptoError('bad_hash', 'RSA PKCS #1 v1.5 supports sha256, sha384 and sha512');
  checkLength(digest, h, hashName + ' digest');
  const t = 19 + h;
  const em = new Uint8Array(k);
  em[1] = 1;
  for (let i = 2; i < k - t - 1; i++) em[i] = 0xff;
  // the DigestInfo prefixes of SHA-256/384/512 differ only in three bytes
  const di = em.subarray(k - t);
  di.set(DIGEST_INFO);
  di[1] = 0x11 + h;
  di[14] = (h - 16) >> 4; // 1, 2, 3
  di[18] = h;
  di.set(digest, 19);
  return em;
}

/** RSASSA-PKCS1-v1_5 verification: true when sig is the signature of `digest`. The expected
 * encoding is built and compared whole, never parsed. */
export function rsaPkcs1Verify(key: RsaPublicKey, hashName: 'sha256' | 'sha384' | 'sha512', digest: Uint8Array,
  sig: Uint8Array): boolean {
  const want = pkcs1Encode(hashName, digest, key.size);
  const got = publicOp(key, sig);
  return got !== null && sameBytes(got, want);
}

/** RSASSA-PKCS1-v1_5 signature of `digest` (size bytes). */
export function rsaPkcs1Sign(priv: RsaPrivateKey, hashName: 'sha256' | 'sha384' | 'sha512',
  digest: Uint8Array): Uint8Array {
  const em = pkcs1Encode(hashName, digest, priv.pub.size);
  const out = new Uint8Array(priv.pub.size);
  privateRaw(priv, em, out);
  return out;
}

/** out ^= MGF1(seed) (RFC 8017 appendix B.2.1). */
function mgf1Xor(hash: HashAlgorithm, seed: Uint8Array, out: Uint8Array): void {
  const ctr = new Uint8Array(4);
  for (let off = 0, i = 0; off < out.length; i++) {
    ctr[2] = i >> 8; // i < 2^16: the output is at most 512 bytes
    ctr[3] = i;
    const block = hash.create().update(seed).update(ctr).digest();
    for (let j = 0; j < block.length && off < out.length; j++, off++) out[off] ^= block[j];
  }
}

/** H = Hash(00 x 8 || mHash || salt), the PSS message hash. */
function pssHash(hash: HashAlgorithm, digest: Uint8Array, salt: Uint8Array): Uint8Array {
  return hash.create().update(new Uint8Array(8)).update(digest).update(salt).digest();
}

function pssCheckArgs(hash: HashAlgorithm, digest: Uint8Array, saltLen: number): void {
  checkLength(digest, hash.outputLen, hash.name + ' digest');
  if (!(saltLen >= 0 && saltLen === (saltLen | 0))) throw lengthError('bad PSS salt length');
}

/** RSASSA-PSS verification (RFC 8017 section 8.1.2) with MGF1 over the same hash. */
export function rsaPssVerify(key: RsaPublicKey, hash: HashAlgorithm, digest: Uint8Array, sig: Uint8Array,
  saltLen: number): boolean {
  pssCheckArgs(hash, digest, saltLen);
  const hLen = hash.outputLen;
  const m = publicOp(key, sig);
  if (m === null) return false;
  const emBits = key.bits - 1, emLen = (emBits + 7) >> 3;
  // m must be below 2^emBits (it fits in emLen bytes and the bits of em[0] above emBits are 0:
  // RFC 8017 section 8.1.2 step 2c and 9.1.2 step 6); as m < n < 2^bits, that is bit emBits
  // of m being 0
  if ((m[key.size - 1 - (emBits >> 3)] >> (emBits & 7)) & 1) return false;
  const em = m.subarray(key.size - emLen);
  if (emLen < hLen + saltLen + 2 || em[emLen - 1] !== 0xbc) return false;
  const dbLen = emLen - hLen - 1;
  const top = 0xff >> (8 * emLen - emBits);
  const h = em.subarray(dbLen, dbLen + hLen);
  const db = new Uint8Array(dbLen);
  db.set(em.subarray(0, dbLen));
  mgf1Xor(hash, h, db);
  db[0] &= top;
  const psLen = dbLen - saltLen - 1;
  let bad = db[psLen] ^ 1;
  for (let i = 0; i < psLen; i++) bad |= db[i];
  if (bad !== 0) return false;
  return sameBytes(pssHash(hash, digest, db.subarray(dbLen - saltLen)), h);
}

/** RSASSA-PSS signature (RFC 8017 section 8.1.1) of `digest` with the given salt. */
export function rsaPssSign(priv: RsaPrivateKey, hash: HashAlgorithm, digest: Uint8Array, salt: Uint8Array): Uint8Array {
  pssCheckArgs(hash, digest, salt.length);
  const pub = priv.pub, hLen = hash.outputLen;
  const emBits = pub.bits - 1, emLen = (emBits + 7) >> 3;
  if (emLen < hLen + salt.length + 2) throw lengthError('PSS salt too long for this key');
  const dbLen = emLen - hLen - 1;
  const out = new Uint8Array(pub.size);
  const em = out.subarray(pub.size - emLen);
  em[dbLen - salt.length - 1] = 1;
  em.set(salt, dbLen - salt.length);
  const h = pssHash(hash, digest, salt);
  mgf1Xor(hash, h, em.subarray(0, dbLen));
  em[0] &= 0xff >> (8 * emLen - emBits);
  em.set(h, dbLen);
  em[emLen - 1] = 0xbc;
  privateRaw(priv, out, out);
  return out;
}

/** RSAES-PKCS1-v1_5 encryption (RFC 8017 section 7.2.1); `random` fills its argument with
 * random bytes (the padding, which must not contain zeros). */
export function rsaPkcs1Encrypt(key: RsaPublicKey, msg: Uint8Array, random: (out: Uint8Array) => void): Uint8Array {
  const k = key.size;
  if (msg.length > k - 11) throw lengthError('message too long for RSA PKCS #1 v1.5 encryption');
  const em = new Uint8Array(k);
  em[1] = 2;
  const ps = em.subarray(2, k - msg.length - 1);
  random(ps);
  // replace zero bytes with fresh draws; a source that keeps giving zeros is refused
  const one = new Uint8Array(1);
  for (let i = 0, draws = 0; i < ps.length; i++) {
    while (ps[i] === 0) {
      if (draws++ > 64 + ps.length) throw cryptoError('bad_random', 'the random source gives only zeros');
      random(one);
      ps[i] = one[0];
    }
  }
  em.set(msg, k - msg.length);
  return publicOp(key, em) as Uint8Array; // em < n: its first byte is 0
}

/** ct^d mod n as `size` bytes; a ciphertext of the wrong length or not below n is refused. */
function decryptRaw(priv: RsaPrivateKey, ct: Uint8Array): Uint8Array {
  const pub = priv.pub;
  if (ct.length !== pub.size) throw lengthError('RSA ciphertext length is not the modulus length');
  if (bnCmp(bnFromBytes(ct, priv.nm.n), priv.nm.m) >= 0) throw cryptoError('bad_ciphertext', 'RSA ciphertext not below the modulus');
  const em = new Uint8Array(pub.size);
  privateRaw(priv, ct, em);
  return em;
}

/** RSAES-PKCS1-v1_5 decryption (RFC 8017 section 7.2.2). The padding is checked without
 * branches; any bad padding gives the same cryptoError('bad_padding'). For TLS use
 * rsaDecryptPremaster, which has no such error to observe. */
export function rsaPkcs1Decrypt(priv: RsaPrivateKey, ct: Uint8Array): Uint8Array {
  const em = decryptRaw(priv, ct);
  const k = em.length;
  let found = 0, sep = 0;
  for (let i = 2; i < k; i++) {
    const zero = (em[i] - 1) >>> 31;  // 1 when em[i] is 0
    const first = zero & (found ^ 1);
    sep |= i & -first;
    found |= zero;
  }
  // 00 02, at least 8 padding bytes, then a zero separator
  const bad = em[0] | (em[1] ^ 2) | (found ^ 1) | ((sep - 10) >>> 31);
  if (bad !== 0) throw cryptoError('bad_padding', 'RSA PKCS #1 v1.5 decryption failed');
  const out = new Uint8Array(k - sep - 1);
  out.set(em.subarray(sep + 1));
  return out;
}

/** TLS 1.2 RSA key exchange, server side (RFC 5246 section 7.4.7.1): decrypts the
 * EncryptedPreMasterSecret and returns the 48-byte premaster secret, or `random48` when the
 * padding is bad, the plaintext is not 48 bytes, or its first two bytes are not `clientVersion`.
 * The choice is made with masks after the same work in every case: no padding oracle. */
export function rsaDecryptPremaster(priv: RsaPrivateKey, ct: Uint8Array, clientVersion: number,
  random48: Uint8Array): Uint8Array {
  if (random48.length !== 48) throw lengthError('random premaster must be 48 bytes');
  const pub = priv.pub, k = pub.size;
  const out = new Uint8Array(48);
  out.set(random48);
  // length and range are public properties of the ciphertext
  if (ct.length !== k) return out;
  if (bnCmp(bnFromBytes(ct, priv.nm.n), priv.nm.m) >= 0) return out;
  const em = new Uint8Array(k);
  privateRaw(priv, ct, em);
  const s = k - 48;
  let bad = em[0] | (em[1] ^ 2) | em[s - 1] | (em[s] ^ ((clientVersion >>> 8) & 255)) | (em[s + 1] ^ (clientVersion & 255));
  for (let i = 2; i < s - 1; i++) bad |= (em[i] - 1) >>> 31; // a zero in the padding
  const take = (bad - 1) >> 31; // all ones when nothing was bad
  for (let i = 0; i < 48; i++) out[i] ^= (out[i] ^ em[s + i]) & take;
  return out;
}
