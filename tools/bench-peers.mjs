// Peers measured on Node in the same run as microtls, keyed by the names the in-engine bench
// files (test/engine/bench/*.js) print. Each entry: [peer name, setup() returning a function to
// time]. Inputs match the in-engine ones in size and kind.
import crypto from 'node:crypto';
import nacl from 'tweetnacl';
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';

function bytes(n, seed = 1) {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + seed) & 255;
  return b;
}

export const peers = {
  'X25519 shared secret': [
    ['tweetnacl', () => { const k = bytes(32), p = bytes(32, 5); p[31] &= 127; return () => nacl.scalarMult(k, p); }],
    ['node:crypto', () => {
      const a = crypto.generateKeyPairSync('x25519');
      const b = crypto.generateKeyPairSync('x25519');
      return () => crypto.diffieHellman({ privateKey: a.privateKey, publicKey: b.publicKey });
    }],
  ],
  'SHA-256 16 KB': [
    ['@noble/hashes', () => { const d = bytes(16384); return () => nobleSha256(d); }],
    ['node:crypto', () => { const d = bytes(16384); return () => crypto.createHash('sha256').update(d).digest(); }],
  ],
};
