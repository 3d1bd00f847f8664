// HMAC (RFC 2104) over any HashAlgorithm.
import type { HashAlgorithm, Hasher } from './provider';

/** The HMAC hasher over keyed inner and outer hashers. Copying it skips rehashing the padded
 * key: HKDF and the TLS 1.2 PRF run many HMACs under one key from one such copy each. */
function hmacHasher(inner: Hasher, outer: Hasher): Hasher {
  const self: Hasher = {
    update: function (data: Uint8Array): Hasher {
      inner.update(data);
      return self;
    },
    digest: function (): Uint8Array {
      return outer.update(inner.digest()).digest();
    },
    copy: function (): Hasher {
      return hmacHasher(inner.copy(), outer.copy());
    },
  };
  return self;
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
  return hmacHasher(inner, outer);
}

export function hmac(hash: HashAlgorithm, key: Uint8Array, data: Uint8Array): Uint8Array {
  return hmacCreate(hash, key).update(data).digest();
}
