// The host build that Node users import, checked against node:crypto on random inputs.
import test from 'ava';
import { createRequire } from 'node:module';
import crypto from 'node:crypto';
import * as esm from '../dist/node/microtls.mjs';

const cjs = createRequire(import.meta.url)('../dist/node/microtls.cjs');

function x25519Node(priv, pub) {
  const privateKey = crypto.createPrivateKey({
    key: Buffer.concat([Buffer.from('302e020100300506032b656e04220420', 'hex'), priv]), format: 'der', type: 'pkcs8',
  });
  const publicKey = crypto.createPublicKey({
    key: Buffer.concat([Buffer.from('302a300506032b656e032100', 'hex'), pub]), format: 'der', type: 'spki',
  });
  return crypto.diffieHellman({ privateKey, publicKey });
}

test('ESM and CommonJS builds export the same API', (t) => {
  t.deepEqual(Object.keys(cjs).sort(), Object.keys(esm).filter((k) => k !== 'default').sort());
  t.is(esm.board.name, 'generic');
});

test('SHA-256, HMAC and HKDF agree with node:crypto on random inputs', (t) => {
  for (let i = 0; i < 50; i++) {
    const data = crypto.randomBytes(i * 13);
    const key = crypto.randomBytes(1 + (i % 100));
    t.is(Buffer.from(esm.sha256(data)).toString('hex'), crypto.createHash('sha256').update(data).digest('hex'));
    t.is(Buffer.from(esm.hmacSha256(key, data)).toString('hex'), crypto.createHmac('sha256', key).update(data).digest('hex'));
    const prk = esm.hkdfExtractSha256(key, data);
    const okm = esm.hkdfExpandSha256(prk, data.subarray(0, 20), 1 + i * 5);
    t.is(Buffer.from(okm).toString('hex'), Buffer.from(crypto.hkdfSync('sha256', data, key, data.subarray(0, 20), 1 + i * 5)).toString('hex'));
  }
});

test('X25519 agrees with node:crypto on random keys', (t) => {
  for (let i = 0; i < 20; i++) {
    const a = crypto.randomBytes(32);
    const b = crypto.randomBytes(32);
    const bPub = esm.x25519Base(b);
    t.is(Buffer.from(esm.x25519(a, bPub)).toString('hex'), x25519Node(a, Buffer.from(bPub)).toString('hex'));
  }
});

test('hex helpers round-trip and refuse bad input', (t) => {
  const b = crypto.randomBytes(40);
  t.deepEqual(Buffer.from(esm.fromHex(esm.toHex(b))), b);
  t.throws(() => esm.fromHex('abc'), { message: /odd length/ });
  t.throws(() => esm.fromHex('zz'), { message: /not a hex digit/ });
});
