// The JerryScript backend on the `jerry` command-line tool (local only: JERRY names a build of
// JerryScript 3.0). jerry has no sockets, timers or RNG: the test stands in for a firmware by
// defining `microtls_native` before the bundle (hal/jerryscript/NATIVES.md), and the loopback
// network carries connections between two ends inside the VM. Registers only when JERRY is set.
import test from 'ava';
import crypto from 'node:crypto';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { runInEngine } from '../tools/engines/index.mjs';

const root = path.resolve(import.meta.dirname, '..');

// The firmware's RNG stands in as bytes the host drew, handed out in order.
const natives = (seed) => `var microtls_native = (function () {
    var pool = ${JSON.stringify([...seed])}, at = 0;
    return { random: function (out) { for (var i = 0; i < out.length; i++) out[i] = pool[at++ % pool.length]; } };
  })();\n`;

// Always: NATIVES.md documents every member of the natives interface the backend reads.
test('NATIVES.md documents every member of JerryNatives', (t) => {
  const src = readFileSync(path.join(root, 'hal', 'jerryscript', 'index.ts'), 'utf8');
  const body = /export interface JerryNatives \{([\s\S]*?)\n\}/.exec(src)[1];
  const members = [...body.matchAll(/^  (\w+)\?:/gm)].map((m) => m[1]);
  t.true(members.length >= 8);
  const doc = readFileSync(path.join(root, 'hal', 'jerryscript', 'NATIVES.md'), 'utf8');
  for (const m of members) t.regex(doc, new RegExp('^\\| `' + m + '` \\|', 'm'), m);
});

if (process.env.JERRY) {
  const bundle = () => readFileSync(path.join(root, 'dist', 'esp32-jerryscript', 'microtls.js'), 'utf8');

  test('jerryscript: loopback connections carry bytes both ways and close both ends', async (t) => {
    const payload = crypto.randomBytes(5000);
    const code = natives(crypto.randomBytes(64)) + bundle() + `
      var hal = microtls.createHal({ loopback: true });
      var data = microtls.fromHex('${payload.toString('hex')}');
      var serverGot = 0, clientGot = '', n = 0;
      hal.net.listen(8443, function (s) {
        s.onData(function (d) { serverGot += d.length; s.write(d); });
        s.onClose(function (e) { print('server closed ' + e); });
      }, function (port) { print('listening ' + port); }, function (e) { print('listen error ' + e); });
      hal.net.connect('device.local', 8443, function (s) {
        s.onData(function (d) { clientGot += microtls.toHex(d); n += d.length; if (n >= data.length) s.end(); });
        s.onClose(function (e) { print('client closed ' + e); });
        s.write(data.subarray(0, 100));
        s.write(data.subarray(100));
      }, function (e) { print('connect error ' + e); });
      hal.net.connect('device.local', 9999, function () { print('connected?'); }, function (e) { print('refused ' + e); });
      print('events ' + hal.pump());
      print('echo ' + clientGot);
      print('server got ' + serverGot);
      print(hal.name);
      print('1 passed, 0 failed');
    `;
    const r = await runInEngine('jerryscript', code, { timeoutMs: 60000 });
    t.is(r.exitCode, 0, r.stderr);
    const out = r.stdout.split('\n');
    t.true(out.includes('listening 8443'));
    t.is(out.find((l) => l.startsWith('echo ')).slice(5), payload.toString('hex'));
    t.true(out.includes('server got 5000'));
    t.true(out.includes('client closed null'));
    t.true(out.includes('server closed null'));
    t.true(out.includes('refused cannot connect to device.local:9999: nothing listens there (loopback network)'));
    t.false(out.includes('connected?'));
    t.true(out.includes('jerryscript (esp32-jerryscript, loopback)'));
  });

  test('jerryscript: the RNG comes from the natives, and without one createHal refuses', async (t) => {
    const seed = crypto.randomBytes(48);
    const code = natives(seed) + bundle() + `
      var r = new Uint8Array(48);
      microtls.createHal({ loopback: true }).random.fill(r);
      print('rand ' + microtls.toHex(r));
      microtls_native = {};
      try { microtls.createHal({ loopback: true }); print('no error'); } catch (e) { print(e.name + ' ' + e.code + ': ' + e.message); }
      microtls_native = { peek32: function (a) { return a === 0x3FF75144 ? 0x01020304 : 0; } };
      try { var q = new Uint8Array(8); microtls.createHal().random.fill(q); print('peek ' + microtls.toHex(q)); } catch (e) { print('peek error ' + e.code); }
      print('1 passed, 0 failed');
    `;
    const r = await runInEngine('jerryscript', code, { timeoutMs: 60000 });
    const out = r.stdout.split('\n');
    t.is(out.find((l) => l.startsWith('rand ')).slice(5), seed.toString('hex'));
    t.true(out.includes('TlsError rng_failure: microtls_native has neither random nor peek32: no RNG on this firmware'), r.stdout);
    // A register that repeats its word is refused, as on Espruino.
    t.true(out.includes('peek error rng_failure'), r.stdout);
  });
}

// A whole TLS 1.3 handshake inside the jerry tool: client and server of the esp32s3-jerryscript
// bundle (which keeps the server) over the loopback network. Registers once the bundle carries
// connect() and createServer().
function bundleHas(board, names) {
  const text = readFileSync(path.join(root, 'dist', board, 'microtls.js'), 'utf8');
  const context = vm.createContext({});
  try { vm.runInContext(text, context); } catch (e) { return false; }
  return names.every((n) => typeof context.microtls[n] === 'function');
}

if (process.env.JERRY && bundleHas('esp32s3-jerryscript', ['connect', 'createServer', 'createEngine'])) {
  const handshake = (options) => `
      var hal = microtls.createHal({ loopback: true });
      var common = ${options};
      function opts(extra) { var o = { hal: hal, createEngine: microtls.createEngine }; for (var k in common) o[k] = common[k]; for (var j in extra) o[j] = extra[j]; return o; }
      var srv = microtls.createServer(opts(common.server || {}), function (s) {
        s.on('data', function (d) { s.write(d); s.end(); });
      });
      srv.on('tlsClientError', function (e) { print('server error ' + e.message); });
      srv.listen(8443);
      var got = '';
      var t0 = Date.now();
      var c = microtls.connect(opts({ host: 'device.local', port: 8443 }), function () {
        var i = c.info();
        print('secure ' + i.version + ' ' + i.suite + ' ' + i.group + ' ' + i.resumed + ' ' + (Date.now() - t0) + ' ms');
        c.write('ping from jerry');
      });
      c.on('data', function (d) { for (var i = 0; i < d.length; i++) got += String.fromCharCode(d[i]); });
      c.on('error', function (e) { print('client error ' + e.message); });
      c.on('close', function () { print('echo ' + got); srv.close(); });
      var n = hal.pump();
      print('events ' + n);
      print('1 passed, 0 failed');
  `;

  test('jerryscript: a PSK-only TLS 1.3 handshake between two ends inside jerry', async (t) => {
    const key = crypto.randomBytes(32).toString('hex');
    const code = natives(crypto.randomBytes(4096)) + readFileSync(path.join(root, 'dist', 'esp32s3-jerryscript', 'microtls.js'), 'utf8') +
      handshake(`{ psk: { identity: 'device1', key: '${key}' }, pskModes: ['psk_ke'] }`);
    const r = await runInEngine('jerryscript', code, { timeoutMs: 120000 });
    t.is(r.exitCode, 0, r.stderr + r.stdout);
    t.regex(r.stdout, /^secure TLSv1\.3 TLS_AES_128_GCM_SHA256 null true \d+ ms$/m);
    t.regex(r.stdout, /^echo ping from jerry$/m);
  });

  test('jerryscript: a certificate (ECDSA P-256, X25519) TLS 1.3 handshake between two ends inside jerry', async (t) => {
    const k = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const keyPem = k.privateKey.export({ format: 'pem', type: 'pkcs8' });
    const dir = mkdtempSync(path.join(tmpdir(), 'microtls-jerry-'));
    t.teardown(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(path.join(dir, 'k.pem'), keyPem);
    const r0 = spawnSync('openssl', ['req', '-x509', '-new', '-key', 'k.pem', '-subj', '/CN=device.local', '-days', '30',
      '-addext', 'subjectAltName=DNS:device.local', '-out', 'c.pem'], { cwd: dir, encoding: 'utf8' });
    t.is(r0.status, 0, r0.stderr);
    const certPem = readFileSync(path.join(dir, 'c.pem'), 'utf8');
    const code = natives(crypto.randomBytes(4096)) + readFileSync(path.join(root, 'dist', 'esp32s3-jerryscript', 'microtls.js'), 'utf8') +
      handshake(`{ insecure: true, server: { cert: ${JSON.stringify(certPem)}, key: ${JSON.stringify(keyPem)} } }`);
    const r = await runInEngine('jerryscript', code, { timeoutMs: 300000 });
    t.is(r.exitCode, 0, r.stderr + r.stdout);
    t.regex(r.stdout, /^secure TLSv1\.3 \S+ x25519 false \d+ ms$/m);
    t.regex(r.stdout, /^echo ping from jerry$/m);
  });
}
