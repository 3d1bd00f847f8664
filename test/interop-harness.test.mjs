// The interop harness checks itself with peers that are known to work together: node:tls
// against openssl s_server and gnutls-serv, and openssl s_client/gnutls-cli against a node:tls
// server, over the test PKI of every key type. When these pass, a failing microtls case points
// at microtls, not at the certificates or the peer plumbing.
import test from 'ava';
import { readFileSync, appendFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import tls from 'node:tls';
import { pcapProxy, tsharkDecrypt, tsharkSummary } from './helpers/pcap-proxy.mjs';
import { makePki, KEY_TYPES } from './helpers/certs.mjs';
import { opensslServer, gnutlsServer, nodeTlsServer, nodeTlsClient, runClient } from './helpers/peers.mjs';

const pki = makePki();
test.after.always(() => pki.cleanup());

for (const type of KEY_TYPES) {
  test(`harness: node:tls client verifies openssl s_server with a ${type} certificate`, async (t) => {
    const srv = await opensslServer(t, ['-cert', pki[type].cert, '-key', pki[type].key, '-tls1_3']);
    const r = nodeTlsClient(t, { port: srv.port, ca: readFileSync(pki[type].ca), servername: 'localhost' }, 'ping from node\n',
      { until: /pong/ });
    await srv.waitFor(/ping from node/);
    srv.write('pong from openssl\n');
    const got = await r;
    t.true(got.authorized);
    t.is(got.protocol, 'TLSv1.3');
    t.regex(got.data, /pong from openssl/);
  });

  test(`harness: openssl s_client verifies a node:tls server with a ${type} certificate`, async (t) => {
    const { port } = await nodeTlsServer(t, { cert: readFileSync(pki[type].cert), key: readFileSync(pki[type].key) },
      (s) => s.on('data', (d) => s.end('echo:' + d)));
    const r = await runClient(t, 'openssl', ['s_client', '-connect', `127.0.0.1:${port}`, '-CAfile', pki[type].ca,
      '-servername', 'localhost', '-verify_return_error', '-brief'], { input: 'hello\n', holdMs: 1500 });
    t.regex(r.stderr, /Verification: OK/);
    t.regex(r.stdout, /echo:hello/);
  });
}

test('harness: gnutls-cli verifies a node:tls server; node:tls client talks to gnutls-serv --echo', async (t) => {
  const { port } = await nodeTlsServer(t, { cert: readFileSync(pki.ecdsa.cert), key: readFileSync(pki.ecdsa.key) },
    (s) => s.on('data', (d) => s.end('echo:' + d)));
  const r = await runClient(t, 'gnutls-cli', ['127.0.0.1', '-p', String(port), '--x509cafile', pki.ecdsa.ca,
    '--sni-hostname', 'localhost', '--verify-hostname', 'localhost'], { input: 'hello\n', holdMs: 1500 });
  t.regex(r.stdout, /echo:hello/, r.stderr);

  const srv = await gnutlsServer(t, ['--echo', '--x509certfile', pki.rsa.cert, '--x509keyfile', pki.rsa.key]);
  const got = await nodeTlsClient(t, { port: srv.port, ca: readFileSync(pki.rsa.ca), servername: 'localhost' }, 'ping\n', { until: /ping/ });
  t.true(got.authorized);
  t.regex(got.data, /ping/);
});

test('harness: client certificates of every type are accepted by openssl s_server -Verify', async (t) => {
  for (const type of KEY_TYPES) {
    const srv = await opensslServer(t, ['-cert', pki.ecdsa.cert, '-key', pki.ecdsa.key, '-Verify', '1', '-CAfile', pki.caAll,
      '-verify_return_error']);
    const r = nodeTlsClient(t, { port: srv.port, ca: readFileSync(pki.ecdsa.ca), servername: 'localhost',
      cert: readFileSync(pki[type].clientCert), key: readFileSync(pki[type].clientKey) }, 'client ' + type + '\n');
    await srv.waitFor(new RegExp('client ' + type));
    // openssl prints the data (stdout) and its verify lines (stderr) on two pipes: wait for both.
    const verified = new RegExp(`depth=0 CN = microtls client ${type}\nverify return:1`);
    await srv.waitFor(verified, 5000).catch(() => null);
    t.regex(srv.out() + srv.err(), verified);
    srv.end();
    // The server ends abruptly when its stdin closes; its verify lines above are the check.
    await r.catch(() => null);
    srv.kill();
  }
});

test('harness: a session captured through the pcap proxy decrypts in tshark with node:tls\'s key log, and not without', async (t) => {
  const srv = await opensslServer(t, ['-cert', pki.ecdsa.cert, '-key', pki.ecdsa.key]);
  const proxy = await pcapProxy(t, srv.port);
  const keylog = path.join(pki.dir, 'harness-keylog.txt');
  const empty = path.join(pki.dir, 'empty-keylog.txt');
  writeFileSync(keylog, '');
  writeFileSync(empty, '');
  const s = tls.connect({ host: '127.0.0.1', port: proxy.port, ca: readFileSync(pki.ecdsa.ca), servername: 'localhost' },
    () => s.write('harness secret 1\n'));
  t.teardown(() => s.destroy());
  s.on('keylog', (line) => appendFileSync(keylog, line));
  await srv.waitFor(/harness secret 1/);
  srv.write('harness answer 2\n');
  await new Promise((r) => s.once('data', r));
  s.end();
  await new Promise((r) => s.on('close', r));
  const pcap = path.join(pki.dir, 'harness.pcap');
  proxy.save(pcap);
  const d = tsharkDecrypt(pcap, keylog);
  t.is(d.status, 0, d.stderr);
  t.regex(d.text, /harness secret 1[\s\S]*harness answer 2/);
  t.regex(tsharkSummary(pcap, keylog), /^2,8,11,15,20\t/m, 'ServerHello, EncryptedExtensions, Certificate, CertificateVerify, Finished');
  t.notRegex(tsharkDecrypt(pcap, empty).text, /harness secret/);
});
