// The symmetric primitives of the size-preferring bundles (the `.small.ts` variants of AES-GCM
// and ChaCha20-Poly1305, over the runtime's native SHA-2 and AES: the esp32 family leaves the
// pure ones out) and the SHA-2 constants computed at load, inside engines, against node:crypto:
// the esp32 bundle in QuickJS with Espruino's require("crypto") computed by the host (and in
// Espruino itself when ESPRUINO names a binary), the generic bundle in Duktape (strict ES5).
// Inputs are random; the expected answers come from node:crypto here and travel into the engine
// as hex.
import test from 'ava';
import crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import { runInEngine, engineGiven } from '../tools/engines/index.mjs';
import { bundleFor } from '../tools/selftest.mjs';
import { loadBoards, featuresOf } from '../tools/boards.mjs';

const hex = (b) => Buffer.from(b).toString('hex');

/** Cases: hashes of several lengths, AES blocks, AEAD records of awkward lengths. */
function makeCases(lengths) {
  const hashes = [];
  for (const n of [0, 1, 55, 56, 63, 64, 111, 112, 127, 128, 129, 1000]) {
    const d = crypto.randomBytes(n);
    for (const alg of ['sha256', 'sha384', 'sha512']) hashes.push([alg, hex(d), crypto.createHash(alg).update(d).digest('hex')]);
  }
  const blocks = [];
  for (const kl of [16, 32, 16, 32]) {
    const key = crypto.randomBytes(kl), pt = crypto.randomBytes(16);
    const c = crypto.createCipheriv(kl === 16 ? 'aes-128-ecb' : 'aes-256-ecb', key, null).setAutoPadding(false);
    blocks.push([hex(key), hex(pt), hex(Buffer.concat([c.update(pt), c.final()]))]);
  }
  const aeads = [];
  for (const len of lengths) {
    for (const alg of ['aes-128-gcm', 'aes-256-gcm', 'chacha20-poly1305']) {
      const key = crypto.randomBytes(alg === 'aes-128-gcm' ? 16 : 32), nonce = crypto.randomBytes(12);
      const aad = crypto.randomBytes(len % 29), pt = crypto.randomBytes(len);
      const c = crypto.createCipheriv(alg, key, nonce, { authTagLength: 16 });
      c.setAAD(aad, { plaintextLength: len });
      const sealed = Buffer.concat([c.update(pt), c.final(), c.getAuthTag()]);
      aeads.push([alg, hex(key), hex(nonce), hex(aad), hex(pt), hex(sealed)]);
    }
  }
  return { hashes, blocks, aeads };
}

// ES5, after the bundle: checks every case and prints one line per failure and a summary.
const SCRIPT = `
(function () {
  var M = microtls, passed = 0, failed = 0, i;
  var NATIVE = null;
  try {
    var cm = typeof require === 'function' ? require('crypto') : null;
    // Without aes-pure the default provider's AES already is the runtime's (and such a bundle
    // leaves out withOverrides, feature provider-overrides).
    if (cm && cm.AES) NATIVE = PURE_AES ? M.withOverrides(M.defaultProvider, M.espruinoCryptoMembers(cm)) : M.defaultProvider;
  } catch (e) { NATIVE = null; }
  function h2b(s) { var b = new Uint8Array(s.length / 2); for (var j = 0; j < b.length; j++) b[j] = parseInt(s.substr(2 * j, 2), 16); return b; }
  function b2h(b) { var s = ''; for (var j = 0; j < b.length; j++) s += (b[j] < 16 ? '0' : '') + b[j].toString(16); return s; }
  function check(ok, what) { if (ok) passed++; else { failed++; print('not ok - ' + what); } }
  var algs = { sha256: M.SHA256, sha384: M.SHA384, sha512: M.SHA512 };
  for (i = 0; i < CASES.hashes.length; i++) {
    var hc = CASES.hashes[i], d = h2b(hc[1]);
    check(b2h(algs[hc[0]].create().update(d).digest()) === hc[2], hc[0] + ' of ' + d.length + ' bytes');
  }
  for (i = 0; i < CASES.blocks.length; i++) {
    // The provider's aesBlock: pure-TS AES, or without feature aes-pure the runtime's.
    var bc = CASES.blocks[i], out = new Uint8Array(16), back = new Uint8Array(16), ok;
    M.defaultProvider.aesBlock(h2b(bc[0])).encryptBlocks(h2b(bc[1]), 0, out, 0, 16);
    if (PURE_AES) {
      var k = M.aesKey(h2b(bc[0])), out2 = new Uint8Array(16);
      M.aesEncryptBlock(k, h2b(bc[1]), 0, out2, 0);
      M.aesDecryptBlock(k, out, 0, back, 0);
      ok = b2h(out2) === bc[2] && b2h(back) === bc[1];
    } else {
      try { M.aesKey(h2b(bc[0])); ok = false; } catch (e) { ok = e.code === 'not_in_build'; }
    }
    check(ok && b2h(out) === bc[2], 'AES-' + (bc[0].length * 4) + ' block ' + i);
  }
  for (i = 0; i < CASES.aeads.length; i++) {
    var c = CASES.aeads[i], key = h2b(c[1]), nonce = h2b(c[2]), aad = h2b(c[3]), pt = h2b(c[4]), n = pt.length;
    var a = c[0] === 'chacha20-poly1305' ? M.chacha20Poly1305Key(key) : M.aesGcmKey(key);
    var buf = new Uint8Array(n + 19);
    buf.set(pt, 3);
    a.seal(nonce, aad, 0, aad.length, buf, 3, n);
    check(b2h(buf.subarray(3, 3 + n + 16)) === c[5], c[0] + ' seal of ' + n + ' bytes');
    var opened = a.open(nonce, aad, 0, aad.length, buf, 3, n);
    check(opened && b2h(buf.subarray(3, 3 + n)) === c[4], c[0] + ' open of ' + n + ' bytes');
    a.seal(nonce, aad, 0, aad.length, buf, 3, n);
    buf[3 + (i * 7) % (n + 16)] ^= 0x20;
    var before = b2h(buf);
    check(!a.open(nonce, aad, 0, aad.length, buf, 3, n) && b2h(buf) === before, c[0] + ' refuses a changed record of ' + n + ' bytes and leaves it');
    if (NATIVE !== null && c[0] !== 'chacha20-poly1305') {
      // AES-GCM over the engine's own AES (Espruino's require("crypto"): the provider's aesBlock).
      var na = NATIVE.aesGcm(key), nb = new Uint8Array(n + 16);
      nb.set(pt);
      na.seal(nonce, aad, 0, aad.length, nb, 0, n);
      check(b2h(nb) === c[5], c[0] + ' over native AES, seal of ' + n + ' bytes');
      check(na.open(nonce, aad, 0, aad.length, nb, 0, n) && b2h(nb.subarray(0, n)) === c[4], c[0] + ' over native AES, open of ' + n + ' bytes');
    }
  }
  print(passed + ' passed, ' + failed + ' failed');
})();
`;

function run(engine, board, lengths) {
  const cases = makeCases(lengths);
  const p = loadBoards()[board];
  return runInEngine(engine, 'var CASES = ' + JSON.stringify(cases) + ', PURE_AES = ' + featuresOf(p).includes('aes-pure') + ';\n' + SCRIPT,
    { bundle: bundleFor(board), timeoutMs: 600000, nativeCrypto: Boolean(p.nativeCrypto) });
}

const expected = (lengths) => 12 * 3 + 4 + lengths.length * 3 * 3;

test('the esp32 bundle keeps aes-gcm and chacha20-poly1305, prefers size (the variants under test), takes SHA-2 and AES from the runtime', (t) => {
  const p = loadBoards().esp32;
  t.is(p.prefer, 'size');
  t.true(featuresOf(p).includes('aes-gcm') && featuresOf(p).includes('chacha20-poly1305'));
  t.false(featuresOf(p).includes('aes-pure') || featuresOf(p).includes('sha2-pure'));
  t.true(featuresOf(loadBoards().generic).includes('aes-pure'));
});

const LONG = [0, 1, 15, 16, 17, 63, 64, 65, 255, 256, 257, 1000, 4101];
test('esp32 bundle (size variants) in quickjs: SHA-2 and AES blocks (native),  AES-GCM and ChaCha20-Poly1305 match node:crypto', async (t) => {
  const r = await run('quickjs', 'esp32', LONG);
  t.is(r.failed, 0, r.stdout + r.stderr);
  // With a require("crypto") the AES-GCM cases also run over the provider's native AES: two more each.
  t.is(r.passed, expected(LONG) + LONG.length * 2 * 2, r.stdout + r.stderr);
});

test('generic bundle in duktape: the computed SHA-2 constants and the default AEADs match node:crypto', async (t) => {
  const r = await run('duktape', 'generic', LONG);
  t.is(r.failed, 0, r.stdout + r.stderr);
  t.is(r.passed, expected(LONG), r.stdout + r.stderr);
});

if (engineGiven('espruino')) {
  const SHORT = [0, 17, 300]; // 300: past one 256-byte chunk of counter blocks
  test('esp32 bundle (size variants) in espruino: the same checks, short records', async (t) => {
    const r = await run('espruino', 'esp32', SHORT);
    t.is(r.failed, 0, r.stdout + r.stderr);
    // Espruino also runs the AES-GCM cases over its native AES: two more checks each.
    t.is(r.passed, expected(SHORT) + SHORT.length * 2 * 2, r.stdout + r.stderr);
  });
}

test('the esp32 bundle leaves the pure SHA-1 out (feature sha1): SHA1 is the runtime\'s native one', async (t) => {
  t.false(featuresOf(loadBoards().esp32).includes('sha1'));
  const d = crypto.randomBytes(100);
  const probe = `
    var passed = 0, failed = 0;
    var h = microtls.toHex(microtls.SHA1.create().update(microtls.fromHex('${hex(d)}')).digest());
    if (h === '${crypto.createHash('sha1').update(d).digest('hex')}' && microtls.SHA1.outputLen === 20) passed++;
    else { failed++; print('not ok - SHA1 gave ' + h); }
    if (typeof microtls.SHA256.create === 'function') passed++; else failed++;
    print(passed + ' passed, ' + failed + ' failed');`;
  const r = await runInEngine('quickjs', probe, { bundle: bundleFor('esp32'), nativeCrypto: true });
  t.is(r.failed, 0, r.stdout + r.stderr);
  t.is(r.passed, 2);
  const modules = JSON.parse(readFileSync(new URL('../dist/esp32/modules.json', import.meta.url), 'utf8')).modules.map((m) => m.module);
  t.false(modules.includes('src/crypto/md.ts'));
});
