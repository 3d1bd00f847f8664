// Espruino's built-in require("crypto") as provider members. Its SHA functions are native C but
// one-shot (no running state), so a hasher keeps the bytes it is given and hashes them at digest:
// the handshake transcript, a few KB, is the largest input the stack hashes this way. Its AES
// fills the provider's aesBlock seam (ECB over whole blocks), which also puts it under AES-GCM;
// its CTR mode cannot serve GCM: in 2v29 it ignores the IV and always counts from zero.
import type { Hasher } from '../../src/crypto/provider';
import type { AesBlockCipher } from '../../src/crypto/aes';
import { checkAesKey } from '../../src/crypto/check';

/** The part of Espruino's require("crypto") used here: one-shot hashes of an ArrayBuffer. */
export interface EspruinoCryptoModule {
  SHA1(data: ArrayBuffer): ArrayBuffer;
  SHA256(data: ArrayBuffer): ArrayBuffer;
  SHA384?: (data: ArrayBuffer) => ArrayBuffer;
  SHA512?: (data: ArrayBuffer) => ArrayBuffer;
  AES?: EspruinoAes;
}

/** Espruino's require("crypto").AES: one call per run of blocks, a new ArrayBuffer out. */
export interface EspruinoAes {
  encrypt(data: Uint8Array, key: Uint8Array, options: { mode: string }): ArrayBuffer;
}

const ECB = { mode: 'ECB' };

function nativeAesBlocks(aes: EspruinoAes, key: Uint8Array): AesBlockCipher {
  checkAesKey(key);
  // A copy: the caller may wipe or reuse its key buffer.
  const k = new Uint8Array(key.length);
  k.set(key);
  return {
    encryptBlocks: function (src: Uint8Array, srcOff: number, dst: Uint8Array, dstOff: number, len: number): void {
      dst.set(new Uint8Array(aes.encrypt(src.subarray(srcOff, srcOff + len), k, ECB)), dstOff);
    },
  };
}

/** A hasher over a one-shot hash: it keeps every byte given (in one array, replaced, never
 * written, on each update, so copies share it) and hashes them all at digest. */
function bufferingHasher(oneShot: (data: ArrayBuffer) => ArrayBuffer, kept: Uint8Array): Hasher {
  const self: Hasher = {
    update: function (data: Uint8Array): Hasher {
      const all = new Uint8Array(kept.length + data.length);
      all.set(kept);
      all.set(data, kept.length);
      kept = all;
      return self;
    },
    digest: function (): Uint8Array {
      return new Uint8Array(oneShot(kept.buffer as ArrayBuffer));
    },
    copy: function (): Hasher {
      return bufferingHasher(oneShot, kept);
    },
  };
  return self;
}

/** Provider members backed by Espruino's native hashes and AES (only those the firmware was built
 * with). */
export function espruinoCryptoMembers(c: EspruinoCryptoModule): { [name: string]: unknown } {
  const members: { [name: string]: unknown } = {};
  const fns = c as unknown as { [name: string]: (data: ArrayBuffer) => ArrayBuffer };
  const names: Array<'sha1' | 'sha256' | 'sha384' | 'sha512'> = ['sha1', 'sha256', 'sha384', 'sha512'];
  for (let i = 0; i < 4; i++) {
    const name = names[i];
    const native = name.toUpperCase();
    if (!fns[native]) continue;
    const oneShot = function (d: ArrayBuffer): ArrayBuffer { return fns[native](d); };
    members[name] = {
      name: name, outputLen: i === 0 ? 20 : 16 * (i + 1), blockLen: i < 2 ? 64 : 128,
      create: function (): Hasher { return bufferingHasher(oneShot, new Uint8Array(0)); },
    };
  }
  const aes = c.AES;
  if (aes) members.aesBlock = function (key: Uint8Array): AesBlockCipher { return nativeAesBlocks(aes, key); };
  return members;
}
