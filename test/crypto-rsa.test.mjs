// RSA against node:crypto (OpenSSL) on keys generated here: signatures both ways (PKCS #1 v1.5
// and PSS with SHA-256/384/512), encryption both ways, the TLS 1.2 premaster decryption on good
// and every kind of bad input, and malformed keys and signatures.
import test from 'ava';
import crypto from 'node:crypto';
import vm from 'node:vm';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sha384, sha512 } from '@noble/hashes/sha2.js';
import * as m from '../dist/node/microtls.mjs';

const root = path.resolve(import.meta.dirname, '..');
const C = crypto.constants;
const b64 = (s) => new Uint8Array(Buffer.from(s, 'base64url'));
const u8 = (b) => new Uint8Array(b);
const rand = (out) => { crypto.randomFillSync(out); };

// SHA-384/512 as HashAlgorithms (the bundle's own arrive later), from @noble/hashes
function nobleHash(name, fn) {
  const wrap = (h) => ({ update(d) { h.update(d); return this; }, digest: () => h.digest(), copy: () => wrap(h.clone()) });
  return { name, outputLen: fn.outputLen, blockLen: fn.blockLen, create: () => wrap(fn.create()) };
}
const HASH = { sha256: m.SHA256, sha384: nobleHash('sha384', sha384), sha512: nobleHash('sha512', sha512) };
const digestOf = (name, msg) => u8(crypto.createHash(name).update(msg).digest());

function components(privateKey) {
  const j = privateKey.export({ format: 'jwk' });
  return { n: b64(j.n), e: b64(j.e), d: b64(j.d), p: b64(j.p), q: b64(j.q), dp: b64(j.dp), dq: b64(j.dq), qinv: b64(j.qi) };
}

function isMicrotls(t, fn, code) {
  try { fn(); } catch (e) {
    t.true(m.isMicrotlsError(e), 'not a MicrotlsError: ' + e);
    if (code) t.is(e.code, code);
    return;
  }
  t.fail('did not throw');
}

const keys = {};
function keyOf(bits) {
  if (!keys[bits]) {
    const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: bits, publicExponent: 65537 });
    const c = components(privateKey);
    keys[bits] = {
      privateKey, publicKey, c,
      pub: m.rsaPublicKey(c.n, c.e), priv: m.rsaPrivateKey(c), blinded: m.rsaPrivateKey(c, { random: rand }),
    };
  }
  return keys[bits];
}

for (const bits of [2048, 3072, 4096]) {
  test(`${bits}: PKCS#1 v1.5 signatures both ways`, (t) => {
    const k = keyOf(bits);
    for (const hash of ['sha256', 'sha384', 'sha512']) {
      const msg = crypto.randomBytes(1 + (bits & 63));
      const dig = digestOf(hash, msg);
      const theirs = u8(crypto.sign(hash, msg, k.privateKey));
      t.true(m.rsaPkcs1Verify(k.pub, hash, dig, theirs), hash);
      const bad = theirs.slice(); bad[bad.length >> 1] ^= 4;
      t.false(m.rsaPkcs1Verify(k.pub, hash, dig, bad));
      const dig2 = dig.slice(); dig2[0] ^= 1;
      t.false(m.rsaPkcs1Verify(k.pub, hash, dig2, theirs));
      // the other hashes' encodings never match
      for (const other of ['sha256', 'sha384', 'sha512']) {
        if (other !== hash) t.false(m.rsaPkcs1Verify(k.pub, other, digestOf(other, msg), theirs));
      }
      const ours = m.rsaPkcs1Sign(hash === 'sha384' ? k.blinded : k.priv, hash, dig);
      t.true(crypto.verify(hash, msg, k.publicKey, ours));
      t.deepEqual(ours, theirs); // deterministic scheme: the same bytes
    }
  });

  test(`${bits}: PSS signatures both ways`, (t) => {
    const k = keyOf(bits);
    for (const [hash, saltLen] of [['sha256', 32], ['sha384', 48], ['sha512', 64]]) {
      const msg = crypto.randomBytes(50);
      const dig = digestOf(hash, msg);
      const opts = { padding: C.RSA_PKCS1_PSS_PADDING, saltLength: saltLen };
      const theirs = u8(crypto.sign(hash, msg, { key: k.privateKey, ...opts }));
      t.true(m.rsaPssVerify(k.pub, HASH[hash], dig, theirs, saltLen), hash);
      t.false(m.rsaPssVerify(k.pub, HASH[hash], dig, theirs, saltLen - 1));
      const bad = theirs.slice(); bad[3] ^= 0x80;
      t.false(m.rsaPssVerify(k.pub, HASH[hash], dig, bad, saltLen));
      // a PKCS#1 v1.5 signature is not a PSS signature
      t.false(m.rsaPssVerify(k.pub, HASH[hash], dig, u8(crypto.sign(hash, msg, k.privateKey)), saltLen));
      const ours = m.rsaPssSign(hash === 'sha512' ? k.blinded : k.priv, HASH[hash], dig, u8(crypto.randomBytes(saltLen)));
      t.true(crypto.verify(hash, msg, { key: k.publicKey, ...opts }, ours), hash);
      t.true(m.rsaPssVerify(k.pub, HASH[hash], dig, ours, saltLen));
    }
  });

  test(`${bits}: PKCS#1 v1.5 encryption both ways`, (t) => {
    const k = keyOf(bits);
    const size = bits / 8;
    for (const len of [0, 1, 48, size - 11]) {
      const msg = u8(crypto.randomBytes(len));
      const ct = m.rsaPkcs1Encrypt(k.pub, msg, rand);
      t.is(ct.length, size);
      // OpenSSL here refuses PKCS#1 v1.5 private decryption, so it decrypts raw and the test
      // checks the encoding: 00 02, nonzero padding, 00, message
      const em = u8(crypto.privateDecrypt({ key: k.privateKey, padding: C.RSA_NO_PADDING }, ct));
      t.is(em[0], 0); t.is(em[1], 2);
      t.true(em.subarray(2, size - len - 1).every((x) => x !== 0));
      t.is(em[size - len - 1], 0);
      t.deepEqual(em.subarray(size - len), msg);
      const theirs = u8(crypto.publicEncrypt({ key: k.publicKey, padding: C.RSA_PKCS1_PADDING }, msg));
      t.deepEqual(m.rsaPkcs1Decrypt(len & 1 ? k.blinded : k.priv, theirs), msg);
    }
    isMicrotls(t, () => m.rsaPkcs1Encrypt(k.pub, new Uint8Array(size - 10), rand), 'bad_length');
  });

  test(`${bits}: premaster decryption without an oracle`, (t) => {
    const k = keyOf(bits);
    const size = bits / 8;
    const raw = (em) => u8(crypto.publicEncrypt({ key: k.publicKey, padding: C.RSA_NO_PADDING }, em));
    const pms = u8(crypto.randomBytes(48)).map((x) => x | 0x10); pms[0] = 3; pms[1] = 3;
    const r48 = u8(crypto.randomBytes(48));
    const good = () => {
      const em = new Uint8Array(size);
      em[1] = 2;
      em.set(u8(crypto.randomBytes(size - 51)).map((x) => x | 1), 2);
      em.set(pms, size - 48);
      return em;
    };
    for (const priv of [k.priv, k.blinded]) {
      t.deepEqual(m.rsaDecryptPremaster(priv, raw(good()), 0x0303, r48), pms);
      t.deepEqual(m.rsaDecryptPremaster(priv, u8(crypto.publicEncrypt({ key: k.publicKey, padding: C.RSA_PKCS1_PADDING }, pms)), 0x0303, r48), pms);
    }
    // [spoil, whether PKCS #1 v1.5 itself is broken too]
    const bad = {
      'first byte': [(em) => { em[0] = 1; }, true],
      'second byte 01': [(em) => { em[1] = 1; }, true],
      'second byte 00': [(em) => { em[1] = 0; }, true],
      'zero within the first 8 padding bytes': [(em) => { em[7] = 0; }, true],
      'zero as first padding byte': [(em) => { em[2] = 0; }, true],
      'no zero separator': [(em) => { em[size - 49] = 0x55; }, true],
      'all zero': [(em) => { em.fill(0); }, true],
      'zero later in the padding (long plaintext)': [(em) => { em[20] = 0; }, false],
      'short plaintext (47 bytes)': [(em) => { em[size - 49] = 0x55; em[size - 48] = 0; }, false],
      'long plaintext (49 bytes)': [(em) => { em[size - 50] = 0; em[size - 49] = 3; }, false],
      'wrong major version': [(em) => { em[size - 48] = 2; }, false],
      'wrong minor version': [(em) => { em[size - 47] = 1; }, false],
    };
    for (const [name, [spoil, pkcs1Broken]] of Object.entries(bad)) {
      const em = good(); spoil(em);
      const out = m.rsaDecryptPremaster(k.priv, raw(em), 0x0303, r48);
      t.deepEqual(out, r48, name);
      t.not(out, r48); // a copy, never the caller's array
      t.deepEqual(m.rsaDecryptPremaster(k.blinded, raw(em), 0x0303, r48), r48, name);
      if (pkcs1Broken) isMicrotls(t, () => m.rsaPkcs1Decrypt(k.priv, raw(em)), 'bad_padding');
      else t.deepEqual(m.rsaPkcs1Decrypt(k.priv, raw(em)), em.subarray(em.indexOf(0, 2) + 1), name);
    }
    // a correct encryption for another client version
    t.deepEqual(m.rsaDecryptPremaster(k.priv, raw(good()), 0x0302, r48), r48);
    const ct = raw(good());
    const long = new Uint8Array(size + 1); long.set(ct, 1);
    for (const c of [ct.subarray(1), long, new Uint8Array(0), k.c.n, u8(new Uint8Array(size).fill(0xff))]) {
      t.deepEqual(m.rsaDecryptPremaster(k.priv, c, 0x0303, r48), r48);
      isMicrotls(t, () => m.rsaPkcs1Decrypt(k.priv, c));
    }
    isMicrotls(t, () => m.rsaDecryptPremaster(k.priv, ct, 0x0303, r48.subarray(1)), 'bad_length');
  });
}

test('malformed signatures are refused without throwing', (t) => {
  const k = keyOf(2048);
  const dig = digestOf('sha256', 'x');
  const sig = u8(crypto.sign('sha256', Buffer.from('x'), k.privateKey));
  const nPlus1 = k.c.n.slice(); nPlus1[255] += 1;
  for (const s of [sig.subarray(1), new Uint8Array(257), new Uint8Array(0), k.c.n, nPlus1, new Uint8Array(256).fill(255)]) {
    t.false(m.rsaPkcs1Verify(k.pub, 'sha256', dig, s));
    t.false(m.rsaPssVerify(k.pub, m.SHA256, dig, s, 32));
  }
  t.false(m.rsaPkcs1Verify(k.pub, 'sha256', dig, new Uint8Array(256)));
  // a leading zero on a valid signature changes its length: refused
  const padded = new Uint8Array(257); padded.set(sig, 1);
  t.false(m.rsaPkcs1Verify(k.pub, 'sha256', dig, padded));
  isMicrotls(t, () => m.rsaPkcs1Verify(k.pub, 'sha256', dig.subarray(1), sig), 'bad_length');
  isMicrotls(t, () => m.rsaPkcs1Verify(k.pub, 'sha1', dig, sig));
  isMicrotls(t, () => m.rsaPssVerify(k.pub, m.SHA256, dig, sig, -1));
  isMicrotls(t, () => m.rsaPssSign(k.priv, m.SHA256, dig, new Uint8Array(256 - 32 - 1)), 'bad_length');
});

test('malformed keys are refused with bad_key', (t) => {
  const k = keyOf(2048);
  const { c } = k;
  const e3 = Uint8Array.of(3);
  const small = crypto.generateKeyPairSync('rsa', { modulusLength: 1024 });
  const sc = components(small.privateKey);
  isMicrotls(t, () => m.rsaPublicKey(sc.n, sc.e), 'bad_key');
  isMicrotls(t, () => m.rsaPrivateKey(sc), 'bad_key');
  const even = c.n.slice(); even[255] &= 0xfe;
  isMicrotls(t, () => m.rsaPublicKey(even, c.e), 'bad_key');
  isMicrotls(t, () => m.rsaPublicKey(new Uint8Array(513).fill(0xff), c.e), 'bad_key');
  isMicrotls(t, () => m.rsaPublicKey(c.n.subarray(1), c.e), 'bad_key'); // 2040 bits
  isMicrotls(t, () => m.rsaPublicKey(new Uint8Array(0), c.e), 'bad_key');
  for (const e of [Uint8Array.of(1), Uint8Array.of(0, 1), Uint8Array.of(2), Uint8Array.of(1, 0, 0), new Uint8Array(0), c.n, Uint8Array.of(0)]) {
    isMicrotls(t, () => m.rsaPublicKey(c.n, e), 'bad_key');
  }
  t.is(m.rsaPublicKey(c.n, e3).bits, 2048);
  // leading zeros are ignored
  const n0 = new Uint8Array(257); n0.set(c.n, 1);
  t.is(m.rsaPublicKey(n0, Uint8Array.of(0, 1, 0, 1)).size, 256);
  const swap = (o) => ({ ...c, ...o });
  isMicrotls(t, () => m.rsaPrivateKey(swap({ p: keyOf(3072).c.p })), 'bad_key');
  isMicrotls(t, () => m.rsaPrivateKey(swap({ q: c.p })), 'bad_key');
  isMicrotls(t, () => m.rsaPrivateKey(swap({ dp: c.p })), 'bad_key');
  isMicrotls(t, () => m.rsaPrivateKey(swap({ qinv: c.n })), 'bad_key');
  isMicrotls(t, () => m.rsaPrivateKey(swap({ d: new Uint8Array(300).fill(1) })), 'bad_key');
  // a wrong dp passes the size checks but the result check catches every use
  const dp = c.dp.slice(); dp[dp.length - 1] ^= 2;
  const faulty = m.rsaPrivateKey(swap({ dp }));
  isMicrotls(t, () => m.rsaPkcs1Sign(faulty, 'sha256', digestOf('sha256', 'x')), 'fault');
});

test('1024-bit keys only with allow1024', (t) => {
  const small = crypto.generateKeyPairSync('rsa', { modulusLength: 1024 });
  const c = components(small.privateKey);
  const pub = m.rsaPublicKey(c.n, c.e, { allow1024: true });
  const priv = m.rsaPrivateKey(c, { allow1024: true, random: rand });
  const msg = Buffer.from('RFC 8448');
  const dig = digestOf('sha256', msg);
  const opts = { padding: C.RSA_PKCS1_PSS_PADDING, saltLength: 32 };
  t.true(m.rsaPssVerify(pub, m.SHA256, dig, u8(crypto.sign('sha256', msg, { key: small.privateKey, ...opts })), 32));
  t.true(crypto.verify('sha256', msg, { key: small.publicKey, ...opts }, m.rsaPssSign(priv, m.SHA256, dig, u8(crypto.randomBytes(32)))));
  // PSS with SHA-512 and a 64-byte salt does not fit: 1024 bits < 8 (64 + 64 + 2)
  isMicrotls(t, () => m.rsaPssSign(priv, HASH.sha512, digestOf('sha512', msg), new Uint8Array(64)), 'bad_length');
  t.false(m.rsaPssVerify(pub, HASH.sha512, digestOf('sha512', msg), new Uint8Array(128), 64));
});

test('odd modulus sizes and e = 3', (t) => {
  for (const bits of [2056, 2072]) {
    const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: bits, publicExponent: 3 });
    const c = components(privateKey);
    const pub = m.rsaPublicKey(c.n, c.e);
    const priv = m.rsaPrivateKey(c, { random: rand });
    t.is(pub.bits, bits);
    const msg = crypto.randomBytes(20);
    for (const hash of ['sha256', 'sha512']) {
      const dig = digestOf(hash, msg);
      t.true(m.rsaPkcs1Verify(pub, hash, dig, u8(crypto.sign(hash, msg, privateKey))));
      t.true(crypto.verify(hash, msg, publicKey, m.rsaPkcs1Sign(priv, hash, dig)));
      const opts = { padding: C.RSA_PKCS1_PSS_PADDING, saltLength: 20 };
      t.true(m.rsaPssVerify(pub, HASH[hash], dig, u8(crypto.sign(hash, msg, { key: privateKey, ...opts })), 20));
      t.true(crypto.verify(hash, msg, { key: publicKey, ...opts }, m.rsaPssSign(priv, HASH[hash], dig, u8(crypto.randomBytes(20)))));
    }
  }
});

test('blinding stays correct across refreshes', (t) => {
  const k = keyOf(2048);
  const msg = u8(crypto.randomBytes(48));
  const ct = u8(crypto.publicEncrypt({ key: k.publicKey, padding: C.RSA_PKCS1_PADDING }, msg));
  // 40 uses: the pair is squared 31 times, then drawn again
  for (let i = 0; i < 40; i++) t.deepEqual(m.rsaPkcs1Decrypt(k.blinded, ct), msg);
  // a random source that gives only zeros is refused, never a hang
  const zeros = m.rsaPrivateKey(k.c, { random: (o) => o.fill(0) });
  isMicrotls(t, () => m.rsaPkcs1Decrypt(zeros, ct), 'bad_random');
  isMicrotls(t, () => m.rsaPkcs1Encrypt(k.pub, msg, (o) => o.fill(0)), 'bad_random');
});

test('the Wycheproof runner handles SHA-384 once the bundle has it', (t) => {
  // the bundle has no SHA-384 yet: run the runner with one from @noble/hashes
  const file = 'rsa_signature_2048_sha384_test.json';
  const data = JSON.parse(readFileSync(path.join(root, '..', 'shared', 'vectors', 'wycheproof', file), 'utf8'));
  const lines = [];
  const ctx = vm.createContext({ microtls: { ...m, SHA384: HASH.sha384 }, print: (s) => lines.push(s), Uint8Array, parseInt });
  for (const f of ['common.js', 'rsa.js']) vm.runInContext(readFileSync(path.join(root, 'test/engine/wycheproof', f), 'utf8'), ctx);
  const r = vm.runInContext('wycheproof.run(' + JSON.stringify(file) + ', data, print)', Object.assign(ctx, { data }));
  t.is(r.failed, 0, lines.join('\n'));
  t.is(r.skipped, 0);
  t.is(r.passed, 258);
});

test('the RFC 8448 trace server signatures (1024-bit key, PSS) verify and re-sign byte for byte', (t) => {
  const dir = path.join(root, '..', 'shared', 'vectors', 'rfc8448');
  const key = crypto.createPrivateKey(readFileSync(path.join(dir, 'server_key.pem')));
  const c = components(key);
  const pub = m.rsaPublicKey(c.n, c.e, { allow1024: true });
  const priv = m.rsaPrivateKey(c, { allow1024: true, random: rand });
  let checked = 0;
  for (const section of readFileSync(path.join(dir, 'transcripts.vec'), 'utf8').split('\n[')) {
    const field = (k) => { const r = new RegExp('^' + k + ' = (\\S+)$', 'm').exec(section); return r && u8(Buffer.from(r[1], 'hex')); };
    const tbs = field('Server_MessageToSign'), sig = field('Server_MessageSignature');
    if (!tbs || !sig || sig.length !== 128) continue;
    const dig = digestOf('sha256', tbs);
    t.true(m.rsaPssVerify(pub, m.SHA256, dig, sig, 32));
    t.false(m.rsaPkcs1Verify(pub, 'sha256', dig, sig));
    // the salt, recovered with OpenSSL's raw RSA and MGF1 by hand, gives the same signature back
    const em = crypto.publicDecrypt({ key, padding: C.RSA_NO_PADDING }, sig);
    const h = em.subarray(95, 127), db = Buffer.from(em.subarray(0, 95));
    for (let i = 0, ctr = 0; i < db.length; ctr++) {
      const block = crypto.createHash('sha256').update(h).update(Buffer.from([0, 0, 0, ctr])).digest();
      for (let j = 0; j < 32 && i < db.length; j++, i++) db[i] ^= block[j];
    }
    t.deepEqual(m.rsaPssSign(priv, m.SHA256, dig, u8(db.subarray(63))), sig);
    checked++;
  }
  t.is(checked, 3); // the RSA-signed traces; the others sign with ECDSA
});
