// `microtls connect` and `microtls serve` as a user runs them: argument checks, the one-line
// errors and exit codes that do not need a handshake. Handshakes through the CLI against real
// peers are in cli-connect-interop.test.mjs.
import test from 'ava';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { makePki } from './helpers/certs.mjs';
import { freePort } from './helpers/peers.mjs';

const root = path.resolve(import.meta.dirname, '..');
const bin = path.join(root, 'bin/microtls.mjs');
const pki = makePki(['ecdsa']);
test.after.always(() => pki.cleanup());

function microtls(args, input = '') {
  return spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', input, timeout: 20000 });
}

function oneStderrLine(t, r) {
  const lines = r.stderr.trim().split('\n');
  t.is(lines.length, 1, r.stderr);
  return lines[0];
}

test('connect: usage errors exit 2 with one line', (t) => {
  for (const [args, re] of [
    [['connect'], /connect needs exactly one HOST:PORT/],
    [['connect', 'localhost'], /connect needs HOST:PORT, not localhost/],
    [['connect', 'localhost:99999'], /connect needs HOST:PORT/],
    [['connect', 'localhost:443', '--tls', '1.1'], /--tls takes 1.3 or 1.2, not 1.1/],
    [['connect', 'localhost:443', '--cert', 'x.pem'], /--cert and --key go together/],
    [['connect', 'localhost:443', '--psk-identity', 'a', '--psk', 'xyz'], /--psk takes the key in hex/],
    [['connect', 'localhost:443', '--psk-modes', 'psk_ke,psk_rsa'], /--psk-modes takes a list of psk_ke and psk_dhe_ke, not psk_ke,psk_rsa/],
    [['connect', 'localhost:443', '--ca', '/nonexistent/ca.pem'], /cannot read --ca \/nonexistent\/ca.pem: ENOENT/],
    [['connect', 'localhost:443', '--bogus'], /Unknown option '--bogus'/],
    [['connect', 'localhost:443', '--board', 'toaster'], /unknown board toaster; one of .*generic/],
    [['connect', 'localhost:443', '--max-record-size', '20000'], /--max-record-size takes 64..16384/],
  ]) {
    const r = microtls(args);
    t.is(r.status, 2, args.join(' '));
    t.regex(oneStderrLine(t, r), re);
    t.is(r.stdout, '');
  }
});

test('connect: an unknown engine, or a host-only flag with a device engine, is a usage error', (t) => {
  let r = microtls(['connect', '127.0.0.1:443', '--engine', 'duktape']);
  t.is(r.status, 2);
  t.is(oneStderrLine(t, r), 'microtls connect: --engine takes node, quickjs or espruino, not duktape');
  for (const engine of ['quickjs', 'espruino']) {
    r = microtls(['connect', '127.0.0.1:443', '--engine', engine, '--tls', '1.2']);
    t.is(r.status, 2);
    t.is(oneStderrLine(t, r), `microtls connect: --tls is not available with --engine ${engine} yet`);
  }
  // A board another runtime runs is refused by name.
  r = microtls(['connect', '127.0.0.1:443', '--engine', 'quickjs', '--board', 'esp32-jerryscript']);
  t.is(r.status, 1);
  t.regex(oneStderrLine(t, r), /^microtls connect: board esp32-jerryscript runs jerryscript/);
});

test('connect: a refused connection exits 1 with one line naming it', async (t) => {
  const port = await freePort();
  const r = microtls(['connect', `127.0.0.1:${port}`, '--insecure']);
  t.is(r.status, 1);
  t.is(oneStderrLine(t, r), `microtls connect: cannot connect to 127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}`);
});

test('serve: usage errors exit 2 with one line', (t) => {
  for (const [args, re] of [
    [['serve', '--cert', pki.ecdsa.cert, '--key', pki.ecdsa.key], /serve needs --port N/],
    [['serve', '--port', '0'], /serve needs --cert and --key, or --psk-identity and --psk/],
    [['serve', '--port', '0', '--cert', pki.ecdsa.cert, '--key', pki.ecdsa.key, '--http', '--echo'], /--http and --echo exclude each other/],
    [['serve', '--port', '0', '--cert', pki.ecdsa.cert, '--key', pki.ecdsa.key, '--require-client-cert'], /--require-client-cert needs --ca/],
  ]) {
    const r = microtls(args);
    t.is(r.status, 2, args.join(' ') + r.stderr);
    t.regex(oneStderrLine(t, r), re);
  }
});

test('serve: a key file that holds no key exits 1 with one line', (t) => {
  const r = microtls(['serve', '--port', '0', '--cert', pki.ecdsa.cert, '--key', pki.ecdsa.cert]);
  t.is(r.status, 1);
  t.regex(oneStderrLine(t, r), /^microtls serve: .*(key|PEM)/i);
});
