// TLS 1.2 through the CLI against real peers (issue 5): `microtls connect --tls 1.2 --suites`
// and `microtls serve --tls 1.2` with --trace naming each step and --keylog's CLIENT_RANDOM lines
// decrypting a capture in tshark (an independent check of the TLS 1.2 key schedule); and
// renegotiation attempts by openssl refused in both roles.
import test from 'ava';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { makePki } from './helpers/certs.mjs';
import { opensslServer, runClient, spawnPeer, servePort } from './helpers/peers.mjs';
import { pcapProxy, tsharkDecrypt } from './helpers/pcap-proxy.mjs';
import { microtlsClient, microtlsServer, hal } from './helpers/interop.mjs';
import { OPENSSL12 } from './helpers/interop12.mjs';

const root = path.resolve(import.meta.dirname, '..');
const bin = path.join(root, 'bin/microtls.mjs');
const pki = makePki(['ecdsa', 'rsa']);
test.after.always(() => pki.cleanup());

function microtls(t, args, opts) {
  return runClient(t, process.execPath, [bin, ...args], { timeoutMs: 60000, ...opts });
}

const STEPS = ['client hello', 'server hello', 'certificate check', 'premaster secret', 'session keys', 'finished'];

for (const suite of ['TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256', 'TLS_RSA_WITH_AES_128_CBC_SHA']) {
  test(`connect --tls 1.2 --suites ${suite} --keylog --trace: tshark decrypts the capture`, async (t) => {
    const srv = await opensslServer(t, ['-tls1_2', '-cipher', OPENSSL12[suite], '-cert', pki.rsa.cert, '-key', pki.rsa.key]);
    const proxy = await pcapProxy(t, srv.port);
    const keylog = path.join(pki.dir, `keylog-${crypto.randomBytes(4).toString('hex')}.txt`);
    const secret = 'cli12-secret-' + crypto.randomBytes(6).toString('hex');
    const p = microtls(t, ['connect', `127.0.0.1:${proxy.port}`, '--ca', pki.rsa.ca, '--servername', 'localhost', '--tls', '1.2',
      '--suites', suite, '--keylog', keylog, '--trace'], { input: secret + '\n', holdMs: 60000 });
    await srv.waitFor(new RegExp(secret), 40000);
    srv.write('answer-from-openssl\n');
    await new Promise((r) => setTimeout(r, 300));
    srv.write('Q\n');
    const r = await p;
    t.regex(r.stdout, /answer-from-openssl/);
    for (const s of STEPS) t.regex(r.stderr, new RegExp(`ms [<>=] ${s}`), `--trace names ${s}\n${r.stderr}`);
    t.regex(r.stderr, new RegExp(`TLSv1.2 ${suite}`));
    const lines = readFileSync(keylog, 'utf8').trim().split('\n');
    t.is(lines.length, 1);
    t.regex(lines[0], /^CLIENT_RANDOM [0-9a-f]{64} [0-9a-f]{96}$/);
    const pcap = path.join(pki.dir, `cli12-${crypto.randomBytes(4).toString('hex')}.pcap`);
    proxy.save(pcap);
    const d = tsharkDecrypt(pcap, keylog);
    t.regex(d.text, new RegExp(secret), d.stdout + d.stderr);
    t.regex(d.text, /answer-from-openssl/);
  });
}

test('serve --tls 1.2 --keylog: tshark decrypts a session openssl s_client had with it', async (t) => {
  const keylog = path.join(pki.dir, 'serve12-keylog.txt');
  const srv = spawnPeer(t, process.execPath, [bin, 'serve', '--port', '0', '--cert', pki.ecdsa.cert, '--key', pki.ecdsa.key,
    '--echo', '--tls', '1.2', '--keylog', keylog, '--trace']);
  const port = await servePort(srv);
  const proxy = await pcapProxy(t, port);
  const secret = 'to-the-1.2-server-' + crypto.randomBytes(6).toString('hex');
  const r = await runClient(t, 'openssl', ['s_client', '-connect', `127.0.0.1:${proxy.port}`, '-CAfile', pki.ecdsa.ca,
    '-servername', 'localhost', '-verify_return_error'], { input: secret + '\n', until: new RegExp(secret) });
  t.regex(r.stdout, /New, TLSv1.2, Cipher is ECDHE-ECDSA-AES128-GCM-SHA256/);
  await srv.waitFor(/< close_notify|client 1: /);
  await new Promise((res) => setTimeout(res, 200));
  const pcap = path.join(pki.dir, 'serve12.pcap');
  proxy.save(pcap);
  const d = tsharkDecrypt(pcap, keylog);
  t.regex(d.text, new RegExp(`${secret}[\\s\\S]*${secret}`), d.stdout + d.stderr);
  for (const s of ['client hello', 'server hello', 'premaster secret', 'session keys', 'finished']) {
    t.regex(srv.err(), new RegExp(`ms [<>=] ${s}`), `--trace names ${s}`);
  }
  srv.kill();
});

test('openssl s_client renegotiates (R): microtls serve refuses with no_renegotiation', async (t) => {
  const srv = await microtlsServer(t, { hal, tls: '1.2', cert: pki.text(pki.ecdsa.cert), key: pki.text(pki.ecdsa.key) });
  const p = spawnPeer(t, 'openssl', ['s_client', '-connect', `127.0.0.1:${srv.port}`, '-tls1_2']);
  p.write('before\n');
  await p.waitFor(/before/);
  p.write('R\n');
  await p.exited;
  t.regex(p.out() + p.err(), /RENEGOTIATING/);
  t.regex(p.out() + p.err(), /no renegotiation/);
  t.true(srv.errors.some((e) => /no_renegotiation \(100\) sent: renegotiation is refused/.test(e)), srv.errors.join('\n'));
});

test('openssl s_server asks for renegotiation (r): the microtls client answers no_renegotiation', async (t) => {
  // openssl then gives up on the connection with handshake_failure: a typed error here
  const srv = await opensslServer(t, ['-tls1_2', '-cert', pki.ecdsa.cert, '-key', pki.ecdsa.key]);
  const steps = [];
  const answered = srv.waitFor(/first/).then(() => srv.write('answer-1\n'));
  const e = await t.throwsAsync(microtlsClient(t, srv.port, { hal, tls: '1.2', insecure: true, onStep: (s) => steps.push(s.name) },
    'first\n', /answer-1/, {
      between: async (s) => {
        srv.write('r\n');
        await new Promise((x) => setTimeout(x, 1000));
      },
    }));
  await answered;
  t.is(e.name, 'TlsError');
  t.is(e.alert, 40);
  t.regex(steps.join(', '), /connected, hello request, alert no_renegotiation/);
});
