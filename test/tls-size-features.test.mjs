// The TLS features a board may leave out (tools/boards.mjs, block "tls": early-data, client-auth,
// and the ed25519 offer of helper "curve"), checked in the esp32 bundle itself (loaded into a
// Node vm context) against the host build: an option the bundle cannot honour fails at
// configuration with not_in_build, a CertificateRequest still gets the empty Certificate RFC 8446
// asks for, signature_algorithms offers no Ed25519, and what stays works as before.
import test from 'ava';
import vm from 'node:vm';
import { readFileSync } from 'node:fs';
import { loadBoards, featuresOf } from '../tools/boards.mjs';
import { espruinoRequire } from '../tools/engines/espruino-crypto.mjs';
import { m, random, clock, identity, pump, readAll } from './helpers/tls-pair.mjs';

const board = 'esp32';
const features = new Set(featuresOf(loadBoards()[board]));
const esp = vm.runInContext(readFileSync(new URL(`../dist/${board}/microtls.js`, import.meta.url), 'utf8') + '\n;microtls',
  // The bundle takes SHA-2 and AES from Espruino's require("crypto") (here computed by the host).
  vm.createContext({ require: espruinoRequire() }));

function espClient(cfg = {}) {
  return esp.createEngine({ role: 'client', random, clock, insecure: true, serverName: 'localhost', ...cfg });
}

function hostServer(cfg = {}, cert = 'p256') {
  const id = identity(cert);
  return m.createEngine({ role: 'server', random, clock, certChain: id.chain, privateKey: id.key, ...cfg });
}

/** The extensions of a ClientHello record (one record, TLS 1.3 client): type -> bytes. */
function helloExtensions(rec) {
  const b = Buffer.from(rec);
  let p = 5 + 4 + 2 + 32;
  p += 1 + b[p];
  p += 2 + b.readUInt16BE(p);
  p += 1 + b[p];
  const end = p + 2 + b.readUInt16BE(p);
  p += 2;
  const out = new Map();
  while (p < end) {
    const t = b.readUInt16BE(p);
    const n = b.readUInt16BE(p + 2);
    out.set(t, b.subarray(p + 4, p + 4 + n));
    p += 4 + n;
  }
  return out;
}

function firstFlight(e) {
  const out = new Uint8Array(e.pending());
  e.pull(out, 0, out.length);
  return out;
}

function schemes(e) {
  const sa = helloExtensions(firstFlight(e)).get(13);
  const list = [];
  for (let i = 2; i < sa.length; i += 2) list.push(sa.readUInt16BE(i));
  return list;
}

test(`the ${board} profile leaves out early-data, client-auth, tls12, keylog and advertise`, (t) => {
  for (const f of ['early-data', 'client-auth', 'tls12', 'keylog', 'advertise']) t.false(features.has(f), f);
});

test('keylog and advertise on a bundle without them: not_in_build at configuration, nothing sent but the alert; the host build takes both', (t) => {
  const lines = [];
  const cases = [
    [{ keylog: (l) => lines.push(l) }, /^keylog is not in this build \(boards\/esp32\.json/],
    [{ advertise: { groups: [0x001d] } }, /^advertise \(a test hook\) is not in this build/],
  ];
  for (const [cfg, message] of cases) {
    const c = espClient(cfg);
    t.is(c.state, 'failed');
    t.is(c.error.code, 'not_in_build');
    t.regex(c.error.message, message);
    t.deepEqual([...firstFlight(c)], [21, 3, 3, 0, 2, 2, 80]);
    const h = m.createEngine({ role: 'client', random, clock, insecure: true, ...cfg });
    t.is(h.state, 'handshaking');
  }
  // the host build's keylog sees the whole handshake; the advertised groups replace its own
  const hc = m.createEngine({ role: 'client', random, clock, insecure: true, serverName: 'localhost', keylog: (l) => lines.push(l) });
  pump(hc, hostServer());
  t.is(hc.state, 'open');
  t.deepEqual(lines.map((l) => l.split(' ')[0]).sort(), ['CLIENT_HANDSHAKE_TRAFFIC_SECRET', 'CLIENT_TRAFFIC_SECRET_0',
    'EXPORTER_SECRET', 'SERVER_HANDSHAKE_TRAFFIC_SECRET', 'SERVER_TRAFFIC_SECRET_0']);
  const groups = helloExtensions(firstFlight(m.createEngine({ role: 'client', random, clock, insecure: true, advertise: { groups: [0x001d, 0x0018] } }))).get(10);
  t.deepEqual([...groups], [0, 4, 0, 0x1d, 0, 0x18]);
});

test('earlyData on a client of a bundle without early-data: not_in_build at configuration, nothing sent but the alert', (t) => {
  const s = m.createEngine({ role: 'client', random, clock, insecure: true });
  const c = espClient({ earlyData: new Uint8Array([1, 2, 3]) });
  t.is(c.state, 'failed');
  t.is(c.error.code, 'not_in_build');
  t.regex(c.error.message, /earlyData \(0-RTT\) is not in this build \(boards\/esp32\.json/);
  // an internal_error alert in plaintext is all that goes out, no ClientHello
  t.deepEqual([...firstFlight(c)], [21, 3, 3, 0, 2, 2, 80]);
  // the host build takes the same option
  t.is(s.state, 'handshaking');
  t.is(firstFlight(s)[5], 1);
});

test('a client certificate on a client of a bundle without client-auth: not_in_build at configuration', (t) => {
  const id = identity('p256');
  for (const cfg of [{ certChain: id.chain, privateKey: id.key }, { certChain: id.chain }]) {
    const c = espClient(cfg);
    t.is(c.state, 'failed');
    t.is(c.error.code, 'not_in_build');
    t.regex(c.error.message, /a client certificate is not in this build/);
  }
});

test('without client-auth a CertificateRequest gets an empty Certificate: accepted when optional, certificate_required when not', (t) => {
  const c = espClient();
  const s = hostServer({ requestClientCert: true });
  pump(c, s);
  t.is(c.state, 'open');
  t.is(s.state, 'open');
  t.deepEqual(s.info().peerChain, []);
  const c2 = espClient();
  const s2 = hostServer({ requestClientCert: true, requireClientCert: true });
  pump(c2, s2);
  t.is(s2.state, 'failed');
  t.regex(s2.error.message, /^certificate_required \(116\) sent/);
  t.is(c2.state, 'failed');
  t.regex(c2.error.message, /^certificate_required \(116\) received/);
});

test('signature_algorithms: no ed25519 (0x0807) without the feature, the same list otherwise', (t) => {
  const ours = schemes(espClient());
  const host = schemes(m.createEngine({ role: 'client', random, clock, insecure: true }));
  t.false(ours.includes(0x0807));
  t.true(host.includes(0x0807));
  t.deepEqual(ours, host.filter((s) => s !== 0x0807));
  t.true(ours.includes(0x0403) && ours.includes(0x0804));
});

test('a server with an Ed25519 certificate cannot finish a handshake with a client that did not offer it', (t) => {
  const c = espClient();
  const s = hostServer({}, 'ed25519');
  try { pump(c, s); } catch (e) { /* one side failed */ }
  t.not(c.state, 'open');
});

test('without tls12: only TLS 1.3 offered, TLS 1.2 suite names in the list skipped, unknown names refused', (t) => {
  const ext = helloExtensions(firstFlight(espClient()));
  t.deepEqual([...ext.get(43)], [2, 3, 4]);
  const c = espClient({ suites: ['TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', 'TLS_CHACHA20_POLY1305_SHA256'] });
  const s = hostServer();
  pump(c, s);
  t.is(c.state, 'open');
  t.is(c.info().suite, 'TLS_CHACHA20_POLY1305_SHA256');
  const bad = espClient({ suites: ['TLS_AES_128_GCM_SHA999'] });
  t.is(bad.state, 'failed');
  t.regex(bad.error.message, /unknown cipher suite TLS_AES_128_GCM_SHA999/);
  const only12 = espClient({ suites: ['TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256'] });
  t.is(only12.state, 'failed');
  t.regex(only12.error.message, /no cipher suites configured/);
});

test('what stays: HelloRetryRequest, ALPN, record_size_limit, a ticket resumed with psk_ke and with psk_dhe_ke, KeyUpdate asked by the server', (t) => {
  const store = m.createTicketStore(random);
  const s = hostServer({ groups: ['secp256r1'], alpn: ['b'], ticketStore: store, maxRecordSize: 1024 });
  const c = espClient({ groups: ['x25519', 'secp256r1'], alpn: ['a', 'b'], maxRecordSize: 2048 });
  pump(c, s);
  t.is(c.state, 'open');
  t.is(c.info().alpn, 'b');
  t.is(c.info().group, 'secp256r1');
  t.is(c.info().recordSizeLimit, 1024);
  const session = c.session();
  t.truthy(session);
  for (const modes of [['psk_ke'], ['psk_dhe_ke']]) {
    const c2 = espClient({ session, pskModes: modes });
    const s2 = hostServer({ ticketStore: store });
    pump(c2, s2);
    t.is(c2.state, 'open');
    t.true(c2.info().resumed);
    t.is(c2.info().group, modes[0] === 'psk_ke' ? null : 'x25519');
  }
  // the server asks for a key update: the client answers with its own and data still flows
  s.keyUpdate(true);
  pump(c, s);
  s.write(new Uint8Array([7, 8]), 0, 2);
  c.write(new Uint8Array([9]), 0, 1);
  pump(c, s);
  t.is(c.state, 'open');
  t.is(s.state, 'open');
  t.deepEqual([...readAll(c)], [7, 8]);
  t.deepEqual([...readAll(s)], [9]);
  c.close();
  pump(c, s);
  t.is(s.state, 'closing');
});
