// The socket API (src/api) over Node's HAL, with a stand-in engine (helpers/fake-engine.mjs):
// events, queued writes, close in both directions, failures, and how options become the
// engine's configuration. TLS itself is checked by the interop tests.
import test from 'ava';
import crypto from 'node:crypto';
import net from 'node:net';
import * as microtls from '../dist/node/microtls.mjs';
import { fakeEngineFactory } from './helpers/fake-engine.mjs';

const hal = microtls.nodeHal({ listenHost: '127.0.0.1' });

function server(t, options, onConnection) {
  return new Promise((resolve, reject) => {
    const s = microtls.createServer({ hal, psk: { identity: 'x', key: '00' }, ...options }, onConnection);
    s.on('error', reject);
    s.listen(0, (port) => resolve({ s, port }));
    t.teardown(() => s.close());
  });
}

function collect(sock) {
  const chunks = [];
  sock.on('data', (d) => chunks.push(Buffer.from(d)));
  return () => Buffer.concat(chunks);
}

test('client and server exchange data, queued before the handshake, and close cleanly', async (t) => {
  const factory = fakeEngineFactory({ feedLimit: 7 });
  const big = crypto.randomBytes(50000);
  let clientSide;
  const serverSide = new Promise((resolve) => {
    server(t, { createEngine: factory }, (sock) => {
      const got = collect(sock);
      sock.on('end', () => { sock.end(Buffer.from('bye ' + got().length)); });
      sock.on('close', (hadError) => resolve({ data: got(), hadError }));
    }).then(({ port }) => {
      const c = microtls.connect({ hal, host: '127.0.0.1', port, insecure: true, createEngine: factory });
      const events = [];
      const got = collect(c);
      c.on('secureConnect', () => events.push('secureConnect'));
      c.on('end', () => events.push('end'));
      c.on('drain', () => events.push('drain'));
      c.write('héllo ');
      c.write(big);
      c.end();
      clientSide = new Promise((r) => c.on('close', (hadError) => r({ events, data: got(), hadError, clean: c.cleanClose() })));
    });
  });
  const srv = await serverSide;
  const cli = await clientSide;
  t.deepEqual(srv.data, Buffer.concat([Buffer.from('héllo ', 'utf8'), big]));
  t.false(srv.hadError);
  t.is(cli.data.toString(), 'bye ' + (big.length + 7));
  // The writes waited for the handshake: one 'drain' once they went out.
  t.deepEqual(cli.events, ['secureConnect', 'drain', 'end']);
  t.false(cli.hadError);
  t.true(cli.clean);
});

test('a refused handshake is an error event naming the alert, on both sides', async (t) => {
  const serverErrors = [];
  const { s, port } = await server(t, { createEngine: fakeEngineFactory({ failWith: 'no common cipher suite' }) }, () => t.fail());
  s.on('tlsClientError', (e) => serverErrors.push(e.message));
  const c = microtls.connect({ hal, host: '127.0.0.1', port, insecure: true, createEngine: fakeEngineFactory() });
  const err = await new Promise((resolve) => c.on('error', resolve));
  t.is(err.name, 'TlsError');
  t.is(err.alert, 40);
  t.regex(err.message, /^handshake_failure \(40\) received: no common cipher suite/);
  await new Promise((resolve) => c.on('close', resolve));
  t.deepEqual(serverErrors, ['handshake_failure (40) sent: no common cipher suite']);
});

test('a peer that closes during the handshake, or is not there, is an error', async (t) => {
  const plain = net.createServer((s) => { s.resume(); s.end(); });
  await new Promise((r) => plain.listen(0, '127.0.0.1', r));
  t.teardown(() => plain.close());
  const c = microtls.connect({ hal, host: '127.0.0.1', port: plain.address().port, insecure: true, createEngine: fakeEngineFactory() });
  const e1 = await new Promise((resolve) => c.on('error', resolve));
  t.regex(e1.message, /closed by the peer during the handshake/);

  const port = plain.address().port;
  await new Promise((r) => plain.close(r));
  const d = microtls.connect({ hal, host: '127.0.0.1', port, insecure: true, createEngine: fakeEngineFactory() });
  const e2 = await new Promise((resolve) => d.on('error', resolve));
  t.regex(e2.message, new RegExp(`cannot connect to 127.0.0.1:${port}: connect ECONNREFUSED`));
});

test('options become the engine configuration', (t) => {
  const configs = [];
  const createEngine = fakeEngineFactory({ configs });
  const calls = [];
  const fakeHal = { ...hal, net: { connect: (host, port, ok) => { calls.push([host, port]); ok({ write() {}, end() {}, onData() {}, onClose() {} }); } } };
  microtls.connect({ hal: fakeHal, host: 'example.com', port: 443, createEngine, alpn: 'h2, http/1.1', tls: '1.3',
    suites: 'TLS_AES_128_GCM_SHA256', groups: ['secp256r1'], psk: { identity: 'dev1', key: '0a0b' }, maxRecordSize: 1024 });
  microtls.connect({ hal: fakeHal, host: '127.0.0.1', port: 1, createEngine, insecure: true });
  microtls.connect({ hal: fakeHal, host: '::1', port: 1, createEngine, servername: 'localhost' });
  t.deepEqual(calls, [['example.com', 443], ['127.0.0.1', 1], ['::1', 1]]);
  const [a, b, c] = configs;
  t.is(a.role, 'client');
  t.is(a.serverName, 'example.com');
  t.deepEqual(a.alpn, ['h2', 'http/1.1']);
  t.deepEqual(a.versions, ['TLSv1.3']);
  t.deepEqual(a.suites, ['TLS_AES_128_GCM_SHA256']);
  t.deepEqual(a.groups, ['secp256r1']);
  t.deepEqual(Buffer.from(a.psk.identity).toString(), 'dev1');
  t.deepEqual([...a.psk.key], [10, 11]);
  t.is(a.maxRecordSize, 1024);
  t.is(a.insecure, undefined);
  t.is(b.serverName, undefined, 'no SNI for an IP address');
  t.true(b.insecure);
  t.is(c.serverName, 'localhost');
  t.throws(() => microtls.connect({ hal: fakeHal, host: 'h', port: 1, tls: '1.1', createEngine }), { message: /tls: 1.3 or 1.2/ });
  t.throws(() => microtls.createServer({ hal, createEngine }), { message: /needs cert and key, or a psk/ });
});

test('the Node HAL gives random bytes and the time', (t) => {
  const a = new Uint8Array(70000);
  hal.random.fill(a);
  t.true(a.subarray(65536).some((x) => x !== 0), 'the part past 65536 bytes is filled too');
  t.true(Math.abs(hal.clock.now() - Date.now() / 1000) < 5);
  t.true(hal.memory() > 0);
});
