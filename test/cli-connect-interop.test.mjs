// `microtls connect` and `microtls serve` against real peers, as a user runs them: stdin to the
// peer, the peer's data to stdout, exit codes, --trace, --alpn, and --keylog checked by tshark
// decrypting a capture of the session.
import test from 'ava';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import net from 'node:net';
import { makePki } from './helpers/certs.mjs';
import { opensslServer, nodeTlsServer, runClient, spawnPeer, servePort } from './helpers/peers.mjs';
import { pcapProxy, tsharkDecrypt } from './helpers/pcap-proxy.mjs';

const root = path.resolve(import.meta.dirname, '..');
const bin = path.join(root, 'bin/microtls.mjs');
const pki = makePki(['ecdsa', 'rsa']);
test.after.always(() => pki.cleanup());

/** Runs `microtls args` with `input` on stdin (kept open until `until` shows or `holdMs`); { code, stdout, stderr }. */
function microtls(t, args, { input = '', holdMs = 0, until = null, timeoutMs = 20000 } = {}) {
  return runClient(t, process.execPath, [bin, ...args], { input, holdMs, until, timeoutMs });
}

// microtls checks the server against the test CA.
const TRUST = (type) => ['--ca', pki[type].ca, '--servername', 'localhost'];

test('connect: stdin reaches the peer, its answer reaches stdout, exit 0 after its close_notify', async (t) => {
  // node:tls sends close_notify on end(); openssl s_server's q/Q commands close without one.
  const got = [];
  const { port } = await nodeTlsServer(t, { cert: readFileSync(pki.ecdsa.cert), key: readFileSync(pki.ecdsa.key) }, (s) => {
    s.on('data', (d) => { got.push(String(d)); if (got.join('').includes('\n')) s.end('answer-from-node\n'); });
  });
  const line = 'hello-' + crypto.randomBytes(6).toString('hex');
  const r = await microtls(t, ['connect', `127.0.0.1:${port}`, ...TRUST('ecdsa'), '--trace'],
    { input: line + '\n', holdMs: 60000 });
  t.is(r.code, 0, r.stderr);
  t.is(got.join(''), line + '\n');
  t.is(r.stdout, 'answer-from-node\n');
  for (const step of ['client hello', 'server hello', 'certificate', 'certificate verify', 'finished', 'close_notify']) {
    t.regex(r.stderr, new RegExp(`ms [<>=] ${step}`), `--trace names ${step}`);
  }
  t.regex(r.stderr, /ms > client hello \(\d+ bytes\)/);
  t.regex(r.stderr, /ms < close_notify/);
});

test('connect: a peer that closes without close_notify exits 1 with one line', async (t) => {
  const srv = await opensslServer(t, ['-cert', pki.ecdsa.cert, '-key', pki.ecdsa.key]);
  const p = microtls(t, ['connect', `127.0.0.1:${srv.port}`, ...TRUST('ecdsa')], { input: 'ping\n', holdMs: 60000 });
  await srv.waitFor(/ping/);
  srv.write('Q\n');
  const r = await p;
  t.is(r.code, 1);
  t.is(r.stderr.trim(), 'microtls connect: connection closed by the peer without close_notify');
});

test('connect: end of input sends close_notify and exits 0', async (t) => {
  const srv = await opensslServer(t, ['-cert', pki.ecdsa.cert, '-key', pki.ecdsa.key]);
  const r = await microtls(t, ['connect', `127.0.0.1:${srv.port}`, ...TRUST('ecdsa')], { input: 'bye\n' });
  t.is(r.code, 0, r.stderr);
  await srv.waitFor(/bye/);
});

test('connect: an alert from the peer exits 1 with one line naming it', async (t) => {
  // The server offers only a suite microtls was told not to use.
  const srv = await opensslServer(t, ['-cert', pki.ecdsa.cert, '-key', pki.ecdsa.key, '-ciphersuites', 'TLS_AES_256_GCM_SHA384']);
  const r = await microtls(t, ['connect', `127.0.0.1:${srv.port}`, ...TRUST('ecdsa'), '--suites', 'TLS_AES_128_GCM_SHA256']);
  t.is(r.code, 1);
  const lines = r.stderr.trim().split('\n');
  t.is(lines.length, 1, r.stderr);
  t.regex(lines[0], /^microtls connect: handshake_failure \(40\) received/);
});

test('connect: a certificate from another CA, or for another name, exits 1 with one line naming the alert', async (t) => {
  const srv = await opensslServer(t, ['-cert', pki.ecdsa.cert, '-key', pki.ecdsa.key]);
  const other = await microtls(t, ['connect', `127.0.0.1:${srv.port}`, ...TRUST('rsa')], { input: 'x\n' });
  t.is(other.code, 1);
  t.regex(other.stderr.trim(), /^microtls connect: unknown_ca \(48\) sent: [^\n]+$/);
  const name = await microtls(t, ['connect', `127.0.0.1:${srv.port}`, '--ca', pki.ecdsa.ca, '--servername', 'other.example'], { input: 'x\n' });
  t.is(name.code, 1);
  t.regex(name.stderr.trim(), /^microtls connect: bad_certificate \(42\) sent: [^\n]*other\.example[^\n]*$/);
  const none = await microtls(t, ['connect', `127.0.0.1:${srv.port}`], { input: 'x\n' });
  t.is(none.code, 1);
  t.regex(none.stderr.trim(), /^microtls connect: certificate_unknown \(46\) sent: no trust anchors/);
});

test('serve --require-client-cert: a client without a certificate, or with one from another CA, is refused', async (t) => {
  const srv = spawnPeer(t, process.execPath, [bin, 'serve', '--port', '0', '--cert', pki.ecdsa.cert, '--key', pki.ecdsa.key, '--echo',
    '--ca', pki.ecdsa.ca, '--require-client-cert']);
  const port = await servePort(srv);
  const base = ['s_client', '-connect', `127.0.0.1:${port}`, '-CAfile', pki.ecdsa.ca, '-servername', 'localhost'];
  const ok = await runClient(t, 'openssl', [...base, '-cert', pki.ecdsa.clientCert, '-key', pki.ecdsa.clientKey], { input: 'with-cert\n', until: /with-cert/ });
  t.regex(ok.stdout, /with-cert/);
  await runClient(t, 'openssl', base, { input: 'without\n', holdMs: 1500 });
  await srv.waitFor(/handshake failed: certificate_required \(116\) sent/);
  await runClient(t, 'openssl', [...base, '-cert', pki.rsa.clientCert, '-key', pki.rsa.clientKey], { input: 'other-ca\n', holdMs: 1500 });
  await srv.waitFor(/handshake failed: unknown_ca \(48\) sent/);
  t.notRegex(srv.out(), /without|other-ca/);
  srv.kill();
});

test('connect: a peer that hangs up during the handshake exits 1 with one line', async (t) => {
  const seen = [];
  const plain = net.createServer((s) => { s.once('data', (d) => { seen.push(d); s.end(); }); });
  await new Promise((r) => plain.listen(0, '127.0.0.1', r));
  t.teardown(() => plain.close());
  const r = await microtls(t, ['connect', `127.0.0.1:${plain.address().port}`, '--insecure'], { holdMs: 10000 });
  t.is(r.code, 1);
  t.regex(r.stderr.trim(), /^microtls connect: connection closed by the peer during the handshake$/);
  t.is(seen[0][0], 22, 'a handshake record came first');
});

test('connect: a peer that is not TLS gets an alert and exit 1 with one line, no hang', async (t) => {
  const plain = net.createServer((s) => { s.on('data', () => {}); s.write('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n'); });
  await new Promise((r) => plain.listen(0, '127.0.0.1', r));
  t.teardown(() => plain.close());
  const r = await microtls(t, ['connect', `127.0.0.1:${plain.address().port}`, '--insecure'], { holdMs: 10000 });
  t.is(r.code, 1);
  t.regex(r.stderr.trim(), /^microtls connect: [a-z_]+ \(\d+\) sent: [^\n]+$/);
});

test('connect: --alpn, --suites and --groups reach the peer', async (t) => {
  const srv = await opensslServer(t, ['-cert', pki.rsa.cert, '-key', pki.rsa.key, '-alpn', 'http/1.1']);
  const p = microtls(t, ['connect', `127.0.0.1:${srv.port}`, ...TRUST('rsa'), '--alpn', 'h2,http/1.1',
    '--suites', 'TLS_CHACHA20_POLY1305_SHA256', '--groups', 'secp256r1', '--trace'], { input: 'x\n', holdMs: 2000 });
  await srv.waitFor(/CIPHER is TLS_CHACHA20_POLY1305_SHA256/);
  const r = await p;
  t.is(r.code, 0, r.stderr);
  t.regex(r.stderr, /TLSv1.3 TLS_CHACHA20_POLY1305_SHA256 secp256r1 alpn http\/1.1/);
});

test('connect --keylog: tshark decrypts the captured session with the key log', async (t) => {
  const srv = await opensslServer(t, ['-cert', pki.ecdsa.cert, '-key', pki.ecdsa.key]);
  const proxy = await pcapProxy(t, srv.port);
  const keylog = path.join(pki.dir, 'cli-keylog.txt');
  const secret = 'cli-secret-' + crypto.randomBytes(6).toString('hex');
  const p = microtls(t, ['connect', `127.0.0.1:${proxy.port}`, ...TRUST('ecdsa'), '--keylog', keylog], { input: secret + '\n', holdMs: 60000 });
  await srv.waitFor(new RegExp(secret));
  srv.write('server-secret-answer\n');
  await new Promise((r) => setTimeout(r, 300));
  srv.write('Q\n');
  await p;
  const lines = readFileSync(keylog, 'utf8').trim().split('\n');
  for (const l of lines) t.regex(l, /^(CLIENT_HANDSHAKE_TRAFFIC_SECRET|SERVER_HANDSHAKE_TRAFFIC_SECRET|CLIENT_TRAFFIC_SECRET_0|SERVER_TRAFFIC_SECRET_0|EXPORTER_SECRET) [0-9a-f]{64} [0-9a-f]{64}$/);
  for (const label of ['CLIENT_HANDSHAKE_TRAFFIC_SECRET', 'SERVER_HANDSHAKE_TRAFFIC_SECRET', 'CLIENT_TRAFFIC_SECRET_0', 'SERVER_TRAFFIC_SECRET_0']) {
    t.true(lines.some((l) => l.startsWith(label + ' ')), label);
  }
  const pcap = path.join(pki.dir, 'cli.pcap');
  proxy.save(pcap);
  const d = tsharkDecrypt(pcap, keylog);
  t.regex(d.text, new RegExp(secret));
  t.regex(d.text, /server-secret-answer/);
});

test('serve --echo: openssl s_client gets its bytes back; serve --http answers with a page', async (t) => {
  for (const mode of ['--echo', '--http']) {
    const srv = spawnPeer(t, process.execPath, [bin, 'serve', '--port', '0', '--cert', pki.ecdsa.chain, '--key', pki.ecdsa.key, mode]);
    const port = await servePort(srv);
    const r = await runClient(t, 'openssl', ['s_client', '-connect', `127.0.0.1:${port}`, '-CAfile', pki.ecdsa.ca, '-servername', 'localhost',
      '-verify_return_error', '-brief'], { input: 'GET / HTTP/1.0\r\n\r\n', until: mode === '--echo' ? /GET \/ HTTP/ : /<\/p>/ });
    t.regex(r.stderr, /Verification: OK/);
    if (mode === '--echo') t.regex(r.stdout, /GET \/ HTTP\/1.0/);
    else t.regex(r.stdout, /^HTTP\/1.0 200 OK\r\n[\s\S]*<h1>microtls<\/h1>[\s\S]*TLSv1.3/);
    srv.kill();
  }
});

test('serve --keylog: tshark decrypts a session openssl s_client had with microtls serve', async (t) => {
  const keylog = path.join(pki.dir, 'serve-keylog.txt');
  const srv = spawnPeer(t, process.execPath, [bin, 'serve', '--port', '0', '--cert', pki.rsa.cert, '--key', pki.rsa.key, '--echo',
    '--keylog', keylog, '--trace']);
  const port = await servePort(srv);
  const proxy = await pcapProxy(t, port);
  const secret = 'to-the-server-' + crypto.randomBytes(6).toString('hex');
  const r = await runClient(t, 'openssl', ['s_client', '-connect', `127.0.0.1:${proxy.port}`, '-CAfile', pki.rsa.ca, '-servername', 'localhost',
    '-verify_return_error'], { input: secret + '\n', until: new RegExp(secret) });
  t.regex(r.stdout, /Verify return code: 0 \(ok\)/);
  await srv.waitFor(/< close_notify|client 1: /);
  const pcap = path.join(pki.dir, 'serve.pcap');
  await new Promise((res) => setTimeout(res, 200));
  proxy.save(pcap);
  const d = tsharkDecrypt(pcap, keylog);
  // Both directions: what the client sent and the echo.
  t.regex(d.text, new RegExp(`${secret}[\\s\\S]*${secret}`));
  t.regex(srv.err(), /ms > server hello \(\d+ bytes\)/);
  srv.kill();
});

test('connect and serve talk to each other (microtls on both ends, RSA certificate, ALPN)', async (t) => {
  const srv = spawnPeer(t, process.execPath, [bin, 'serve', '--port', '0', '--cert', pki.rsa.chain, '--key', pki.rsa.key, '--echo',
    '--alpn', 'x-demo', '--trace']);
  const port = await servePort(srv);
  const r = await microtls(t, ['connect', `127.0.0.1:${port}`, ...TRUST('rsa'), '--alpn', 'x-demo', '--trace'],
    { input: 'round trip\n', until: /round trip/ });
  t.is(r.code, 0, r.stderr);
  t.is(r.stdout, 'round trip\n', r.stderr + srv.err());
  t.regex(r.stderr, /alpn x-demo/);
  await srv.waitFor(/client 1: TLSv1.3 TLS_AES_128_GCM_SHA256 alpn x-demo/);
  srv.kill();
});

// psk_ke: a resumption with no key exchange at all (what a slow device wants), on the host and
// in the emulated esp32; openssl takes it only with -allow_no_dhe_kex, and reports no group.
for (const engine of ['node', 'quickjs']) {
  test(`connect --psk-modes psk_ke (--engine ${engine}) resumes without a key exchange against openssl`, async (t) => {
    const key = crypto.randomBytes(32).toString('hex');
    const srv = await opensslServer(t, ['-nocert', '-psk', key, '-psk_identity', 'device-9', '-allow_no_dhe_kex']);
    const p = microtls(t, ['connect', `127.0.0.1:${srv.port}`, '--psk-identity', 'device-9', '--psk', key, '--psk-modes', 'psk_ke',
      '--trace', '--engine', engine], { input: 'ke hello\n', holdMs: 60000 });
    await srv.waitFor(/ke hello/);
    srv.write('answer\n');
    await new Promise((r) => setTimeout(r, 500));
    srv.write('Q\n');
    const r = await p;
    t.regex(r.stdout, /answer\n/, r.stderr);
    t.regex(r.stderr, /TLSv1\.3 TLS_AES_128_GCM_SHA256 resumed/);
    t.notRegex(r.stderr, /x25519|secp256r1/);
  });
}

test('connect and serve with an external PSK (no certificates) against openssl, and --max-record-size', async (t) => {
  const key = crypto.randomBytes(32).toString('hex');
  const srv = await opensslServer(t, ['-nocert', '-psk', key, '-psk_identity', 'device-7']);
  const p = microtls(t, ['connect', `127.0.0.1:${srv.port}`, '--psk-identity', 'device-7', '--psk', key, '--max-record-size', '512', '--trace'],
    { input: 'psk hello\n', holdMs: 60000 });
  await srv.waitFor(/psk hello/);
  srv.write('x'.repeat(3000) + '\n');
  await new Promise((r) => setTimeout(r, 500));
  srv.write('Q\n');
  const r = await p;
  t.regex(r.stdout, /^x{3000}\n$/);
  t.regex(r.stderr, /TLSv1.3 TLS_AES_128_GCM_SHA256 x25519/);
  t.notRegex(r.stderr, /< certificate/);

  const server = spawnPeer(t, process.execPath, [bin, 'serve', '--port', '0', '--psk-identity', 'device-8', '--psk', key, '--echo']);
  const port = await servePort(server);
  const c = await runClient(t, 'openssl', ['s_client', '-connect', `127.0.0.1:${port}`, '-psk', key, '-psk_identity', 'device-8'],
    { input: 'echo me\n', until: /echo me/ });
  t.regex(c.stdout, /Reused, TLSv1.3, Cipher is TLS_AES_128_GCM_SHA256[\s\S]*echo me/);
  const wrongKey = ((parseInt(key.slice(0, 2), 16) ^ 0xff) | 0x100).toString(16).slice(1) + key.slice(2);
  const wrong = await runClient(t, 'openssl', ['s_client', '-connect', `127.0.0.1:${port}`, '-psk', wrongKey, '-psk_identity', 'device-8'],
    { input: 'no\n', holdMs: 1500 });
  t.notRegex(wrong.stdout, /Reused, TLSv1.3/);
  await server.waitFor(/handshake failed: decrypt_error \(51\) sent|handshake failed: illegal_parameter|handshake failed: [a-z_]+ \(\d+\) sent/);
  server.kill();
});
