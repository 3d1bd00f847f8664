// Peers measured on Node in the same run as microtls, keyed by the names the in-engine bench
// files (test/engine/bench/*.js) print. Each entry: [peer name, setup() returning a function to
// time]. Inputs match the in-engine ones in size and kind.
import crypto from 'node:crypto';
import nacl from 'tweetnacl';
import { sha256 as nobleSha256, sha384 as nobleSha384 } from '@noble/hashes/sha2.js';
import { sha1 as nobleSha1 } from '@noble/hashes/legacy.js';
import { hmac as nobleHmac } from '@noble/hashes/hmac.js';
import { expand as nobleExpand } from '@noble/hashes/hkdf.js';

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
  // --- crypto: hash ---
  'SHA-256 16 KB': [
    ['@noble/hashes', () => { const d = bytes(16384); return () => nobleSha256(d); }],
    ['node:crypto', () => { const d = bytes(16384); return () => crypto.createHash('sha256').update(d).digest(); }],
  ],
  'SHA-384 16 KB': [
    ['@noble/hashes', () => { const d = bytes(16384); return () => nobleSha384(d); }],
    ['node:crypto', () => { const d = bytes(16384); return () => crypto.createHash('sha384').update(d).digest(); }],
  ],
  'SHA-1 16 KB': [
    ['@noble/hashes', () => { const d = bytes(16384); return () => nobleSha1(d); }],
    ['node:crypto', () => { const d = bytes(16384); return () => crypto.createHash('sha1').update(d).digest(); }],
  ],
  'HMAC-SHA-256 64 B': [
    ['@noble/hashes', () => { const k = bytes(32), d = bytes(64, 3); return () => nobleHmac(nobleSha256, k, d); }],
    ['node:crypto', () => { const k = bytes(32), d = bytes(64, 3); return () => crypto.createHmac('sha256', k).update(d).digest(); }],
  ],
  // RFC 8446 section 7.1's HkdfLabel for "key", 16 bytes, empty context: one HMAC block.
  'HKDF-Expand-Label SHA-256 key 16 B': [
    ['@noble/hashes', () => {
      const s = bytes(32);
      return () => nobleExpand(nobleSha256, s, Buffer.from('001009746c733133206b657900', 'hex'), 16);
    }],
    ['node:crypto', () => {
      const s = bytes(32);
      return () => crypto.createHmac('sha256', s).update(Buffer.from('001009746c733133206b65790001', 'hex')).digest().subarray(0, 16);
    }],
  ],
  'TLS 1.2 PRF SHA-256 master secret 48 B': [
    ['node:crypto', () => {
      const s = bytes(48), seed = Buffer.concat([Buffer.from('master secret'), bytes(64, 3)]);
      return () => {
        let a = seed, out = [];
        for (let n = 0; n < 48; n += 32) {
          a = crypto.createHmac('sha256', s).update(a).digest();
          out.push(crypto.createHmac('sha256', s).update(a).update(seed).digest());
        }
        return Buffer.concat(out).subarray(0, 48);
      };
    }],
  ],
  'SHA-384 transcript copy + digest': [
    ['@noble/hashes', () => { const h = nobleSha384.create().update(bytes(3000)); return () => h.clone().digest(); }],
    ['node:crypto', () => { const h = crypto.createHash('sha384').update(bytes(3000)); return () => h.copy().digest(); }],
  ],
  // --- end hash ---
};
