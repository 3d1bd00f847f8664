// Primitives a size bundle takes from the runtime's native code instead of carrying them in pure
// TS (features sha2-pure and aes-pure left out, tools/boards.mjs). The HAL names where they come
// from once (setNativeSource); each is looked up when first used, so a runtime without one fails
// then with a CryptoError that names it.
import type { HashAlgorithm, Hasher } from './provider';
import type { AesBlockCipher } from './aeskey';
import { cryptoError } from '../errors';

let source: (() => { [name: string]: unknown }) | null = null;
let found: { [name: string]: unknown } | null = null;

/** Names the function that answers the runtime's native provider members (by provider name). */
export function setNativeSource(fn: () => { [name: string]: unknown }): void {
  source = fn;
  found = null;
}

/** The native provider member `name`, or a CryptoError saying this bundle and runtime lack it. */
export function nativeMember(name: string): unknown {
  if (!found && source) {
    try {
      found = source();
    } catch (e) {
      // no native module at all: the error below names what was wanted
    }
  }
  const m = found && found[name];
  if (!m) throw cryptoError('not_available', 'this runtime has no native ' + name + ' (the build relies on it)');
  return m;
}

/** A HashAlgorithm whose hashers are the native ones. */
export function nativeHash(name: HashAlgorithm['name'], blockLen: number, outputLen: number): HashAlgorithm {
  return {
    name: name, outputLen: outputLen, blockLen: blockLen,
    create: function (): Hasher { return (nativeMember(name) as HashAlgorithm).create(); },
  };
}

/** The native AES block cipher for `key`. */
export function nativeAesBlock(key: Uint8Array): AesBlockCipher {
  return (nativeMember('aesBlock') as (key: Uint8Array) => AesBlockCipher)(key);
}
