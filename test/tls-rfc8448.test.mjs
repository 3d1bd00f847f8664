// RFC 8448 byte for byte, both roles: with the RFC's random values injected and the clock pinned,
// each side must produce exactly the RFC's records, and accept the other side's.
import test from 'ava';
import { m } from './helpers/tls-pair.mjs';
import { scenarios, file, poolRandom, pssSalt, RFC_GROUPS, RFC_SCHEMES } from './helpers/rfc8448.mjs';
import { createHash } from 'node:crypto';

const S = scenarios();
const hex = (b) => Buffer.from(b).toString('hex');
// the PEM file carries stray bytes after the certificate: take the DER from the RFC's message
const certMsg = S.Simple_1RTT_Handshake.Message_Server_Certificate;
const serverCertDer = certMsg.subarray(11, 11 + certMsg.readUIntBE(8, 3));
const serverChain = [new Uint8Array(serverCertDer)];
const serverCertPem = '-----BEGIN CERTIFICATE-----\n' + serverCertDer.toString('base64') + '\n-----END CERTIFICATE-----\n';
const serverKey = m.parsePrivateKey(file('server_key.pem'), { allow1024: true });
const serverPin = createHash('sha256').update(m.certPublicKey(serverChain[0], true).spki).digest();

function pullAll(e) {
  const out = new Uint8Array(1 << 16);
  const n = e.pull(out, 0, out.length);
  return Buffer.from(out.subarray(0, n));
}

function feedAll(t, e, bytes) {
  const n = e.feed(new Uint8Array(bytes), 0, bytes.length);
  t.is(n, bytes.length);
  t.is(e.error, null, String(e.error && e.error.message));
}

function readAll(e) {
  const out = new Uint8Array(1 << 16);
  return Buffer.from(out.subarray(0, e.read(out, 0, out.length)));
}

function clockAt(sc) {
  // CurrentTimestamp is stored as decimal milliseconds in the file
  return { now: () => sc.ms / 1000 };
}

// the file stores CurrentTimestamp as decimal digits, which the hex parser reads as bytes
for (const name in S) {
  const raw = file('transcripts.vec').split('[' + name + ']')[1].match(/CurrentTimestamp = (\d+)/);
  S[name].ms = raw ? Number(raw[1]) : 0;
}

const clientBase = {
  role: 'client', serverName: 'server', compatibilityMode: false, allowRsa1024: true, pins: [serverPin],
  suites: ['TLS_AES_128_GCM_SHA256', 'TLS_CHACHA20_POLY1305_SHA256', 'TLS_AES_256_GCM_SHA384'],
  groups: ['x25519', 'secp256r1'],
  advertise: { groups: RFC_GROUPS, signatureSchemes: RFC_SCHEMES, tls12Extensions: true },
};

/** A ticket store that hands out the RFC's ticket and remembers the state behind it. */
function rfcTicketStore(ticket) {
  const states = new Map();
  return {
    issue(state) { states.set(hex(ticket), Uint8Array.from(state)); return new Uint8Array(ticket); },
    redeem(t) { return states.get(hex(t)) || null; },
    claimEarly(t) { return states.has(hex(t)); },
    states,
  };
}

test('simple 1-RTT: client role byte for byte', (t) => {
  const sc = S.Simple_1RTT_Handshake;
  const keylog = [];
  const c = m.createEngine({ ...clientBase, random: poolRandom(sc.Client_RNG_Pool), clock: clockAt(sc), keylog: (l) => keylog.push(l) });
  t.is(hex(pullAll(c)), hex(sc.Record_ClientHello_1));
  feedAll(t, c, sc.Record_ServerHello);
  feedAll(t, c, sc.Record_ServerHandshakeMessages);
  t.is(c.state, 'open');
  t.is(hex(pullAll(c)), hex(sc.Record_ClientFinished));
  feedAll(t, c, sc.Record_NewSessionTicket);
  t.is(hex(c.session().ticket), hex(sc.SessionTicket));
  t.is(c.write(new Uint8Array(sc.Client_AppData), 0, sc.Client_AppData.length), sc.Client_AppData.length);
  t.is(hex(pullAll(c)), hex(sc.Record_Client_AppData));
  feedAll(t, c, sc.Record_Server_AppData);
  t.is(hex(readAll(c)), hex(sc.Server_AppData));
  c.close();
  t.is(hex(pullAll(c)), hex(sc.Record_Client_CloseNotify));
  feedAll(t, c, sc.Record_Server_CloseNotify);
  t.is(c.state, 'closed');
  t.is(c.info().suite, 'TLS_AES_128_GCM_SHA256');
  t.is(keylog.length, 5);
  t.regex(keylog[0], /^CLIENT_HANDSHAKE_TRAFFIC_SECRET cb34ecb1e78163ba1c38c6dacb196a6dffa21a8d9912ec18a2ef6283024dece7 [0-9a-f]{64}$/);
});

function simpleServer(t, store) {
  const sc = S.Simple_1RTT_Handshake;
  const salt = pssSalt(serverCertPem, sc.Server_MessageSignature);
  const pool = Buffer.concat([sc.Server_RNG_Pool.subarray(0, 64), salt, sc.Server_RNG_Pool.subarray(64)]);
  const rnd = poolRandom(pool);
  const s = m.createEngine({
    role: 'server', random: rnd, clock: clockAt(sc), certChain: serverChain, privateKey: serverKey,
    groups: ['x25519', 'secp256r1'], advertise: { groups: RFC_GROUPS, signatureSchemes: RFC_SCHEMES },
    ticketStore: store, ticketLifetime: 30, maxEarlyData: 1024, compatibilityMode: false,
  });
  feedAll(t, s, sc.Record_ClientHello_1);
  t.is(hex(pullAll(s)), hex(Buffer.concat([sc.Record_ServerHello, sc.Record_ServerHandshakeMessages])));
  feedAll(t, s, sc.Record_ClientFinished);
  t.is(s.state, 'open');
  t.is(hex(pullAll(s)), hex(sc.Record_NewSessionTicket));
  t.is(rnd.used(), pool.length);
  return s;
}

test('simple 1-RTT: server role byte for byte', (t) => {
  const sc = S.Simple_1RTT_Handshake;
  const s = simpleServer(t, rfcTicketStore(sc.SessionTicket));
  feedAll(t, s, sc.Record_Client_AppData);
  t.is(hex(readAll(s)), hex(sc.Client_AppData));
  t.is(s.write(new Uint8Array(sc.Server_AppData), 0, sc.Server_AppData.length), sc.Server_AppData.length);
  t.is(hex(pullAll(s)), hex(sc.Record_Server_AppData));
  feedAll(t, s, sc.Record_Client_CloseNotify);
  t.is(s.state, 'closing');
  s.close();
  t.is(hex(pullAll(s)), hex(sc.Record_Server_CloseNotify));
  t.is(s.state, 'closed');
});
