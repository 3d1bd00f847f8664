// X25519 of the size-preferring bundles (src/crypto/x25519.small.ts, in dist/esp32): the RFC 7748
// vectors (section 5.2, with 1 and 1,000 iterations, and section 6.1), agreement with node:crypto
// on random keys and on odd u-coordinates (top bit set, at or above p, small order), the length
// and zero checks, and the same vectors inside QuickJS and Duktape (and Espruino when ESPRUINO
// names a binary). Also: the esp32 bundle carries no tweetnacl, and its Ed25519 is a clean stub.
// Expects `npm run build`.
import test from 'ava';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import crypto from 'node:crypto';
import { runInEngine, engineGiven } from '../tools/engines/index.mjs';
import { loadBoards, featuresOf } from '../tools/boards.mjs';
import { espruinoRequire } from '../tools/engines/espruino-crypto.mjs';

const root = path.resolve(import.meta.dirname, '..');
const bundleText = (board) => readFileSync(path.join(root, 'dist', board, 'microtls.js'), 'utf8');
const hex = (u) => Buffer.from(u).toString('hex');

function load(board) {
  const context = vm.createContext({ require: espruinoRequire() });
  vm.runInContext(bundleText(board), context);
  const U8 = vm.runInContext('Uint8Array', context);
  return { m: context.microtls, bytes: (b) => { const u = new U8(b.length); for (let i = 0; i < b.length; i++) u[i] = b[i]; return u; } };
}
const { m, bytes } = load('esp32');
const h = (s) => bytes(Buffer.from(s, 'hex'));

// RFC 7748 section 5.2.
const VECTORS = [
  ['a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4', 'e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c',
    'c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552'],
  ['4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d', 'e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493',
    '95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957'],
];
const AFTER_1 = '422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079';
const AFTER_1000 = '684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51';
// RFC 7748 section 6.1.
const ALICE = '77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a';
const ALICE_PUB = '8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a';
const BOB = '5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb';
const BOB_PUB = 'de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f';
const SHARED = '4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742';

test('the esp32 bundle prefers size, keeps X25519 and leaves tweetnacl and Ed25519 out', (t) => {
  const p = loadBoards().esp32;
  t.is(p.prefer, 'size');
  t.true(featuresOf(p).includes('x25519'));
  t.false(featuresOf(p).includes('ed25519'));
  const modules = JSON.parse(readFileSync(path.join(root, 'dist/esp32/modules.json'), 'utf8')).modules.map((x) => x.module);
  t.true(modules.includes('src/crypto/x25519.small.ts'), modules.join(' '));
  t.false(modules.some((x) => /tweetnacl/.test(x)), modules.join(' '));
  for (const call of [() => m.ed25519Verify(bytes(new Uint8Array(32)), bytes(new Uint8Array(1)), bytes(new Uint8Array(64))), () => m.ed25519Sign(bytes(new Uint8Array(32)), bytes(new Uint8Array(1)))]) {
    const e = t.throws(call);
    t.is(e.code, 'not_in_build');
  }
});

test('RFC 7748 section 5.2 vectors', (t) => {
  for (const [k, u, want] of VECTORS) t.is(hex(m.x25519(h(k), h(u))), want);
});

test('RFC 7748 section 5.2: 1 and 1,000 iterations', (t) => {
  let k = bytes(new Uint8Array(32));
  k[0] = 9;
  let u = k;
  for (let i = 1; i <= 1000; i++) {
    const r = m.x25519(k, u);
    u = k;
    k = r;
    if (i === 1) t.is(hex(k), AFTER_1);
  }
  t.is(hex(k), AFTER_1000);
});

test('RFC 7748 section 6.1: public keys and the shared secret', (t) => {
  t.is(hex(m.x25519Base(h(ALICE))), ALICE_PUB);
  t.is(hex(m.x25519Base(h(BOB))), BOB_PUB);
  t.is(hex(m.x25519(h(ALICE), h(BOB_PUB))), SHARED);
  t.is(hex(m.x25519(h(BOB), h(ALICE_PUB))), SHARED);
});

const rawPriv = (k) => k.export({ format: 'der', type: 'pkcs8' }).subarray(-32);
const rawPub = (k) => k.export({ format: 'der', type: 'spki' }).subarray(-32);
const nodePub = (u) => crypto.createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: Buffer.from(u).toString('base64url') }, format: 'jwk' });

test('random keys agree with node:crypto (public keys and shared secrets)', (t) => {
  let n = 0;
  for (let i = 0; i < 64; i++) {
    const a = crypto.generateKeyPairSync('x25519');
    const b = crypto.generateKeyPairSync('x25519');
    t.is(hex(m.x25519Base(bytes(rawPriv(a.privateKey)))), hex(rawPub(a.publicKey)));
    const want = crypto.diffieHellman({ privateKey: a.privateKey, publicKey: b.publicKey });
    t.is(hex(m.x25519(bytes(rawPriv(a.privateKey)), bytes(rawPub(b.publicKey)))), hex(want));
    n++;
  }
  t.is(n, 64);
});

test('odd u-coordinates agree with node:crypto: top bit set, at or above p, random', (t) => {
  const p = (1n << 255n) - 19n;
  const le = (v) => { const out = Buffer.alloc(32); for (let i = 0; i < 32; i++) { out[i] = Number(v & 255n); v >>= 8n; } return out; };
  const us = [p + 2n, p + 9n, p + 18n, (1n << 255n) - 1n, p - 2n, 2n, 9n, (1n << 254n) + 1n];
  for (let i = 0; i < 24; i++) us.push(BigInt('0x' + crypto.randomBytes(32).toString('hex')));
  let agreed = 0;
  let refused = 0;
  for (const v of us) {
    const u = le(v & ((1n << 256n) - 1n));
    const a = crypto.generateKeyPairSync('x25519');
    let want = null;
    try { want = crypto.diffieHellman({ privateKey: a.privateKey, publicKey: nodePub(u) }); } catch { want = null; }
    if (want) {
      t.is(hex(m.x25519(bytes(rawPriv(a.privateKey)), bytes(u))), hex(want), v.toString(16));
      agreed++;
    } else {
      t.throws(() => m.x25519(bytes(rawPriv(a.privateKey)), bytes(u)), { code: 'bad_point' });
      refused++;
    }
  }
  t.is(agreed + refused, us.length);
  t.true(agreed >= 30);
});

test('small-order points are refused (all-zero shared secret) and lengths are checked', (t) => {
  const k = crypto.randomBytes(32);
  const p = (1n << 255n) - 19n;
  const le = (v) => { const out = Buffer.alloc(32); for (let i = 0; i < 32; i++) { out[i] = Number(v & 255n); v >>= 8n; } return out; };
  // u = 0, 1, p - 1 (order 1, 2, 4 points), p and p + 1 (0 and 1 again, non-canonical), and a
  // point of order 8.
  const small = [0n, 1n, p - 1n, p, p + 1n].map(le)
    .concat([Buffer.from('e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800', 'hex')]);
  for (const u of small) {
    const e = t.throws(() => m.x25519(bytes(k), bytes(u)));
    t.is(e.name, 'CryptoError');
    t.is(e.code, 'bad_point');
  }
  for (const [s, u] of [[31, 32], [32, 31], [33, 32], [32, 0]]) {
    const e = t.throws(() => m.x25519(bytes(crypto.randomBytes(s)), bytes(crypto.randomBytes(u))));
    t.is(e.code, 'bad_length');
  }
  t.is(t.throws(() => m.x25519Base(bytes(new Uint8Array(31)))).code, 'bad_length');
});

// The ed25519 feature: every profile that lists it (or has "all") verifies and signs like
// node:crypto; the others carry stubs that say so, and no tweetnacl.
for (const [board, profile] of Object.entries(loadBoards())) {
  test(`${board}: Ed25519 ${featuresOf(profile).includes('ed25519') ? 'verifies and signs like node:crypto' : 'is left out cleanly'}`, (t) => {
    const b = load(board);
    const kp = crypto.generateKeyPairSync('ed25519');
    const pub = b.bytes(kp.publicKey.export({ format: 'der', type: 'spki' }).subarray(-32));
    const seed = b.bytes(kp.privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(-32));
    const msg = crypto.randomBytes(50);
    const sig = crypto.sign(null, msg, kp.privateKey);
    if (featuresOf(profile).includes('ed25519')) {
      t.true(b.m.ed25519Verify(pub, b.bytes(msg), b.bytes(sig)));
      sig[7] ^= 4;
      t.false(b.m.ed25519Verify(pub, b.bytes(msg), b.bytes(sig)));
      if (featuresOf(profile).includes('ed25519-sign')) t.is(hex(b.m.ed25519Sign(seed, b.bytes(msg))), hex(crypto.sign(null, msg, kp.privateKey)));
    } else {
      for (const call of [() => b.m.ed25519Verify(pub, b.bytes(msg), b.bytes(sig)), () => b.m.ed25519Sign(seed, b.bytes(msg))]) {
        const e = t.throws(call);
        t.is(e.name, 'TlsError');
        t.is(e.code, 'not_in_build');
      }
      t.false(/nacl|tweetnacl/.test(readFileSync(path.join(root, 'dist', board, 'modules.json'), 'utf8')));
    }
  });
}

// The same vectors inside the engines, on the bundle a device runs.
const engineScript = () => `
(function () {
  var passed = 0, failed = 0;
  function bytes(s) { var o = new Uint8Array(s.length >> 1); for (var i = 0; i < o.length; i++) o[i] = parseInt(s.substr(2 * i, 2), 16); return o; }
  function hex(u) { var s = ''; for (var i = 0; i < u.length; i++) s += (u[i] < 16 ? '0' : '') + u[i].toString(16); return s; }
  function check(name, got, want) { if (got === want) { passed++; print('ok - ' + name); } else { failed++; print('not ok - ' + name + ': ' + got); } }
  var v = ${JSON.stringify(VECTORS.slice(0, 1))};
  for (var i = 0; i < v.length; i++) check('rfc7748 5.2 #' + (i + 1), hex(microtls.x25519(bytes(v[i][0]), bytes(v[i][1]))), v[i][2]);
  var k = bytes('09' + new Array(32).join('00')), u = k;
  r = microtls.x25519(k, u);
  check('one iteration', hex(r), '${AFTER_1}');
  print(passed + ' passed, ' + failed + ' failed');
})();
`;

for (const engine of ['quickjs', 'duktape']) {
  test(`${engine}: RFC 7748 vectors and one iteration in the esp32 bundle`, async (t) => {
    const r = await runInEngine(engine, engineScript(), { bundle: bundleText('esp32') });
    t.log(r.stdout.trim());
    t.true(r.ok, r.stdout + r.stderr);
    t.is(r.passed, 2);
  });
}

// Espruino is slow (seconds per X25519 on this host): one vector and one iteration, local only.
if (engineGiven('espruino')) {
  test('espruino: RFC 7748 vector and one iteration in the espruino-linux bundle', async (t) => {
    const r = await runInEngine('espruino', engineScript(), { bundle: bundleText('espruino-linux'), timeoutMs: 600000 });
    t.log(r.stdout.trim());
    t.true(r.ok, r.stdout + r.stderr);
    t.is(r.passed, 2);
  });
}
