// TLS 1.2 in memory, client against server (issue 5): every suite with input split at every
// byte, version negotiation against TLS 1.3 and the downgrade sentinel, resumption by session ID
// and by ticket, client certificates, ALPN, SNI, max_fragment_length, the named steps, and the
// keylog's master secret checked by decrypting records with node:crypto.
import test from 'ava';
import { m, engines, pump, readAll, random, clock, identity } from './helpers/tls-pair.mjs';
import { gcmKeys, gcmOpen, records, flight, feed, handshakeMessages } from './helpers/tls12-ref.mjs';

const enc = (s) => new TextEncoder().encode(s);
const dec = (b) => new TextDecoder().decode(b);

export const SUITES12 = [
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256', 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256',
  'TLS_RSA_WITH_AES_128_GCM_SHA256', 'TLS_RSA_WITH_AES_256_GCM_SHA384', 'TLS_RSA_WITH_AES_128_CBC_SHA256',
  'TLS_RSA_WITH_AES_128_CBC_SHA',
];
const certOf = (s) => (s.includes('ECDSA') ? 'p256' : 'rsa2048');

function ok(t, e) {
  t.is(e.error, null, String(e.error && e.error.message));
  t.is(e.state, 'open');
}

function roundTrip(t, client, server, chunk) {
  const a = enc('ping from the client '.repeat(40));
  t.is(client.write(a, 0, a.length), a.length);
  pump(client, server, chunk);
  t.is(dec(readAll(server)), 'ping from the client '.repeat(40));
  const b = enc('pong from the server');
  t.is(server.write(b, 0, b.length), b.length);
  pump(client, server, chunk);
  t.is(dec(readAll(client)), 'pong from the server');
}

for (const suite of SUITES12) {
  test(`${suite}: input split at every byte, data both ways, close`, (t) => {
    const steps = [];
    const keylog = [];
    const skeylog = [];
    const { client, server } = engines(
      { suites: [suite], onStep: (s) => steps.push(s), keylog: (l) => keylog.push(l), groups: ['secp256r1', 'x25519'] },
      { suites: [suite], keylog: (l) => skeylog.push(l), groups: ['secp256r1', 'x25519'] }, certOf(suite));
    pump(client, server, 1);
    ok(t, client);
    ok(t, server);
    t.is(client.info().version, 'TLSv1.2');
    t.is(server.info().version, 'TLSv1.2');
    t.is(client.info().suite, suite);
    t.is(server.info().suite, suite);
    if (suite.includes('ECDHE')) t.is(client.info().group, 'secp256r1');
    const names = steps.map((s) => s.name);
    for (const n of ['client hello', 'server hello', 'certificate check', 'premaster secret', 'session keys', 'finished']) {
      t.true(names.includes(n), `step ${n}: ${names.join(', ')}`);
    }
    t.is(steps.find((s) => s.name === 'premaster secret').bytes, suite.includes('ECDHE') ? 32 : 48);
    t.true(steps.find((s) => s.name === 'client hello').bytes > 50);
    t.is(keylog.length, 1);
    t.regex(keylog[0], /^CLIENT_RANDOM [0-9a-f]{64} [0-9a-f]{96}$/);
    t.deepEqual(skeylog, keylog);
    roundTrip(t, client, server, 1);
    client.close();
    server.close();
    pump(client, server, 1);
    t.is(client.state, 'closed');
    t.is(server.state, 'closed');
  });
}

test('the keylog master secret decrypts the records (node:crypto AES-GCM and PRF)', (t) => {
  const keylog = [];
  const { client, server } = engines({ suites: ['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256'], keylog: (l) => keylog.push(l) },
    {}, 'rsa2048');
  const ch = flight(client);
  feed(server, ch);
  const sflight = flight(server);
  const sh = handshakeMessages(sflight).find((h) => h.type === 2).msg;
  feed(client, sflight);
  const cflight = flight(client);
  feed(server, cflight);
  const sfin = flight(server);
  feed(client, sfin);
  ok(t, client);
  const [, cr, ms] = keylog[0].split(' ');
  const k = gcmKeys(Buffer.from(ms, 'hex'), Buffer.from(cr, 'hex'), sh.subarray(6, 38));
  // the client's Finished: first record after its change_cipher_spec, sequence 0
  const cRecs = records(cflight);
  const fin = cRecs[cRecs.findIndex((r) => r.type === 20) + 1];
  const plain = gcmOpen(k.client, 0, 22, fin.body);
  t.is(plain[0], 20, 'a Finished message');
  t.is(plain.length, 16);
  client.write(enc('secret words'), 0, 12);
  const app = records(flight(client)).find((r) => r.type === 23);
  t.is(gcmOpen(k.client, 1, 23, app.body).toString(), 'secret words');
});

test('versions: both offered, TLS 1.3 wins; a TLS 1.2-only server gives TLS 1.2 without a sentinel', (t) => {
  let p = engines({}, {}, 'p256');
  pump(p.client, p.server);
  t.is(p.client.info().version, 'TLSv1.3');
  p = engines({}, { versions: ['TLSv1.2'] }, 'p256');
  const ch = flight(p.client);
  feed(p.server, ch);
  const sflight = flight(p.server);
  const sh = handshakeMessages(sflight).find((h) => h.type === 2).msg;
  t.not(sh.subarray(30, 38).toString('latin1'), 'DOWNGRD\x01');
  feed(p.client, sflight);
  pump(p.client, p.server);
  ok(t, p.client);
  t.is(p.client.info().version, 'TLSv1.2');
  t.is(p.server.info().version, 'TLSv1.2');
});

test('versions: a TLS 1.3-capable server answering a TLS 1.2-only client sets DOWNGRD01', (t) => {
  const p = engines({ versions: ['TLSv1.2'] }, {}, 'p256');
  feed(p.server, flight(p.client));
  const sflight = flight(p.server);
  const sh = handshakeMessages(sflight).find((h) => h.type === 2).msg;
  t.is(sh.subarray(30, 38).toString('latin1'), 'DOWNGRD\x01');
  feed(p.client, sflight);
  pump(p.client, p.server);
  ok(t, p.client);
  t.is(p.client.info().version, 'TLSv1.2');
});

test('versions: TLS 1.3 only against TLS 1.2 only: protocol_version both ways', (t) => {
  let p = engines({ versions: ['TLSv1.3'] }, { versions: ['TLSv1.2'] }, 'p256');
  pump(p.client, p.server);
  t.is(p.server.state, 'failed');
  t.is(p.server.error.alert, 70);
  t.is(p.client.error.alert, 70);
  p = engines({ versions: ['TLSv1.2'] }, { versions: ['TLSv1.3'] }, 'p256');
  pump(p.client, p.server);
  t.is(p.server.error.alert, 70);
  t.is(p.client.error.alert, 70);
});

function resumeOnce(t, clientCfg, serverCfg, strip) {
  const store = m.createTicketStore(random);
  const a = engines({ versions: ['TLSv1.2'], ...clientCfg }, { ticketStore: store, ...serverCfg }, 'p256');
  pump(a.client, a.server);
  ok(t, a.client);
  const s = a.client.session();
  t.truthy(s);
  t.is(s.version, 0x0303);
  t.true(s.extendedMasterSecret);
  const session = strip ? { ...s, ticket: new Uint8Array(0) } : s;
  const steps = [];
  const b = engines({ versions: ['TLSv1.2'], session, onStep: (x) => steps.push(x.name), ...clientCfg },
    { ticketStore: store, ...serverCfg }, 'p256');
  pump(b.client, b.server, 1);
  ok(t, b.client);
  ok(t, b.server);
  t.true(b.client.info().resumed);
  t.true(b.server.info().resumed);
  t.false(steps.includes('certificate'));
  t.false(steps.includes('premaster secret'));
  roundTrip(t, b.client, b.server);
  return { s, steps };
}

test('resumption by ticket (RFC 5077)', (t) => {
  const { s } = resumeOnce(t, {}, {}, false);
  t.true(s.ticket.length > 0);
});

test('resumption by session ID', (t) => {
  const { s } = resumeOnce(t, {}, {}, true);
  t.is(s.sessionId.length, 32);
});

test('no resumption across suites or without the server\'s state', (t) => {
  const store = m.createTicketStore(random);
  const a = engines({ versions: ['TLSv1.2'] }, { ticketStore: store }, 'p256');
  pump(a.client, a.server);
  const b = engines({ versions: ['TLSv1.2'], session: a.client.session() }, { ticketStore: m.createTicketStore(random) }, 'p256');
  pump(b.client, b.server);
  ok(t, b.client);
  t.false(b.client.info().resumed);
});

test('client certificates: required, sent and checked; missing one refused', (t) => {
  const id = identity('rsa2048');
  let p = engines({ versions: ['TLSv1.2'], certChain: id.chain, privateKey: id.key }, { requireClientCert: true, insecure: true }, 'p256');
  pump(p.client, p.server, 3);
  ok(t, p.server);
  t.is(p.server.info().peerKey.kind, 'rsa');
  const e = identity('p256');
  p = engines({ versions: ['TLSv1.2'], certChain: e.chain, privateKey: e.key, suites: ['TLS_RSA_WITH_AES_128_CBC_SHA'] },
    { requireClientCert: true, insecure: true }, 'rsa2048');
  pump(p.client, p.server);
  ok(t, p.server);
  t.is(p.server.info().peerKey.kind, 'p256');
  p = engines({ versions: ['TLSv1.2'] }, { requireClientCert: true, insecure: true }, 'p256');
  pump(p.client, p.server);
  t.is(p.server.state, 'failed');
  t.is(p.server.error.name, 'TlsError');
  t.is(p.server.error.alert, 40);
});

test('ALPN, SNI and max_fragment_length', (t) => {
  const p = engines({ versions: ['TLSv1.2'], alpn: ['h2', 'http/1.1'], maxRecordSize: 512 }, { alpn: ['http/1.1'] }, 'p256');
  pump(p.client, p.server);
  ok(t, p.client);
  t.is(p.client.info().alpn, 'http/1.1');
  t.is(p.server.info().alpn, 'http/1.1');
  t.is(p.server.info().serverName, 'localhost');
  t.true(p.server.info().recordSizeLimit <= 512);
  const big = new Uint8Array(3000).fill(65);
  p.server.write(big, 0, big.length);
  const recs = records(flight(p.server));
  t.true(recs.length >= 6);
  for (const r of recs) t.true(r.body.length <= 512 + 24, 'record body ' + r.body.length);
});

test('an ALPN mismatch is no_application_protocol', (t) => {
  const p = engines({ versions: ['TLSv1.2'], alpn: ['h2'] }, { alpn: ['http/1.1'] }, 'p256');
  pump(p.client, p.server);
  t.is(p.server.error.alert, 120);
  t.is(p.client.error.alert, 120);
});

test('a server key that fits no offered suite: handshake_failure', (t) => {
  const p = engines({ versions: ['TLSv1.2'], suites: ['TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256'] }, {}, 'rsa2048');
  pump(p.client, p.server);
  t.is(p.server.error.alert, 40);
  t.regex(p.server.error.message, /^handshake_failure \(40\) sent: no common cipher suite/);
});
