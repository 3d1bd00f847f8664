// The board bundles making real TLS 1.3 connections the way a device does, against openssl
// s_server: the esp32 bundle in the emulator (QuickJS under the esp32 RAM budget, its Espruino
// backend over the emulated RNG register and accelerators), and with ESPRUINO set the
// espruino-linux bundle in Espruino itself; and `microtls connect --engine quickjs`, the CLI path
// to the same. Expects `npm run build`.
import test from 'ava';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import crypto from 'node:crypto';
import { PassThrough } from 'node:stream';
import { runConnect as inQuickJS } from '../tools/runtime/quickjs.mjs';
import { runConnect as inEspruino } from '../tools/runtime/espruino.mjs';
import { makeCertificates, start } from '../tools/start.mjs';
import { loadBoards } from '../tools/boards.mjs';
import { opensslServer } from './helpers/peers.mjs';

const root = path.resolve(import.meta.dirname, '..');

function hasConnect(board) {
  try {
    const context = vm.createContext({});
    vm.runInContext(readFileSync(path.join(root, 'dist', board, 'microtls.js'), 'utf8'), context);
    return typeof context.microtls.connect === 'function';
  } catch (e) {
    return false;
  }
}

/** openssl s_server -www on a port the system picks; resolves to the port once it accepts. */
async function sServer(t, args) {
  return (await opensslServer(t, ['-tls1_3', '-www', ...args])).port;
}

function sink() {
  const chunks = [];
  return { write: (b) => { chunks.push(Buffer.from(b)); return true; }, text: () => Buffer.concat(chunks).toString('latin1') };
}

async function fetchOver(run, t, options) {
  const stdin = new PassThrough();
  stdin.write('GET / HTTP/1.0\r\n\r\n');
  t.teardown(() => stdin.destroy());
  const stdout = sink();
  const stderr = sink();
  const r = await run({ host: '127.0.0.1', trace: true, stdin, stdout, stderr, timeoutMs: 600000, ...options });
  return { r, body: stdout.text(), log: stderr.text() };
}

const PSK = { identity: 'device1', key: crypto.randomBytes(32).toString('hex') };

test('every device bundle carries connect()', (t) => {
  for (const board of ['esp32', 'esp32c3', 'esp32s3', 'espruino-linux', 'esp32-jerryscript', 'emulator']) t.true(hasConnect(board), board);
});

{
  test('quickjs --board esp32: TLS 1.3 with a certificate checked against a CA, from openssl s_server', async (t) => {
    const certs = makeCertificates();
    const dir = path.join(root, 'dist', '.tls-test');
    const { mkdirSync, writeFileSync } = await import('node:fs');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'server.pem'), certs.cert);
    writeFileSync(path.join(dir, 'server.key'), certs.key);
    const port = await sServer(t, ['-cert', path.join(dir, 'server.pem'), '-key', path.join(dir, 'server.key')]);
    const { r, body, log } = await fetchOver(inQuickJS, t, { board: 'esp32', port, servername: 'localhost', ca: certs.ca });
    t.is(r.code, 0, log);
    t.is(r.info.version, 'TLSv1.3');
    t.false(r.info.resumed);
    t.regex(body, /^HTTP\/1\.0 200 ok/);
    const names = r.steps.map((s) => s.name);
    for (const n of ['client hello', 'server hello', 'certificate', 'certificate verify', 'finished']) t.true(names.includes(n), n);
    t.true(r.peak > 0 && r.peak <= loadBoards().esp32.ramBudget);
    // The randomness came from the emulated RNG register.
    t.true(r.counters.rngWords >= 8);
  });

  test('quickjs --board esp32: a certificate from another CA is refused with an alert', async (t) => {
    const certs = makeCertificates();
    const other = makeCertificates();
    const dir = path.join(root, 'dist', '.tls-test');
    const { mkdirSync, writeFileSync } = await import('node:fs');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'bad.pem'), certs.cert);
    writeFileSync(path.join(dir, 'bad.key'), certs.key);
    const port = await sServer(t, ['-cert', path.join(dir, 'bad.pem'), '-key', path.join(dir, 'bad.key')]);
    const { r, log } = await fetchOver(inQuickJS, t, { board: 'esp32', port, servername: 'localhost', ca: other.ca });
    t.is(r.code, 1);
    t.regex(log, /microtls connect: .*\(\d+\) sent/);
  });

  test('quickjs --board esp32: PSK-only (psk_ke) TLS 1.3 with openssl s_server', async (t) => {
    const port = await sServer(t, ['-nocert', '-psk_identity', PSK.identity, '-psk', PSK.key, '-allow_no_dhe_kex']);
    const { r, body, log } = await fetchOver(inQuickJS, t, { board: 'esp32', port, psk: PSK, pskModes: ['psk_ke'] });
    t.is(r.code, 0, log);
    t.true(r.info.resumed);
    t.is(r.info.group, null);
    t.regex(body, /^HTTP\/1\.0 200 ok/);
  });

  test('tools/start.mjs: the emulated esp32 fetches the local HTTPS page with certificate checks', async (t) => {
    const lines = [];
    const code = await start({ out: (l) => lines.push(l) });
    t.is(code, 0, lines.join('\n'));
    t.true(lines.some((l) => /> client hello \(\d+ bytes\) {2}\[RAM \d+ bytes\]/.test(l)));
    t.true(lines.some((l) => l.includes('Hello, ESP32')));
  });

  test('microtls connect --engine quickjs --board esp32 --ca: the CLI runs the board bundle in the emulator', async (t) => {
    const certs = makeCertificates();
    const dir = path.join(root, 'dist', '.tls-test');
    const { mkdirSync, writeFileSync } = await import('node:fs');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'cli.pem'), certs.cert);
    writeFileSync(path.join(dir, 'cli.key'), certs.key);
    writeFileSync(path.join(dir, 'cli-ca.pem'), certs.ca);
    const port = await sServer(t, ['-cert', path.join(dir, 'cli.pem'), '-key', path.join(dir, 'cli.key')]);
    const child = spawn(process.execPath, [path.join(root, 'bin', 'microtls.mjs'), 'connect', `127.0.0.1:${port}`,
      '--engine', 'quickjs', '--board', 'esp32', '--servername', 'localhost', '--ca', path.join(dir, 'cli-ca.pem'), '--trace'],
    { stdio: ['pipe', 'pipe', 'pipe'] });
    t.teardown(() => child.kill());
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    child.stdin.end('GET / HTTP/1.0\r\n\r\n');
    const code = await new Promise((r) => child.on('close', r));
    t.is(code, 0, err);
    t.regex(out, /^HTTP\/1\.0 200 ok/);
    t.regex(err, /certificate verify/);
    t.regex(err, /board esp32 in QuickJS: peak \d+ bytes/);
  });
}

if (process.env.ESPRUINO) {
  test('espruino --board espruino-linux: PSK-only TLS 1.3 with openssl s_server, memory per step', async (t) => {
    const port = await sServer(t, ['-nocert', '-psk_identity', PSK.identity, '-psk', PSK.key, '-allow_no_dhe_kex']);
    const { r, body, log } = await fetchOver(inEspruino, t, { board: 'espruino-linux', port, psk: PSK, pskModes: ['psk_ke'] });
    t.is(r.code, 0, log);
    t.true(r.info.resumed);
    t.regex(body, /^HTTP\/1\.0 200 ok/);
    for (const s of r.steps) t.true(s.vars > 0 && s.vars < 16383, `${s.name}: ${s.vars} vars`);
  });
}
