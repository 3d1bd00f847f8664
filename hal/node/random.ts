// Random bytes from the operating system through Web Crypto's getRandomValues (Node's CSPRNG).
import type { Random } from '../types';

/** The part of `require('node:crypto')` (or `globalThis.crypto`) used here. */
export interface NodeRandomSource {
  getRandomValues(out: Uint8Array): Uint8Array;
}

/** getRandomValues refuses more than 65536 bytes per call, so larger requests go in pieces. */
export function nodeRandom(source: NodeRandomSource): Random {
  return {
    fill: function (out: Uint8Array): void {
      for (let at = 0; at < out.length; at += 65536) {
        const end = at + 65536 < out.length ? at + 65536 : out.length;
        source.getRandomValues(out.subarray(at, end));
      }
    },
  };
}
