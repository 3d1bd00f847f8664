// TLS 1.3 features in memory, client against server: byte-at-a-time input, HelloRetryRequest,
// tickets and resumption (psk_dhe_ke, psk_ke), external PSKs, 0-RTT, client certificates,
// KeyUpdate both ways, record_size_limit and max_fragment_length, ALPN and SNI.
import test from 'ava';
import { m, engines, pump, readAll, random, clock, identity, deliver } from './helpers/tls-pair.mjs';

const enc = (s) => new TextEncoder().encode(s);
const dec = (b) => new TextDecoder().decode(b);

function roundTrip(t, client, server, chunk) {
  const a = enc('ping from the client');
  t.is(client.write(a, 0, a.length), a.length);
  pump(client, server, chunk);
  t.is(dec(readAll(server)), 'ping from the client');
  const b = enc('pong from the server');
  t.is(server.write(b, 0, b.length), b.length);
  pump(client, server, chunk);
  t.is(dec(readAll(client)), 'pong from the server');
}

function ok(t, e) {
  t.is(e.error, null, String(e.error && e.error.message));
  t.is(e.state, 'open');
}

test('input split at every byte: full handshake, data, KeyUpdate, close', (t) => {
  const { client, server } = engines({ alpn: ['h2', 'http/1.1'] }, { alpn: ['http/1.1'] });
  pump(client, server, 1);
  ok(t, client);
  ok(t, server);
  t.is(client.info().alpn, 'http/1.1');
  t.is(server.info().alpn, 'http/1.1');
  t.is(server.info().serverName, 'localhost');
  roundTrip(t, client, server, 1);
  client.keyUpdate(true);
  pump(client, server, 1);
  roundTrip(t, client, server, 1);
  client.close();
  server.close();
  pump(client, server, 1);
  t.is(client.state, 'closed');
  t.is(server.state, 'closed');
});

test('HelloRetryRequest when the client\'s first share is not the server\'s group', (t) => {
  const steps = [];
  const { client, server } = engines({ groups: ['x25519', 'secp256r1'], onStep: (s) => steps.push(s.name) }, { groups: ['secp256r1'] });
  pump(client, server, 7);
  ok(t, client);
  ok(t, server);
  t.is(client.info().group, 'secp256r1');
  t.true(steps.includes('hello retry request'));
  roundTrip(t, client, server);
});

test('HelloRetryRequest with middlebox compatibility off', (t) => {
  const { client, server } = engines({ groups: ['secp256r1', 'x25519'], compatibilityMode: false }, { groups: ['x25519'] });
  pump(client, server);
  ok(t, client);
  t.is(client.info().group, 'x25519');
});

function resumeOnce(t, clientExtra, serverExtra, chunk) {
  const store = m.createTicketStore(random);
  const first = engines({}, { ticketStore: store, ...serverExtra });
  pump(first.client, first.server, chunk);
  ok(t, first.client);
  const session = first.client.session();
  t.truthy(session);
  t.false(first.client.info().resumed);
  const second = engines({ session, ...clientExtra }, { ticketStore: store, ...serverExtra });
  pump(second.client, second.server, chunk);
  ok(t, second.client);
  ok(t, second.server);
  return { store, session, client: second.client, server: second.server };
}

test('session ticket resumption with psk_dhe_ke', (t) => {
  const r = resumeOnce(t, {}, {});
  t.true(r.client.info().resumed);
  t.true(r.server.info().resumed);
  t.is(r.client.info().peerChain.length, 0);
  t.is(r.client.info().group, 'x25519');
  roundTrip(t, r.client, r.server);
});

test('session ticket resumption with psk_ke (no key exchange)', (t) => {
  const r = resumeOnce(t, { pskModes: ['psk_ke'] }, {}, 1);
  t.true(r.client.info().resumed);
  t.is(r.client.info().group, null);
  roundTrip(t, r.client, r.server);
});

test('a server that allows only psk_dhe_ke falls back to a full handshake for psk_ke clients', (t) => {
  const store = m.createTicketStore(random);
  const first = engines({}, { ticketStore: store });
  pump(first.client, first.server);
  const second = engines({ session: first.client.session(), pskModes: ['psk_ke', 'psk_dhe_ke'] },
    { ticketStore: store, pskModes: ['psk_dhe_ke'] });
  pump(second.client, second.server);
  ok(t, second.client);
  t.true(second.client.info().resumed);
  t.is(second.client.info().group, 'x25519');
});

test('an unknown ticket gives a full handshake', (t) => {
  const store = m.createTicketStore(random);
  const first = engines({}, { ticketStore: store });
  pump(first.client, first.server);
  const second = engines({ session: first.client.session() }, { ticketStore: m.createTicketStore(random) });
  pump(second.client, second.server);
  ok(t, second.client);
  t.false(second.client.info().resumed);
  t.is(second.client.info().peerChain.length, 1);
});

test('0-RTT: accepted once per ticket, refused data is sent again after the handshake', (t) => {
  const store = m.createTicketStore(random);
  const serverCfg = { ticketStore: store, maxEarlyData: 4096 };
  const first = engines({}, serverCfg);
  pump(first.client, first.server);
  const session = first.client.session();
  t.is(session.maxEarlyData, 4096);
  const early = enc('GET / early');
  const a = engines({ session, earlyData: early }, serverCfg);
  // the server reads the early data before the client's Finished arrives
  a.server.feed(pullBytes(a.client), 0, pullBytes.last.length);
  t.is(dec(readAll(a.server)), 'GET / early');
  pump(a.client, a.server);
  ok(t, a.client);
  t.true(a.client.info().earlyDataAccepted);
  t.true(a.server.info().earlyDataAccepted);
  roundTrip(t, a.client, a.server);
  // replay of the same ticket: resumption, no 0-RTT, the data arrives as ordinary data
  const b = engines({ session, earlyData: early }, serverCfg);
  pump(b.client, b.server);
  ok(t, b.client);
  t.true(b.client.info().resumed);
  t.false(b.client.info().earlyDataAccepted);
  t.is(dec(readAll(b.server)), 'GET / early');
});

function pullBytes(e) {
  const out = new Uint8Array(1 << 16);
  const n = e.pull(out, 0, out.length);
  pullBytes.last = out.subarray(0, n);
  return pullBytes.last;
}

for (const hash of ['sha256', 'sha384']) {
  test(`external PSK (${hash}) with psk_dhe_ke and psk_ke`, (t) => {
    const psk = { identity: enc('device-17'), key: new Uint8Array(hash === 'sha256' ? 32 : 48).fill(7), hash };
    for (const modes of [['psk_dhe_ke'], ['psk_ke']]) {
      const client = m.createEngine({ role: 'client', random, clock, psk, pskModes: modes, serverName: 'hub',
        suites: hash === 'sha384' ? ['TLS_AES_256_GCM_SHA384'] : undefined });
      const server = m.createEngine({ role: 'server', random, clock, psk });
      pump(client, server);
      ok(t, client);
      ok(t, server);
      t.true(client.info().resumed);
      t.is(client.info().group, modes[0] === 'psk_ke' ? null : 'x25519');
      roundTrip(t, client, server);
    }
  });
}

test('external PSK with the wrong key fails the binder: decrypt_error', (t) => {
  const client = m.createEngine({ role: 'client', random, clock, psk: { identity: enc('id'), key: new Uint8Array(32).fill(1) } });
  const server = m.createEngine({ role: 'server', random, clock, psk: { identity: enc('id'), key: new Uint8Array(32).fill(2) } });
  pump(client, server);
  t.is(server.state, 'failed');
  t.is(server.error.name, 'TlsError');
  t.is(server.error.alert, 51);
  t.regex(server.error.message, /^decrypt_error \(51\) sent: PSK binder/);
  t.is(client.error.alert, 51);
  t.regex(client.error.message, /decrypt_error \(51\) received/);
});

for (const cert of ['ed25519', 'p256', 'rsa2048']) {
  test(`client certificate ${cert}, required by the server`, (t) => {
    const id = identity(cert);
    const { client, server } = engines({ certChain: id.chain, privateKey: id.key },
      { requireClientCert: true, insecure: true });
    pump(client, server);
    ok(t, client);
    ok(t, server);
    t.is(server.info().peerKey.kind, cert === 'rsa2048' ? 'rsa' : cert);
    roundTrip(t, client, server);
  });
}

test('client without a certificate: certificate_required when required, fine when only requested', (t) => {
  let p = engines({}, { requireClientCert: true, insecure: true });
  pump(p.client, p.server);
  t.is(p.server.error.alert, 116);
  t.regex(p.server.error.message, /certificate_required \(116\) sent/);
  p = engines({}, { requestClientCert: true, insecure: true });
  pump(p.client, p.server);
  ok(t, p.server);
  t.is(p.server.info().peerChain.length, 0);
});

test('KeyUpdate both ways, with and without update_requested', (t) => {
  const { client, server } = engines();
  pump(client, server);
  for (const [a, req] of [[client, false], [server, false], [client, true], [server, true]]) {
    a.keyUpdate(req);
    pump(client, server);
    ok(t, client);
    ok(t, server);
    roundTrip(t, client, server);
  }
});

for (const size of [512, 1024, 2048, 4096, 16384, 700]) {
  test(`record_size_limit ${size}: records stay within it`, (t) => {
    const { client, server } = engines({ maxRecordSize: size }, {});
    pump(client, server);
    ok(t, client);
    t.is(server.info().recordSizeLimit, size);
    const big = new Uint8Array(20000).map((_, i) => i * 7);
    let off = 0;
    const recs = [];
    while (off < big.length) {
      off += server.write(big, off, big.length - off);
      const out = pullBytes(server);
      for (let p = 0; p < out.length;) {
        const len = (out[p + 3] << 8) | out[p + 4];
        recs.push(len);
        p += 5 + len;
      }
      deliver(client, out);
    }
    t.true(recs.every((len) => len <= size + 1 + 16));
    t.deepEqual(readAll(client), big);
    // and the other way
    off = 0;
    while (off < big.length) {
      off += client.write(big, off, big.length - off);
      deliver(server, pullBytes(client));
    }
    t.deepEqual(readAll(server), big);
  });
}

// ---- certificate checks through the X.509 module ----
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
const fx = (f) => readFileSync(new URL('./fixtures/tls/' + f, import.meta.url), 'utf8');
const anchors = m.anchorsFromPem(fx('ca.crt'));

function chainEngines(clientExtra, serverExtra) {
  const id = { chain: m.pemDecode(fx('leaf.crt'), 'CERTIFICATE'), key: m.parsePrivateKey(fx('leaf.key')) };
  const client = m.createEngine({ role: 'client', random, clock, serverName: 'localhost', ...clientExtra });
  const server = m.createEngine({ role: 'server', random, clock, certChain: id.chain, privateKey: id.key, ...serverExtra });
  return { client, server };
}

test('server chain validated against a trust anchor', (t) => {
  const { client, server } = chainEngines({ anchors }, {});
  pump(client, server);
  ok(t, client);
  t.is(client.info().peerKey.kind, 'p256');
});

test('wrong host name: the X.509 module\'s alert, as a TlsError', (t) => {
  const { client, server } = chainEngines({ anchors, serverName: 'example.com' }, {});
  pump(client, server);
  t.is(client.state, 'failed');
  t.is(client.error.name, 'TlsError');
  t.is(client.error.alert, 42);
  t.regex(client.error.message, /^bad_certificate \(42\) sent: /);
  t.is(server.error.alert, 42);
});

test('unknown issuer: unknown_ca', (t) => {
  const { client, server } = chainEngines({ anchors: m.anchorsFromPem(fx('p256.crt')) }, {});
  pump(client, server);
  t.is(client.error.alert, 48);
  t.regex(client.error.message, /^unknown_ca \(48\) sent/);
});

test('pinned key accepted without anchors; another pin refused', (t) => {
  const leafSpki = m.certPublicKey(m.pemDecode(fx('leaf.crt'), 'CERTIFICATE')[0]).spki;
  let p = chainEngines({ pins: [createHash('sha256').update(leafSpki).digest()] }, {});
  pump(p.client, p.server);
  ok(t, p.client);
  p = chainEngines({ pins: [new Uint8Array(32)] }, {});
  pump(p.client, p.server);
  t.is(p.client.error.alert, 42);
});

test('no anchors, pins or insecure: the client refuses to go on', (t) => {
  const { client, server } = chainEngines({}, {});
  pump(client, server);
  t.is(client.error.alert, 46);
  t.regex(client.error.message, /no trust anchors, pins or insecure/);
});

test('client certificate validated by the server against an anchor', (t) => {
  const id = { chain: m.pemDecode(fx('leaf.crt'), 'CERTIFICATE'), key: m.parsePrivateKey(fx('leaf.key')) };
  const { client, server } = chainEngines({ anchors, certChain: id.chain, privateKey: id.key }, { requireClientCert: true, anchors });
  pump(client, server);
  ok(t, server);
  t.is(server.info().peerChain.length, 1);
});

test('resumption through a HelloRetryRequest (binder recomputed over the new transcript)', (t) => {
  const store = m.createTicketStore(random);
  const first = engines({}, { ticketStore: store });
  pump(first.client, first.server);
  const steps = [];
  const second = engines({ session: first.client.session(), onStep: (s) => steps.push(s.name) },
    { ticketStore: store, groups: ['secp256r1'] });
  pump(second.client, second.server);
  ok(t, second.client);
  ok(t, second.server);
  t.true(steps.includes('hello retry request'));
  t.true(second.client.info().resumed);
  t.is(second.client.info().group, 'secp256r1');
});

test('half-close: after the peer\'s close_notify this side can still send, then close', (t) => {
  const { client, server } = engines();
  pump(client, server);
  client.close();
  pump(client, server);
  t.is(server.state, 'closing');
  const last = enc('last words');
  t.is(server.write(last, 0, last.length), last.length);
  server.close();
  pump(client, server);
  t.is(dec(readAll(client)), 'last words');
  t.is(client.state, 'closed');
  t.is(server.state, 'closed');
});

test('versions this engine does not speak: the engine refuses at once with protocol_version', (t) => {
  // (TLS 1.2 came with the tls12 branch; TLS 1.1 and older never will)
  const e = m.createEngine({ role: 'client', random, clock, insecure: true, versions: ['TLSv1.1'] });
  t.is(e.state, 'failed');
  t.is(e.error.alert, 70);
  t.regex(e.error.message, /versions TLSv1.1: only TLSv1.3 and TLSv1.2/);
});

test('0-RTT beyond max_early_data_size: unexpected_message', (t) => {
  const store = m.createTicketStore(random);
  const serverCfg = { ticketStore: store, maxEarlyData: 16 };
  const first = engines({}, serverCfg);
  pump(first.client, first.server);
  const session = { ...first.client.session(), maxEarlyData: 4096 };
  const a = engines({ session, earlyData: new Uint8Array(100) }, serverCfg);
  pump(a.client, a.server);
  t.is(a.server.error.alert, 10);
  t.regex(a.server.error.message, /max_early_data_size/);
});

test('every feature with input split at every byte: HRR, tickets, psk_ke, 0-RTT, external PSK, client certificates', (t) => {
  const store = m.createTicketStore(random);
  const first = engines({ groups: ['x25519', 'secp256r1'] }, { ticketStore: store, groups: ['secp256r1'], maxEarlyData: 1000 });
  pump(first.client, first.server, 1);
  ok(t, first.client);
  t.is(first.client.info().group, 'secp256r1');
  const session = first.client.session();
  const early = engines({ session, earlyData: enc('early') }, { ticketStore: store, maxEarlyData: 1000 });
  pump(early.client, early.server, 1);
  ok(t, early.server);
  t.true(early.server.info().earlyDataAccepted);
  t.is(dec(readAll(early.server)), 'early');
  const pskKe = engines({ session: early.client.session() || session, pskModes: ['psk_ke'] }, { ticketStore: store });
  pump(pskKe.client, pskKe.server, 1);
  ok(t, pskKe.client);
  t.true(pskKe.client.info().resumed);
  const psk = { identity: enc('ext'), key: new Uint8Array(32).fill(3) };
  const c = m.createEngine({ role: 'client', random, clock, psk });
  const s = m.createEngine({ role: 'server', random, clock, psk });
  pump(c, s, 1);
  ok(t, c);
  const id = identity('p256');
  const auth = engines({ certChain: id.chain, privateKey: id.key }, { requireClientCert: true, insecure: true });
  pump(auth.client, auth.server, 1);
  ok(t, auth.server);
  roundTrip(t, auth.client, auth.server, 1);
});
