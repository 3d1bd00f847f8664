// ECDSA (FIPS 186-4 section 6.4, SEC 1 section 4.1) over P-256 and P-384: verification of DER or
// raw (r || s, IEEE P1363) signatures, and P-256 signing with the deterministic nonce of RFC 6979.
import { cryptoError } from '../errors';
import { hmacSha256 } from './sha256';
import { Curve, ctMulBase, mulAddCheckX } from './ecpoint';
import {
  ScalarField, Sc, scNew, scFromBytes, scToBytes, scIsZero, scReduceOnce, scMul, scAdd,
  scInv, scBelowOrder,
} from './ecscalar';
import { checkPrivateKey, peerPoint, outOfRange } from './ecdh';
import { p256Curve } from './p256';
import { p384Curve } from './p384';

function curveOf(name: string): Curve {
  if (name === 'p256') return p256Curve();
  if (name === 'p384') return p384Curve();
  throw cryptoError('bad_curve', 'ECDSA curve must be p256 or p384');
}

/** bits2int(digest) mod n (SEC 1 4.1.3 step 5): the leftmost bits of the digest, as many as n has. */
function digestScalar(s: ScalarField, digest: Uint8Array): Sc {
  const b = new Uint8Array(s.bytes), e = scNew(s);
  // Both orders are exactly 8 * bytes bits long, so truncation keeps whole bytes.
  b.set(digest.subarray(0, s.bytes), digest.length < s.bytes ? s.bytes - digest.length : 0);
  scFromBytes(s, e, b, 0);
  scReduceOnce(s, e);
  return e;
}

/** One DER INTEGER at sig[at], its value right-aligned into out[o..o + len); returns the index
 * after it, or -1 when it is not the minimal encoding of a positive integer that fits. */
function derInteger(sig: Uint8Array, at: number, out: Uint8Array, o: number, len: number): number {
  const n = sig[at + 1], p = at + 2, e = p + n;
  // A positive value (top bit clear) with a leading zero only where the next byte needs it.
  if (sig[at] !== 2 || !(n > 0 && n < 128) || e > sig.length || (sig[p] & 0x80) !== 0 ||
    (sig[p] === 0 && n > 1 && (sig[p + 1] & 0x80) === 0)) return -1;
  const v = sig[p] === 0 ? p + 1 : p;
  if (e - v > len) return -1;
  out.set(sig.subarray(v, e), o + len - (e - v));
  return e;
}

/** r || s of a signature (2 * bytes), or null when it is malformed. */
function parseSignature(bytes: number, sig: Uint8Array, format: string): Uint8Array | null {
  if (format === 'raw') return sig.length === 2 * bytes ? sig : null;
  if (format !== 'der') throw cryptoError('bad_format', 'ECDSA signature format must be der or raw');
  const rs = new Uint8Array(2 * bytes);
  // SEQUENCE with a short-form length: the longest signature (P-384) has 104 content bytes, so a
  // long form would never be minimal.
  if (sig[0] !== 0x30 || sig[1] !== sig.length - 2 || sig[1] > 127) return null;
  const at = derInteger(sig, 2, rs, 0, bytes);
  return at > 0 && derInteger(sig, at, rs, bytes, bytes) === sig.length ? rs : null;
}

/**
 * Verifies an ECDSA signature over a message digest with an uncompressed public key. Returns false
 * for a signature that is malformed or does not verify; throws CryptoError for a malformed key.
 * A digest longer than the order is truncated to its leftmost bits (FIPS 186-4 section 6.4).
 */
export function ecdsaVerify(curve: 'p256' | 'p384', pub: Uint8Array, digest: Uint8Array, sig: Uint8Array,
  format: 'der' | 'raw'): boolean {
  const c = curveOf(curve), sf = c.s;
  const q = peerPoint(c, pub);
  const rs = parseSignature(sf.bytes, sig, format);
  if (rs === null) return false;
  const r = scNew(sf), s = scNew(sf);
  scFromBytes(sf, r, rs, 0);
  scFromBytes(sf, s, rs, sf.bytes);
  if (outOfRange(sf, r) || outOfRange(sf, s)) return false;
  const e = digestScalar(sf, digest);
  const w = scNew(sf), u1 = scNew(sf), u2 = scNew(sf);
  scInv(sf, w, s);
  scMul(sf, u1, e, w);
  scMul(sf, u2, r, w);
  return mulAddCheckX(c, u1, u2, q, r);
}

function concat(parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (let i = 0; i < parts.length; i++) n += parts[i].length;
  const out = new Uint8Array(n);
  n = 0;
  for (let i = 0; i < parts.length; i++) { out.set(parts[i], n); n += parts[i].length; }
  return out;
}

/** The DER INTEGER of a nonnegative big-endian value. */
function derIntegerOf(v: Uint8Array): Uint8Array {
  let i = 0;
  while (i < v.length - 1 && v[i] === 0) i++;
  const pad = (v[i] & 0x80) !== 0 ? 1 : 0;
  const out = new Uint8Array(2 + pad + v.length - i);
  out[0] = 0x02;
  out[1] = pad + v.length - i;
  out.set(v.subarray(i), 2 + pad);
  return out;
}

/**
 * ECDSA P-256 signature (DER) of a message digest, with the nonce k derived from the key and the
 * digest by RFC 6979 (HMAC-SHA-256). Constant time in the private key and the nonce.
 */
export function ecdsaP256Sign(priv: Uint8Array, digest: Uint8Array): Uint8Array {
  const c = p256Curve(), sf = c.s, len = sf.bytes;
  checkPrivateKey(c, priv);
  const e = digestScalar(sf, digest);
  const d = scNew(sf);
  scFromBytes(sf, d, priv, 0);
  // RFC 6979 section 3.2: h1 enters as bits2octets(h1) = int2octets(bits2int(h1) mod q).
  const h = new Uint8Array(len);
  scToBytes(sf, h, 0, e);
  let v = new Uint8Array(len), key = new Uint8Array(len);
  for (let i = 0; i < len; i++) v[i] = 1;
  key = hmacSha256(key, concat([v, new Uint8Array([0]), priv, h]));
  v = hmacSha256(key, v);
  key = hmacSha256(key, concat([v, new Uint8Array([1]), priv, h]));
  v = hmacSha256(key, v);
  const k = scNew(sf), r = scNew(sf), s = scNew(sf), kinv = scNew(sf);
  const xr = new Uint8Array(len);
  for (;;) {
    // qlen = hlen = 256: one HMAC block is the candidate.
    v = hmacSha256(key, v);
    scFromBytes(sf, k, v, 0);
    if (!scIsZero(k) && scBelowOrder(sf, k) === 1) {
      ctMulBase(c, xr, v, false);
      scFromBytes(sf, r, xr, 0);
      scReduceOnce(sf, r); // x < p < 2n
      // s = (e + r d) / k
      scMul(sf, s, r, d);
      scAdd(sf, s, s, e);
      scInv(sf, kinv, k);
      scMul(sf, s, s, kinv);
      if (!scIsZero(r) && !scIsZero(s)) break;
    }
    key = hmacSha256(key, concat([v, new Uint8Array([0])]));
    v = hmacSha256(key, v);
  }
  const rb = new Uint8Array(len), sb = new Uint8Array(len);
  scToBytes(sf, rb, 0, r);
  scToBytes(sf, sb, 0, s);
  const ri = derIntegerOf(rb), si = derIntegerOf(sb);
  return concat([new Uint8Array([0x30, ri.length + si.length]), ri, si]);
}
