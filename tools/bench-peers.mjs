// Peers measured on Node in the same run as microtls, keyed by the names the in-engine bench
// files (test/engine/bench/*.js) print. Each entry: [peer name, setup() returning a function to
// time]. Inputs match the in-engine ones in size and kind.
import crypto from 'node:crypto';
import nacl from 'tweetnacl';
import { sha256 as nobleSha256, sha384 as nobleSha384 } from '@noble/hashes/sha2.js';
import { sha1 as nobleSha1 } from '@noble/hashes/legacy.js';
import { hmac as nobleHmac } from '@noble/hashes/hmac.js';
import { expand as nobleExpand } from '@noble/hashes/hkdf.js';
import { gcm } from '@noble/ciphers/aes.js';
import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import { p256, p384 } from '@noble/curves/nist.js';
import { ed25519, x25519 } from '@noble/curves/ed25519.js';

function bytes(n, seed = 1) {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + seed) & 255;
  return b;
}

export const peers = {
  'x25519': [
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

// --- aead, ec, rsa peers ---
function aeadPeers(size) {
  const label = (size >> 10) + 'k';
  const key16 = bytes(16, 1), key32 = bytes(32, 2), nonce = bytes(12, 3), aad = bytes(13, 9), data = bytes(size, 5);
  const nodeSeal = (alg, key) => () => {
    const c = crypto.createCipheriv(alg, key, nonce, { authTagLength: 16 });
    c.setAAD(aad);
    c.update(data); c.final(); c.getAuthTag();
  };
  const nodeOpen = (alg, key) => {
    const c = crypto.createCipheriv(alg, key, nonce, { authTagLength: 16 });
    c.setAAD(aad);
    const ct = Buffer.concat([c.update(data), c.final()]);
    const tag = c.getAuthTag();
    return () => {
      const d = crypto.createDecipheriv(alg, key, nonce, { authTagLength: 16 });
      d.setAAD(aad); d.setAuthTag(tag); d.update(ct); d.final();
    };
  };
  const sealedGcm = gcm(key16, nonce, aad).encrypt(data);
  const sealedChacha = chacha20poly1305(key32, nonce, aad).encrypt(data);
  return {
    [`aes128gcm-${label}-seal`]: [['@noble/ciphers', () => () => gcm(key16, nonce, aad).encrypt(data)], ['node:crypto', () => nodeSeal('aes-128-gcm', key16)]],
    [`aes128gcm-${label}-open`]: [['@noble/ciphers', () => () => gcm(key16, nonce, aad).decrypt(sealedGcm)], ['node:crypto', () => nodeOpen('aes-128-gcm', key16)]],
    [`chacha20poly1305-${label}-seal`]: [['@noble/ciphers', () => () => chacha20poly1305(key32, nonce, aad).encrypt(data)], ['node:crypto', () => nodeSeal('chacha20-poly1305', key32)]],
    [`chacha20poly1305-${label}-open`]: [['@noble/ciphers', () => () => chacha20poly1305(key32, nonce, aad).decrypt(sealedChacha)], ['node:crypto', () => nodeOpen('chacha20-poly1305', key32)]],
    [`aes128cbc-hmacsha256-${label}-seal`]: [['node:crypto', () => () => {
      const mac = crypto.createHmac('sha256', key32).update(data).digest();
      const c = crypto.createCipheriv('aes-128-cbc', key16, bytes(16, 8));
      c.update(data); c.update(mac); c.final();
    }]],
  };
}

function ecPeers() {
  const a = p256.utils.randomSecretKey(), b = p256.utils.randomSecretKey();
  const B = p256.getPublicKey(b, false);
  const digest = nobleSha256(bytes(100, 4));
  const A = p256.getPublicKey(a, false);
  const sig = p256.sign(digest, a, { prehash: false });
  const a384 = p384.utils.randomSecretKey();
  const A384 = p384.getPublicKey(a384, false);
  const d384 = bytes(48, 6);
  const sig384 = p384.sign(d384, a384, { prehash: false });
  const edKey = ed25519.utils.randomSecretKey();
  const edPub = ed25519.getPublicKey(edKey);
  const edMsg = bytes(100, 7);
  const edSig = ed25519.sign(edMsg, edKey);
  const nodeP256 = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const nodeP384 = crypto.generateKeyPairSync('ec', { namedCurve: 'P-384' });
  const nodeEd = crypto.generateKeyPairSync('ed25519');
  const msg = bytes(100, 4);
  const nodeSig = crypto.sign('sha256', msg, nodeP256.privateKey);
  const nodeSig384 = crypto.sign('sha384', msg, nodeP384.privateKey);
  const nodeEdSig = crypto.sign(null, edMsg, nodeEd.privateKey);
  const ecdhA = crypto.createECDH('prime256v1'); ecdhA.generateKeys();
  const ecdhB = crypto.createECDH('prime256v1'); ecdhB.generateKeys();
  const naclKey = nacl.sign.keyPair();
  const naclSig = nacl.sign.detached(edMsg, naclKey.secretKey);
  return {
    'p256 ecdh': [['@noble/curves', () => () => p256.getSharedSecret(a, B)], ['node:crypto', () => () => ecdhA.computeSecret(ecdhB.getPublicKey())]],
    'p256 keygen': [['@noble/curves', () => () => p256.getPublicKey(b, false)], ['node:crypto', () => () => { const e = crypto.createECDH('prime256v1'); e.setPrivateKey(Buffer.from(b)); e.getPublicKey(); }]],
    'ecdsa p256 verify': [['@noble/curves', () => () => p256.verify(sig, digest, A, { prehash: false })], ['node:crypto', () => () => crypto.verify('sha256', msg, nodeP256.publicKey, nodeSig)]],
    'ecdsa p256 sign': [['@noble/curves', () => () => p256.sign(digest, a, { prehash: false })], ['node:crypto', () => () => crypto.sign('sha256', msg, nodeP256.privateKey)]],
    'ecdsa p384 verify': [['@noble/curves', () => () => p384.verify(sig384, d384, A384, { prehash: false })], ['node:crypto', () => () => crypto.verify('sha384', msg, nodeP384.publicKey, nodeSig384)]],
    'ed25519 verify': [['@noble/curves', () => () => ed25519.verify(edSig, edMsg, edPub)], ['tweetnacl', () => () => nacl.sign.detached.verify(edMsg, naclSig, naclKey.publicKey)], ['node:crypto', () => () => crypto.verify(null, edMsg, nodeEd.publicKey, nodeEdSig)]],
  };
}

function rsaPeers() {
  const k2048 = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const k4096 = crypto.generateKeyPairSync('rsa', { modulusLength: 4096 });
  const msg = bytes(100, 4);
  const s2048 = crypto.sign('sha256', msg, k2048.privateKey);
  const s4096 = crypto.sign('sha256', msg, k4096.privateKey);
  return {
    'rsa2048-verify': [['node:crypto', () => () => crypto.verify('sha256', msg, k2048.publicKey, s2048)]],
    'rsa2048-private-crt': [['node:crypto', () => () => crypto.sign('sha256', msg, k2048.privateKey)]],
    'rsa4096-verify': [['node:crypto', () => () => crypto.verify('sha256', msg, k4096.publicKey, s4096)]],
  };
}

Object.assign(peers, aeadPeers(16384), aeadPeers(1024), ecPeers(), rsaPeers());
peers['x25519'].push(['@noble/curves', () => { const k = bytes(32), p = x25519.getPublicKey(bytes(32, 5)); return () => x25519.getSharedSecret(k, p); }]);
