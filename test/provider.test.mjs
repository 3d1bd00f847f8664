// The crypto provider: the pure-TS default, and members swapped for native ones giving the same
// answers. Node's crypto stands in for a board's accelerators in CI; the Espruino adapter runs
// over a one-shot hash module shaped like Espruino's require("crypto") here, and over the real
// one inside Espruino when ESPRUINO names a binary.
import test from 'ava';
import crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as m from '../dist/node/microtls.mjs';
import { engineGiven, runInEngine } from '../tools/engines/index.mjs';
import { bundleFor } from '../tools/selftest.mjs';

const root = path.resolve(import.meta.dirname, '..');
const HASHES = ['sha1', 'sha256', 'sha384', 'sha512'];

function hashBoth(a, b, t, label) {
  for (let i = 0; i < 40; i++) {
    const data = crypto.randomBytes(i * 37);
    const split = Math.floor(data.length / 3);
    const ha = a.create().update(data.subarray(0, split));
    const hb = b.create().update(data.subarray(0, split));
    const ca = ha.copy();
    const cb = hb.copy();
    ha.update(data.subarray(split));
    hb.update(data.subarray(split));
    t.is(m.toHex(ha.digest()), m.toHex(hb.digest()), `${label} full ${data.length}`);
    t.is(m.toHex(ca.digest()), m.toHex(cb.digest()), `${label} copy at ${split}`);
  }
}

test('the default provider is the pure-TS primitives', (t) => {
  const p = m.defaultProvider;
  t.is(p.sha256, m.SHA256);
  t.is(p.sha384, m.SHA384);
  t.is(p.aesGcm, m.aesGcmKey);
  t.is(p.aesBlock, m.aesBlockCipher);
  t.is(p.x25519, m.x25519);
  t.is(p.ecdsaVerify, m.ecdsaVerify);
  t.is(p.ed25519Sign, m.ed25519Sign);
  t.is(p.rsaDecryptPremaster, m.rsaDecryptPremaster);
  for (const [k, v] of Object.entries(p)) t.truthy(v, k);
});

test('withOverrides swaps only what it is given and refuses unknown members', (t) => {
  const fake = { name: 'sha256', outputLen: 32, blockLen: 64, create() { throw new Error('unused'); } };
  const p = m.withOverrides(m.defaultProvider, { sha256: fake });
  t.is(p.sha256, fake);
  t.is(p.sha384, m.defaultProvider.sha384);
  t.is(m.defaultProvider.sha256, m.SHA256, 'the base is not changed');
  const e = t.throws(() => m.withOverrides(m.defaultProvider, { sha265: fake }));
  t.is(e.code, 'bad_provider');
});

test('node:crypto hashes swapped in give the pure-TS answers, copies included', (t) => {
  const p = m.withOverrides(m.defaultProvider, m.nodeCryptoMembers(crypto));
  for (const h of HASHES) hashBoth(p[h], m.defaultProvider[h], t, h);
});

test('node:crypto AES-GCM swapped in seals and opens like the pure-TS one', (t) => {
  const p = m.withOverrides(m.defaultProvider, m.nodeCryptoMembers(crypto));
  for (let i = 0; i < 30; i++) {
    const key = crypto.randomBytes(i % 2 ? 16 : 32);
    const nonce = crypto.randomBytes(12);
    const aad = crypto.randomBytes(13);
    const len = i * 53;
    const plain = crypto.randomBytes(len);
    const a = new Uint8Array(len + 16 + 7);
    const b = new Uint8Array(len + 16 + 7);
    a.set(plain, 7);
    b.set(plain, 7);
    p.aesGcm(key).seal(nonce, aad, 0, 13, a, 7, len);
    m.defaultProvider.aesGcm(key).seal(nonce, aad, 0, 13, b, 7, len);
    t.is(m.toHex(a), m.toHex(b));
    t.true(p.aesGcm(key).open(nonce, aad, 0, 13, b, 7, len));
    t.is(m.toHex(b.subarray(7, 7 + len)), m.toHex(plain));
    a[7 + (i % (len + 16))] ^= 1;
    const before = m.toHex(a);
    t.false(p.aesGcm(key).open(nonce, aad, 0, 13, a, 7, len));
    t.is(m.toHex(a), before, 'a refused record is left as it was');
  }
});

// ---- the aesBlock seam: a native AES under AES-GCM, GHASH staying ours ----

function nodeEcb(key, data) {
  const e = crypto.createCipheriv(key.length === 16 ? 'aes-128-ecb' : 'aes-256-ecb', key, null);
  e.setAutoPadding(false);
  return e.update(data);
}

test('the pure-TS aesBlock encrypts blocks like node:crypto AES-ECB, in place and between buffers', (t) => {
  for (const kl of [16, 32]) {
    const key = crypto.randomBytes(kl);
    const data = crypto.randomBytes(160);
    const want = m.toHex(nodeEcb(key, data));
    const out = new Uint8Array(170);
    m.aesBlockCipher(key).encryptBlocks(data, 0, out, 5, 160);
    t.is(m.toHex(out.subarray(5, 165)), want, `AES-${kl * 8} to another buffer`);
    const same = new Uint8Array(data);
    m.defaultProvider.aesBlock(key).encryptBlocks(same, 16, same, 16, 144);
    t.is(m.toHex(same.subarray(16)), want.slice(32), `AES-${kl * 8} in place at an offset`);
  }
});

/** node:crypto's ECB in the aesBlock seam, counting the blocks it is asked for. */
function countingNodeBlocks(counter) {
  const members = m.nodeCryptoMembers(crypto);
  return function (key) {
    const inner = members.aesBlock(key);
    return {
      encryptBlocks(src, srcOff, dst, dstOff, len) {
        counter.blocks += len / 16;
        inner.encryptBlocks(src, srcOff, dst, dstOff, len);
      },
    };
  };
}

/** Seals and opens with `p.aesGcm` and the pure-TS AES-GCM: same bytes, same verdicts, and a
 * refused record left exactly as it was. Lengths cross the 256-byte chunk of counter blocks. */
function gcmAgrees(t, p, counter) {
  const lens = [0, 1, 15, 16, 17, 255, 256, 257, 511, 1000, 4096 + 7];
  for (let i = 0; i < lens.length; i++) {
    const len = lens[i];
    const key = crypto.randomBytes(i % 2 ? 16 : 32);
    const nonce = crypto.randomBytes(12);
    const aad = crypto.randomBytes(13);
    const plain = crypto.randomBytes(len);
    const a = new Uint8Array(len + 16 + 3);
    const b = new Uint8Array(len + 16 + 3);
    a.set(plain, 3);
    b.set(plain, 3);
    const before = counter ? counter.blocks : 0;
    const swapped = p.aesGcm(key);
    swapped.seal(nonce, aad, 0, 13, a, 3, len);
    if (counter) {
      // H, E(J0) and one block per 16 bytes of record, all from the swapped-in cipher.
      t.is(counter.blocks - before, 2 + Math.ceil(len / 16), `blocks for ${len} bytes`);
    }
    m.aesGcmKey(key).seal(nonce, aad, 0, 13, b, 3, len);
    t.is(m.toHex(a), m.toHex(b), `seal ${len}`);
    t.true(swapped.open(nonce, aad, 0, 13, a, 3, len), `open ${len}`);
    t.is(m.toHex(a.subarray(3, 3 + len)), m.toHex(plain));
    b[3 + ((i * 7) % (len + 16))] ^= 0x10;
    const refused = m.toHex(b);
    t.false(swapped.open(nonce, aad, 0, 13, b, 3, len), `tampered ${len}`);
    t.is(m.toHex(b), refused, 'a refused record is left as it was: no plaintext');
  }
}

test('node:crypto AES-ECB swapped into aesBlock becomes the AES under aesGcm: same answers as the pure-TS GCM', (t) => {
  const counter = { blocks: 0 };
  const p = m.withOverrides(m.defaultProvider, { aesBlock: countingNodeBlocks(counter) });
  t.not(p.aesGcm, m.defaultProvider.aesGcm, 'aesGcm now runs over the swapped blocks');
  gcmAgrees(t, p, counter);
  t.true(counter.blocks > 0);
  const e = t.throws(() => p.aesGcm(new Uint8Array(24)));
  t.is(e.code, 'bad_length');
});

test('an aesGcm given together with aesBlock is kept as given', (t) => {
  const own = () => { throw new Error('unused'); };
  const p = m.withOverrides(m.defaultProvider, { aesBlock: m.aesBlockCipher, aesGcm: own });
  t.is(p.aesGcm, own);
});

test('the pure-TS AES-GCM leaves no plaintext after a refused open, and the block path and pure path agree', (t) => {
  gcmAgrees(t, m.withOverrides(m.defaultProvider, { aesBlock: m.aesBlockCipher }), null);
  gcmAgrees(t, m.defaultProvider, null);
});

// Espruino's require("crypto").SHA256 and friends: one-shot, ArrayBuffer in and out.
const espruinoLike = {
  SHA1: (ab) => toArrayBuffer(crypto.createHash('sha1').update(new Uint8Array(ab)).digest()),
  SHA256: (ab) => toArrayBuffer(crypto.createHash('sha256').update(new Uint8Array(ab)).digest()),
  SHA384: (ab) => toArrayBuffer(crypto.createHash('sha384').update(new Uint8Array(ab)).digest()),
};
// Its AES: encrypt(data, key, { mode }) with a new ArrayBuffer out (only ECB is used).
const espruinoAes = {
  encrypt(data, key, options) {
    if (options.mode !== 'ECB') throw new Error('only ECB expected, got ' + options.mode);
    return toArrayBuffer(nodeEcb(Buffer.from(key), data));
  },
};
function toArrayBuffer(buf) { return new Uint8Array(buf).buffer; }

test('the Espruino adapter over one-shot hashes gives the pure-TS answers, copies included', (t) => {
  const members = m.espruinoCryptoMembers(espruinoLike);
  t.deepEqual(Object.keys(members).sort(), ['sha1', 'sha256', 'sha384'], 'only what the firmware has');
  const p = m.withOverrides(m.defaultProvider, members);
  for (const h of ['sha1', 'sha256', 'sha384']) hashBoth(p[h], m.defaultProvider[h], t, h);
  t.is(p.sha512, m.defaultProvider.sha512);
});

test('the Espruino adapter copies what it is given: a reused input buffer does not change the digest', (t) => {
  const h = m.espruinoCryptoMembers(espruinoLike).sha256.create();
  const buf = new Uint8Array([1, 2, 3]);
  h.update(buf);
  buf[0] = 9;
  t.is(m.toHex(h.digest()), crypto.createHash('sha256').update(Buffer.from([1, 2, 3])).digest('hex'));
});

test('the Espruino adapter over an AES module shaped like Espruino\'s fills aesBlock: GCM gives the pure-TS answers', (t) => {
  const members = m.espruinoCryptoMembers({ ...espruinoLike, AES: espruinoAes });
  t.deepEqual(Object.keys(members).sort(), ['aesBlock', 'sha1', 'sha256', 'sha384']);
  const p = m.withOverrides(m.defaultProvider, members);
  t.not(p.aesGcm, m.defaultProvider.aesGcm);
  gcmAgrees(t, p, null);
  const e = t.throws(() => members.aesBlock(new Uint8Array(15)));
  t.is(e.code, 'bad_length');
});

if (engineGiven('espruino')) {
  test('inside Espruino, its native hashes and AES swapped in give the pure-TS answers', async (t) => {
    const script = bundleFor('generic') + '\n' + readFileSync(path.join(root, 'test/engine/espruino-provider.js'), 'utf8');
    const r = await runInEngine('espruino', script);
    t.true(r.ok, r.stdout + r.stderr);
  });
}
