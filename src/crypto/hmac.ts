// HMAC (RFC 2104) over any HashAlgorithm.
import type { HashAlgorithm, Hasher } from './provider';

class HmacHasher implements Hasher {
  inner: Hasher;
  outer: Hasher;

  constructor(inner: Hasher, outer: Hasher) {
    this.inner = inner;
    this.outer = outer;
  }

  update(data: Uint8Array): Hasher {
    this.inner.update(data);
    return this;
  }

  digest(): Uint8Array {
    return this.outer.update(this.inner.digest()).digest();
  }

  /** Copying a keyed HMAC skips rehashing the padded key: HKDF and the TLS 1.2 PRF run many
   * HMACs under one key from one such copy each. */
  copy(): Hasher {
    return new HmacHasher(this.inner.copy(), this.outer.copy());
  }
}

/** An incremental HMAC under `key` (update, digest, copy). */
export function hmacCreate(hash: HashAlgorithm, key: Uint8Array): Hasher {
  const bl = hash.blockLen;
  if (key.length > bl) key = hash.create().update(key).digest();
  const pad = new Uint8Array(bl);
  pad.set(key);
  for (let i = 0; i < bl; i++) pad[i] ^= 0x36;
  const inner = hash.create().update(pad);
  for (let i = 0; i < bl; i++) pad[i] ^= 0x36 ^ 0x5c;
  const outer = hash.create().update(pad);
  for (let i = 0; i < bl; i++) pad[i] = 0;
  return new HmacHasher(inner, outer);
}

export function hmac(hash: HashAlgorithm, key: Uint8Array, data: Uint8Array): Uint8Array {
  return hmacCreate(hash, key).update(data).digest();
}
