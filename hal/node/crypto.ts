// Node's own crypto as provider members: the host build's accelerators, and the reference that
// proves a swapped member answers like the pure-TS one. Node's module is passed in (the stack
// itself never imports a runtime's modules).
import type { Hasher, HashAlgorithm } from '../../src/crypto/provider';
import type { AeadKey } from '../../src/crypto/aead';
import type { AesBlockCipher } from '../../src/crypto/aes';
import { cryptoError } from '../../src/errors';

interface NodeHash {
  update(data: Uint8Array): NodeHash;
  digest(): Uint8Array;
  copy(): NodeHash;
}
interface NodeCipher {
  setAAD(aad: Uint8Array): void;
  update(data: Uint8Array): Uint8Array;
  final(): Uint8Array;
  getAuthTag(): Uint8Array;
  setAuthTag(tag: Uint8Array): void;
  setAutoPadding(on: boolean): void;
}
/** The part of `require('node:crypto')` used here. */
export interface NodeCryptoModule {
  createHash(name: string): NodeHash;
  createCipheriv(alg: string, key: Uint8Array, iv: Uint8Array | null, opts?: { authTagLength: number }): NodeCipher;
  createDecipheriv(alg: string, key: Uint8Array, iv: Uint8Array, opts: { authTagLength: number }): NodeCipher;
}

function hasher(h: NodeHash): Hasher {
  const self: Hasher = {
    update: function (data: Uint8Array): Hasher { h.update(data); return self; },
    digest: function (): Uint8Array { return new Uint8Array(h.digest()); },
    copy: function (): Hasher { return hasher(h.copy()); },
  };
  return self;
}

function hashAlgorithm(c: NodeCryptoModule, name: 'sha1' | 'sha256' | 'sha384' | 'sha512', outputLen: number,
  blockLen: number): HashAlgorithm {
  return { name: name, outputLen: outputLen, blockLen: blockLen, create: function () { return hasher(c.createHash(name)); } };
}

function gcmKey(c: NodeCryptoModule, key: Uint8Array): AeadKey {
  if (key.length !== 16 && key.length !== 32) throw cryptoError('bad_length', 'AES-GCM keys are 16 or 32 bytes');
  const alg = key.length === 16 ? 'aes-128-gcm' : 'aes-256-gcm';
  return {
    seal: function (nonce, aad, aadOff, aadLen, buf, off, len): void {
      const e = c.createCipheriv(alg, key, nonce, { authTagLength: 16 });
      e.setAAD(aad.subarray(aadOff, aadOff + aadLen));
      const ct = e.update(buf.subarray(off, off + len));
      e.final();
      buf.set(ct, off);
      buf.set(e.getAuthTag(), off + len);
    },
    open: function (nonce, aad, aadOff, aadLen, buf, off, len): boolean {
      const d = c.createDecipheriv(alg, key, nonce, { authTagLength: 16 });
      d.setAAD(aad.subarray(aadOff, aadOff + aadLen));
      d.setAuthTag(buf.subarray(off + len, off + len + 16));
      const pt = d.update(buf.subarray(off, off + len));
      try {
        d.final();
      } catch (e) {
        return false;
      }
      buf.set(pt, off);
      return true;
    },
  };
}

/** AES-ECB from Node for the provider's aesBlock seam. ECB keeps no state between blocks, so one
 * cipher object serves every call (each call is whole blocks). */
function ecbBlocks(c: NodeCryptoModule, key: Uint8Array): AesBlockCipher {
  if (key.length !== 16 && key.length !== 32) throw cryptoError('bad_length', 'AES keys are 16 or 32 bytes');
  const e = c.createCipheriv(key.length === 16 ? 'aes-128-ecb' : 'aes-256-ecb', key, null);
  e.setAutoPadding(false);
  return {
    encryptBlocks: function (src, srcOff, dst, dstOff, len): void {
      dst.set(e.update(src.subarray(srcOff, srcOff + len)), dstOff);
    },
  };
}

/** Provider members backed by Node's crypto: the four hashes, AES-GCM and AES blocks. */
export function nodeCryptoMembers(c: NodeCryptoModule): { [name: string]: unknown } {
  return {
    sha1: hashAlgorithm(c, 'sha1', 20, 64),
    sha256: hashAlgorithm(c, 'sha256', 32, 64),
    sha384: hashAlgorithm(c, 'sha384', 48, 128),
    sha512: hashAlgorithm(c, 'sha512', 64, 128),
    aesGcm: function (key: Uint8Array): AeadKey { return gcmKey(c, key); },
    aesBlock: function (key: Uint8Array): AesBlockCipher { return ecbBlocks(c, key); },
  };
}
