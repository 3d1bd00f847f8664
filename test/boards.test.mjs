// Board profiles and per-board composition: every profile validates, chip profiles carry their
// RNG register with a source, and each device bundle holds what its features say: left-out
// functions throw not_in_build, kept ones answer like node:crypto. Expects `npm run build`.
import test from 'ava';
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import crypto from 'node:crypto';
import { loadBoards, validateBoard, stubsFor, featuresOf, FEATURES } from '../tools/boards.mjs';
import { stubPlugin } from '../tools/rollup-stubs.mjs';

const root = path.resolve(import.meta.dirname, '..');
const boards = loadBoards();

function load(board) {
  const context = vm.createContext({});
  vm.runInContext(readFileSync(path.join(root, 'dist', board, 'microtls.js'), 'utf8'), context);
  // Bytes made in the bundle's own realm (tweetnacl checks instanceof Uint8Array).
  const U8 = vm.runInContext('Uint8Array', context);
  return { m: context.microtls, bytes: (b) => { const u = new U8(b.length); for (let i = 0; i < b.length; i++) u[i] = b[i]; return u; } };
}

test('the ESP32 family has a profile per chip and runtime, plus espruino-linux and the emulator', (t) => {
  for (const chip of ['esp32', 'esp32s3', 'esp32c3']) {
    t.is(boards[chip].chip, chip);
    t.is(boards[chip].runtime, 'espruino');
    t.is(boards[chip + '-jerryscript'].chip, chip);
    t.is(boards[chip + '-jerryscript'].runtime, 'jerryscript');
  }
  t.is(boards['espruino-linux'].runtime, 'espruino');
  t.is(boards['espruino-linux'].rng.kind, 'urandom');
  t.is(boards.emulator.runtime, 'quickjs');
});

test('chip profiles name an RNG register, the same for both runtimes of a chip, with a source', (t) => {
  const seen = {};
  for (const p of Object.values(boards)) {
    if (!p.chip || p.chip === 'host') continue;
    t.is(p.rng.kind, 'register');
    t.regex(p.rng.address, /^0x[0-9A-F]{8}$/);
    t.regex(p.rng.source, /wdev_reg\.h|Technical Reference Manual/);
    if (seen[p.chip]) t.is(p.rng.address, seen[p.chip]);
    seen[p.chip] = p.rng.address;
  }
  // Three chips, three different registers.
  t.is(new Set(Object.values(seen)).size, 3);
});

test('buffers hold one record of the profile and Espruino chip profiles state their pool', (t) => {
  for (const p of Object.values(boards)) {
    if (!p.buffers) continue;
    t.true(p.buffers.input >= p.maxRecordSize + 5 + 256, p.name);
    t.true(p.buffers.output >= p.maxRecordSize + 22, p.name);
    if (p.runtime === 'espruino') t.true(p.jsVars > 0, p.name);
  }
});

test('validation refuses a bad RNG, an unknown feature, oversized buffers and a chip without RNG', (t) => {
  const base = { name: 'x', description: 'd', runtime: 'espruino', ramBudget: 65536, maxRecordSize: 4096 };
  t.deepEqual(validateBoard(base, 'x.json'), []);
  t.true(validateBoard({ ...base, rng: { kind: 'register', address: '0x3ff75144', source: 'a source long enough to pass' } })
    .some((p) => /rng.address/.test(p)));
  t.true(validateBoard({ ...base, rng: { kind: 'register', address: '0x3FF75144', source: 'TRM' } }).some((p) => /rng.source/.test(p)));
  t.true(validateBoard({ ...base, features: ['tls13-client', 'quantum'] }).some((p) => /unknown feature quantum/.test(p)));
  t.true(validateBoard({ ...base, buffers: { input: 40000, output: 40000 } }).some((p) => /half the ramBudget/.test(p)));
  t.true(validateBoard({ ...base, buffers: { input: 1000, output: 5000 } }).some((p) => /buffers.input/.test(p)));
  t.true(validateBoard({ ...base, chip: 'esp32', jsVars: 100 }).some((p) => /rng.kind register/.test(p)));
  t.true(validateBoard({ ...base, chip: 'esp32', rng: { kind: 'native' } }).some((p) => /jsVars/.test(p)));
  t.true(validateBoard({ ...base, features: ['tls12'] }).some((p) => /tls12 needs sha1/.test(p)));
  t.deepEqual(validateBoard({ ...base, features: ['tls12', 'sha1', 'sha2-pure', 'aes-pure'] }), []);
  // The pure SHA-2 and AES may be left out only where the runtime has them natively.
  t.true(validateBoard({ ...base, features: ['aes-pure'] }).some((p) => /sha2-pure needs nativeCrypto sha256, sha384 and sha512/.test(p)));
  t.true(validateBoard({ ...base, features: ['sha2-pure'], nativeCrypto: ['sha256'] }).some((p) => /aes-pure needs nativeCrypto aes-ecb/.test(p)));
  t.true(validateBoard({ ...base, features: ['aes-pure'], nativeCrypto: ['sha256', 'sha384'] }).some((p) => /sha2-pure needs/.test(p)));
  t.deepEqual(validateBoard({ ...base, features: [], nativeCrypto: ['sha256', 'sha384', 'sha512', 'aes-ecb'] }), []);
  t.true(validateBoard({ ...base, nativeCrypto: ['md5'] }).some((p) => /nativeCrypto must list/.test(p)));
  t.true(validateBoard({ ...base, prefer: 'tiny' }).some((p) => /prefer must be/.test(p)));
});

test('a profile without a feature gets stubs for its modules and functions', (t) => {
  const s = stubsFor({ features: ['tls13-client', 'x25519'] });
  t.true(s.modules.some((re) => re.test('src/crypto/cbc.ts')));
  t.true(s.modules.some((re) => re.test('src/crypto/gcm.ts')));
  t.false(s.modules.some((re) => re.test('src/crypto/sha512.ts')));
  t.true(s.exports.get('src/crypto/rsa.ts').has('rsaPkcs1Sign'));
  t.false(s.exports.has('src/crypto/x25519.ts'));
  t.deepEqual(featuresOf({ features: 'all' }), Object.keys(FEATURES));
});

test('the stub plugin keeps every exported name and throws not_in_build', (t) => {
  const plugin = stubPlugin({
    root: '/r', board: 'b',
    stubs: { modules: [/^src\/gone\.ts$/], exports: new Map([['src/part.ts', new Set(['secret'])]]) },
  });
  const ctx = { warn: (m) => { throw new Error(m); } };
  const whole = plugin.transform.call(ctx, 'export function a() { return 1; }\nexport const b = 2, c = 3;\nexport { a as d };\n', '/r/src/gone.ts').code;
  for (const n of ['a', 'b', 'c', 'd']) t.regex(whole, new RegExp(`export var ${n} = __stubOf\\("${n}"\\);`));
  t.notRegex(whole, /return 1/);
  const part = plugin.transform.call(ctx, 'function helper() { return 42; }\nexport function secret(k) { return helper() + k; }\nexport function open() { return 7; }\n', '/r/src/part.ts').code;
  t.regex(part, /export function secret\(k\) \{ throw __notInBuild\("secret"\); \}/);
  t.regex(part, /export function open\(\) \{ return 7; \}/);
  t.is(plugin.transform.call(ctx, 'export const z = 1;', '/r/src/other.ts'), null);
  // A size variant is stubbed like the module it stands in for.
  t.regex(plugin.transform.call(ctx, 'export function a() { return 1; }\n', '/r/src/gone.small.ts').code, /export var a = __stubOf\("a"\);/);
  t.throws(() => plugin.transform.call(ctx, 'export function other() {}', '/r/src/part.ts'), { message: /no exported function secret/ });
});

for (const board of Object.keys(boards)) {
  const p = boards[board];
  test(`dist/${board}: left-out features throw not_in_build, kept ones answer like node:crypto`, (t) => {
    t.true(existsSync(path.join(root, 'dist', board, 'microtls.js')), 'run npm run build first');
    const { m, bytes } = load(board);
    const has = new Set(featuresOf(p));
    t.is(m.board.name, board);
    if (p.runtime === 'espruino' || p.runtime === 'jerryscript' || p.runtime === 'quickjs') t.is(typeof m.createHal, 'function');
    // X25519 against node:crypto.
    const a = crypto.generateKeyPairSync('x25519');
    const b = crypto.generateKeyPairSync('x25519');
    const rawPriv = a.privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(-32);
    const rawPub = b.publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
    const want = crypto.diffieHellman({ privateKey: a.privateKey, publicKey: b.publicKey });
    if (has.has('x25519')) t.is(Buffer.from(m.x25519(bytes(rawPriv), bytes(rawPub))).toString('hex'), want.toString('hex'));
    else t.throws(() => m.x25519(bytes(rawPriv), bytes(rawPub)), { message: /not in this build/ });
    // A left-out function keeps its name and says why.
    const probes = [['tls12', () => m.tls12Prf(null, new Uint8Array(1), 'x', new Uint8Array(1), 1)],
      ['rsa-private', () => m.rsaPkcs1Sign(null, 'sha256', new Uint8Array(32))],
      ['p384', () => m.p384PublicKey(new Uint8Array(48))],
      ['chacha20-poly1305', () => m.chacha20Poly1305Key(new Uint8Array(32))]];
    for (const [feature, call] of probes) {
      if (has.has(feature)) continue;
      const e = t.throws(call);
      t.is(e.code, 'not_in_build', feature);
      t.is(e.name, 'TlsError', feature);
    }
    // RSA verification stays in every bundle (servers' certificates): a signature by node:crypto.
    const rsa = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = rsa.publicKey.export({ format: 'jwk' });
    const key = m.rsaPublicKey(bytes(Buffer.from(jwk.n, 'base64url')), bytes(Buffer.from(jwk.e, 'base64url')));
    const msg = crypto.randomBytes(40);
    const sig = crypto.sign('sha256', msg, rsa.privateKey);
    const digest = crypto.createHash('sha256').update(msg).digest();
    t.true(m.rsaPkcs1Verify(key, 'sha256', bytes(digest), bytes(sig)));
    sig[5] ^= 1;
    t.false(m.rsaPkcs1Verify(key, 'sha256', bytes(digest), bytes(sig)));
  });
}

test('the size table lists every profile with its runtime and features', (t) => {
  const table = JSON.parse(readFileSync(path.join(root, 'dist/size.json'), 'utf8'));
  for (const [name, p] of Object.entries(boards)) {
    const row = table.bundles.find((r) => r.board === name);
    t.truthy(row, name);
    t.is(row.runtime, p.runtime);
    t.is(row.features === 'all' ? Object.keys(FEATURES).length : row.features.split(' ').length, featuresOf(p).length);
  }
  // Leaving features out makes the bundle smaller than the generic one.
  const size = (n) => table.bundles.find((r) => r.board === n).bytes;
  t.true(size('esp32') < size('generic'));
  t.true(size('esp32') < size('esp32s3'));
});

test('the esp32 Espruino bundle and its family fit the 60 KB device target, minified', (t) => {
  // 60,000 bytes: the figure the device target asks of the esp32 bundle (a TLS 1.3 client with
  // X25519 and P-256, AES-GCM and ChaCha20-Poly1305 and X.509); the same family must fit too.
  for (const b of ['esp32', 'esp32c3', 'esp32s3', 'espruino-linux']) {
    const bytes = readFileSync(path.join(root, 'dist', b, 'microtls.js')).length;
    t.true(bytes < 60000, `${b}: ${bytes} bytes`);
  }
});

test("boardHas('feature') folds to a constant in device bundles, so left-out branches are gone", (t) => {
  // hal/espruino/index.ts: listen() is behind boardHas('server'); the esp32 profile has no server.
  t.false(featuresOf(boards.esp32).includes('server'));
  const code = readFileSync(path.join(root, 'dist/esp32/microtls.js'), 'utf8');
  t.true(code.includes('"a server"'));
  t.false(code.includes('cannot listen on port'));
  // The /dev/urandom reader is behind boardHas('urandom'): only espruino-linux reads it.
  t.false(code.includes('/dev/urandom'));
  t.true(readFileSync(path.join(root, 'dist/espruino-linux/microtls.js'), 'utf8').includes('/dev/urandom'));
});
