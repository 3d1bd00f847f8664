// The esp32 family's bundles carry no pure-TS SHA-256/384/512 or AES (features sha2-pure and
// aes-pure left out, tools/boards.mjs): they take them from Espruino's require("crypto") through
// src/crypto/native.ts, looked up at first use, and createHal checks the profile's nativeCrypto.
// Here the esp32 bundle runs in Node vm contexts with an Espruino-shaped crypto module computed
// by node:crypto (tools/engines/espruino-crypto.mjs), with parts of it missing, or with none.
import test from 'ava';
import vm from 'node:vm';
import crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadBoards, featuresOf } from '../tools/boards.mjs';
import { espruinoCrypto } from '../tools/engines/espruino-crypto.mjs';

const board = 'esp32';
const text = readFileSync(new URL(`../dist/${board}/microtls.js`, import.meta.url), 'utf8');

/** A fresh esp32 bundle whose require("crypto") is `mod` (undefined: no crypto module at all). */
function load(mod) {
  const ctx = vm.createContext({
    require: (name) => {
      if (name === 'crypto' && mod) return mod;
      throw new Error('Module ' + name + ' not found');
    },
    peek32: () => crypto.randomBytes(4).readUInt32LE(0),
    print: () => {},
  });
  return vm.runInContext(text + '\n;microtls', ctx);
}

function without(names) {
  const c = espruinoCrypto();
  for (const n of names) delete c[n];
  return c;
}

const errorOf = (fn) => {
  try { fn(); } catch (e) { return e; }
  return null;
};

test('the esp32 family leaves the pure SHA-2 and AES out, and says its firmware has them', (t) => {
  const boards = loadBoards();
  for (const b of ['esp32', 'esp32c3', 'esp32s3', 'espruino-linux']) {
    const f = featuresOf(boards[b]);
    t.false(f.includes('sha2-pure') || f.includes('aes-pure'), b);
    for (const n of ['sha256', 'sha384', 'sha512', 'aes-ecb']) t.true(boards[b].nativeCrypto.includes(n), b + ' ' + n);
  }
  const modules = JSON.parse(readFileSync(new URL(`../dist/${board}/modules.json`, import.meta.url), 'utf8')).modules.map((m) => m.module);
  for (const gone of ['src/crypto/md.ts', 'src/crypto/sha2-constants.ts', 'src/crypto/aes.small.ts']) t.false(modules.includes(gone), gone);
  // What a profile with everything keeps.
  t.true(featuresOf(boards.generic).includes('sha2-pure') && featuresOf(boards['esp32-jerryscript']).includes('aes-pure'));
});

test('without createHal, the public SHA-2, HMAC, HKDF and AES-GCM run on the native module and match node:crypto', (t) => {
  const m = load(espruinoCrypto());
  const data = crypto.randomBytes(300);
  for (const [name, alg] of [['sha256', m.SHA256], ['sha384', m.SHA384], ['sha512', m.SHA512]]) {
    t.is(alg.name, name);
    // Two updates and a copy midway: the buffering hasher keeps what came before.
    const h = alg.create().update(data.subarray(0, 100));
    const c = h.copy();
    t.is(Buffer.from(h.update(data.subarray(100)).digest()).toString('hex'), crypto.createHash(name).update(data).digest('hex'));
    t.is(Buffer.from(c.digest()).toString('hex'), crypto.createHash(name).update(data.subarray(0, 100)).digest('hex'));
  }
  const key = crypto.randomBytes(32);
  t.is(Buffer.from(m.hmac(m.SHA384, key, data)).toString('hex'), crypto.createHmac('sha384', key).update(data).digest('hex'));
  const prk = m.hkdfExtract(m.SHA256, key, data);
  t.is(Buffer.from(m.hkdfExpand(m.SHA256, prk, data.subarray(0, 20), 100)).toString('hex'),
    Buffer.from(crypto.hkdfSync('sha256', data, key, data.subarray(0, 20), 100)).toString('hex'));
  for (const kl of [16, 32]) {
    const k = crypto.randomBytes(kl), nonce = crypto.randomBytes(12), pt = crypto.randomBytes(77);
    const c = crypto.createCipheriv(`aes-${kl * 8}-gcm`, k, nonce);
    const want = Buffer.concat([c.update(pt), c.final(), c.getAuthTag()]).toString('hex');
    for (const a of [m.aesGcmKey(k), m.defaultProvider.aesGcm(k)]) {
      const buf = new Uint8Array(77 + 16);
      buf.set(pt);
      a.seal(nonce, new Uint8Array(0), 0, 0, buf, 0, 77);
      t.is(Buffer.from(buf).toString('hex'), want);
      t.true(a.open(nonce, new Uint8Array(0), 0, 0, buf, 0, 77));
      t.is(Buffer.from(buf.subarray(0, 77)).toString('hex'), pt.toString('hex'));
    }
  }
});

test('a runtime without a native primitive: its first use is a CryptoError naming it', (t) => {
  const none = load(undefined);
  let e = errorOf(() => none.SHA256.create());
  t.is(e.name, 'CryptoError');
  t.is(e.code, 'not_available');
  t.regex(e.message, /no native sha256/);
  e = errorOf(() => none.sha256(new Uint8Array(3)));
  t.regex(e.message, /no native sha256/);
  e = errorOf(() => none.aesGcmKey(new Uint8Array(16)));
  t.is(e.name, 'CryptoError');
  t.regex(e.message, /no native aesBlock/);
  // A wrong key length is still refused first, as before.
  t.is(errorOf(() => none.aesGcmKey(new Uint8Array(15))).code, 'bad_length');
  const partial = load(without(['SHA512', 'AES']));
  t.is(partial.SHA256.create().update(new Uint8Array(1)).digest().length, 32);
  t.regex(errorOf(() => partial.SHA512.create()).message, /no native sha512/);
  t.regex(errorOf(() => load(without(['SHA1'])).SHA1.create()).message, /no native sha1/);
  t.regex(errorOf(() => partial.defaultProvider.aesBlock(new Uint8Array(16))).message, /no native aesBlock/);
  // The pure-TS AES API is a stub that says so.
  e = errorOf(() => partial.aesKey(new Uint8Array(16)));
  t.is(e.code, 'not_in_build');
  t.is(errorOf(() => partial.aesBlockCipher(new Uint8Array(16))).code, 'not_in_build');
});

test('createHal refuses a firmware without a primitive the profile promises, by name', (t) => {
  for (const [gone, name] of [['SHA384', 'sha384'], ['AES', 'aesBlock'], ['SHA1', 'sha1']]) {
    const e = errorOf(() => load(without([gone])).createHal());
    t.truthy(e, gone);
    t.is(e.name, 'CryptoError');
    t.is(e.code, 'not_available');
    t.true(e.message.includes('no native ' + name), e.message);
  }
  const e = errorOf(() => load(undefined).createHal());
  t.is(e.name, 'CryptoError');
  // With everything the profile names, the HAL's provider hashes and encrypts natively.
  const m = load(espruinoCrypto());
  const hal = m.createHal();
  const d = crypto.randomBytes(200);
  for (const n of ['sha1', 'sha256', 'sha384', 'sha512']) {
    t.is(Buffer.from(hal.provider[n].create().update(d).digest()).toString('hex'), crypto.createHash(n).update(d).digest('hex'), n);
  }
  const k = crypto.randomBytes(16), out = new Uint8Array(32);
  hal.provider.aesBlock(k).encryptBlocks(d, 0, out, 0, 32);
  const c = crypto.createCipheriv('aes-128-ecb', k, null).setAutoPadding(false);
  t.is(Buffer.from(out).toString('hex'), Buffer.concat([c.update(d.subarray(0, 32)), c.final()]).toString('hex'));
});
