// TLS 1.2 hostile input (issue 5): a downgrade by a man in the middle, bad record MAC, bad CBC
// padding, RSA premaster secrets with a wrong version, short or badly padded (all the same
// failure, no oracle), renegotiation attempts both ways, a bad Finished, messages out of order,
// and random mutations: each gets its alert and a typed error, never an exception.
import test from 'ava';
import crypto from 'node:crypto';
import { m, engines, pump, readAll, random, identity } from './helpers/tls-pair.mjs';
import { gcmKeys, gcmSeal, gcmOpen, records, flight, feed, handshakeMessages } from './helpers/tls12-ref.mjs';

const enc = (s) => new TextEncoder().encode(s);

function failed(t, e, alert, re) {
  t.is(e.state, 'failed');
  t.truthy(e.error);
  t.is(e.error.name, 'TlsError');
  t.is(e.error.alert, alert, e.error.message);
  if (re) t.regex(e.error.message, re);
}

function replace(buf, from, to) {
  const at = buf.indexOf(from);
  if (at < 0) throw new Error('pattern not found');
  const out = Buffer.from(buf);
  to.copy(out, at);
  return out;
}

test('a man in the middle strips TLS 1.3 from the ClientHello: the client sees DOWNGRD01, illegal_parameter', (t) => {
  const { client, server } = engines({}, {}, 'p256');
  // supported_versions (43) offering 0304 and 0303 renamed to an unknown extension
  const ch = replace(flight(client), Buffer.from('002b00050403040303', 'hex'), Buffer.from('fafa', 'hex'));
  feed(server, ch);
  const sflight = flight(server);
  t.is(handshakeMessages(sflight)[0].msg.subarray(30, 38).toString('latin1'), 'DOWNGRD\x01');
  feed(client, sflight);
  failed(t, client, 47, /downgrade/);
  const alert = records(flight(client));
  t.deepEqual([...alert[0].body], [2, 47]);
});

test('TLS_FALLBACK_SCSV in a TLS 1.2 ClientHello to a TLS 1.3-capable server: inappropriate_fallback', (t) => {
  const { client, server } = engines({ versions: ['TLSv1.2'], suites: ['TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256'] }, {}, 'p256');
  // the suite list (2 bytes of length, then c02b) gains 5600 in place of c02b's twin: rewrite c02b
  const ch = replace(flight(client), Buffer.from('0002c02b', 'hex'), Buffer.from('00025600', 'hex'));
  feed(server, ch);
  failed(t, server, 86, /TLS_FALLBACK_SCSV/);
  const p = engines({ versions: ['TLSv1.2'], suites: ['TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256'] }, { versions: ['TLSv1.2'] }, 'p256');
  const ch2 = replace(flight(p.client), Buffer.from('0002c02b', 'hex'), Buffer.from('00025600', 'hex'));
  feed(p.server, ch2);
  // a TLS 1.2-only server has nothing better to offer: the hello fails only for want of a suite
  failed(t, p.server, 40, /no common cipher suite/);
});

function handshakeUpToClientFinished(suite, cert, clientCfg = {}) {
  const keylog = [];
  const p = engines({ versions: ['TLSv1.2'], suites: [suite], keylog: (l) => keylog.push(l), ...clientCfg }, {}, cert);
  feed(p.server, flight(p.client));
  const sflight = flight(p.server);
  feed(p.client, sflight);
  return { ...p, sflight, cflight: flight(p.client), keylog };
}

test('bad record MAC (GCM): the client\'s Finished with a flipped tag byte: bad_record_mac', (t) => {
  const h = handshakeUpToClientFinished('TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', 'p256');
  const b = Buffer.from(h.cflight);
  b[b.length - 1] ^= 1;
  feed(h.server, b);
  failed(t, h.server, 20, /^bad_record_mac \(20\) sent: record failed authentication$/);
});

test('bad CBC padding and bad CBC MAC: the same bad_record_mac, the same words', (t) => {
  const msgs = [];
  for (const where of ['padding', 'mac']) {
    const h = handshakeUpToClientFinished('TLS_RSA_WITH_AES_128_CBC_SHA256', 'rsa2048');
    const recs = records(h.cflight);
    const fin = recs[recs.length - 1];
    const b = Buffer.from(h.cflight);
    const end = b.length;
    // the second-to-last ciphertext block's last byte decrypts into the padding length byte;
    // the first block after the IV holds the start of the Finished message (MAC check)
    if (where === 'padding') b[end - 17] ^= 0x10;
    else b[end - fin.body.length + 16] ^= 1;
    feed(h.server, b);
    failed(t, h.server, 20);
    msgs.push(h.server.error.message);
  }
  t.is(msgs[0], msgs[1]);
});

function rsaPremasterCase(encrypt) {
  const provider = m.withOverrides(m.defaultProvider, { rsaPkcs1Encrypt: encrypt });
  const p = engines({ versions: ['TLSv1.2'], suites: ['TLS_RSA_WITH_AES_128_GCM_SHA256'], provider }, {}, 'rsa2048');
  pump(p.client, p.server);
  return p;
}

test('RSA premaster: wrong version, short, bad padding, garbage: all end at the Finished alike', (t) => {
  const cert = new crypto.X509Certificate(Buffer.from(identity('rsa2048').chain[0]));
  const pub = cert.publicKey;
  const raw = (em) => new Uint8Array(crypto.publicEncrypt({ key: pub, padding: crypto.constants.RSA_NO_PADDING }, em));
  const cases = {
    'wrong version': (key, msg, rnd) => { const x = Uint8Array.from(msg); x[0] = 3; x[1] = 1; return m.rsaPkcs1Encrypt(key, x, rnd); },
    'short premaster': (key, msg, rnd) => m.rsaPkcs1Encrypt(key, msg.subarray(0, 47), rnd),
    'block type 1 padding': (key, msg) => {
      const em = Buffer.alloc(256, 0xff);
      em[0] = 0; em[1] = 1; em[256 - 49] = 0;
      Buffer.from(msg).copy(em, 256 - 48);
      return raw(em);
    },
    'no zero separator': (key, msg) => {
      const em = crypto.randomBytes(256).map((x) => x | 1);
      em[0] = 0; em[1] = 2;
      Buffer.from(msg).copy(em, 256 - 48);
      return raw(em);
    },
    'garbage of the wrong length': () => crypto.randomBytes(255),
  };
  const seen = new Set();
  for (const [name, fn] of Object.entries(cases)) {
    const p = rsaPremasterCase(fn);
    t.is(p.server.state, 'failed', name);
    t.is(p.server.error.name, 'TlsError', name);
    t.is(p.server.error.alert, 20, `${name}: ${p.server.error.message}`);
    seen.add(p.server.error.message);
    t.is(p.client.error.alert, 20, name);
  }
  t.is(seen.size, 1, [...seen].join(' | '));
  // and the right premaster still works through the same override path
  const good = rsaPremasterCase((key, msg, rnd) => m.rsaPkcs1Encrypt(key, msg, rnd));
  t.is(good.client.state, 'open');
});

test('renegotiation: a ClientHello after the handshake is refused (no_renegotiation), a HelloRequest gets a warning', (t) => {
  const keylog = [];
  const p = engines({ versions: ['TLSv1.2'], suites: ['TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256'], keylog: (l) => keylog.push(l) }, {}, 'p256');
  const ch = flight(p.client);
  feed(p.server, ch);
  const sflight = flight(p.server);
  const sr = handshakeMessages(sflight)[0].msg.subarray(6, 38);
  feed(p.client, sflight);
  pump(p.client, p.server);
  t.is(p.client.state, 'open');
  const [, cr, ms] = keylog[0].split(' ');
  const k = gcmKeys(Buffer.from(ms, 'hex'), Buffer.from(cr, 'hex'), sr);
  // the server asks the client to renegotiate: HelloRequest under the server's keys (seq 1)
  feed(p.client, gcmSeal(k.server, 1, 22, Buffer.from([0, 0, 0, 0])));
  t.is(p.client.state, 'open');
  const warn = records(flight(p.client));
  t.is(warn.length, 1);
  t.deepEqual([...gcmOpen(k.client, 1, 21, warn[0].body)], [1, 100]);
  // a client that renegotiates anyway: its first ClientHello again, under its keys (the warning
  // above stayed here, so the server next expects sequence number 1)
  const chMsg = handshakeMessages(ch)[0].msg;
  feed(p.server, gcmSeal(k.client, 1, 22, chMsg));
  failed(t, p.server, 100, /no_renegotiation \(100\) sent: renegotiation is refused/);
});

test('bad Finished: a resumed handshake whose ClientHello was altered on the way: decrypt_error', (t) => {
  const store = m.createTicketStore(random);
  const a = engines({ versions: ['TLSv1.2'] }, { ticketStore: store }, 'p256');
  pump(a.client, a.server);
  const b = engines({ versions: ['TLSv1.2'], session: a.client.session() }, { ticketStore: store }, 'p256');
  const ch = replace(flight(b.client), Buffer.from('localhost', 'latin1'), Buffer.from('locblhost', 'latin1'));
  feed(b.server, ch);
  feed(b.client, flight(b.server));
  failed(t, b.client, 51, /Finished verify_data does not match/);
});

test('messages out of order: ServerHelloDone without the Certificate, change_cipher_spec too early', (t) => {
  let p = engines({ versions: ['TLSv1.2'] }, {}, 'p256');
  feed(p.server, flight(p.client));
  const msgs = handshakeMessages(flight(p.server)).filter((h) => h.type !== 11).map((h) => h.msg);
  const body = Buffer.concat(msgs);
  feed(p.client, Buffer.concat([Buffer.from([22, 3, 3, body.length >> 8, body.length & 255]), body]));
  failed(t, p.client, 10, /while expecting Certificate/);
  p = engines({ versions: ['TLSv1.2'] }, {}, 'p256');
  feed(p.client, Buffer.from([20, 3, 3, 0, 1, 1]));
  failed(t, p.client, 10, /change_cipher_spec/);
});

test('random mutations of TLS 1.2 flights: typed errors only, never an exception', (t) => {
  const rnd = (n) => crypto.randomInt(n);
  let failedCount = 0;
  for (let i = 0; i < 200; i++) {
    const p = engines({ versions: ['TLSv1.2'], suites: i % 2 ? ['TLS_RSA_WITH_AES_128_CBC_SHA'] : undefined }, {}, i % 2 ? 'rsa2048' : 'p256');
    const toServer = i % 3 === 0;
    let bytes = flight(p.client);
    if (!toServer) { feed(p.server, bytes); bytes = flight(p.server); }
    const b = Buffer.from(bytes);
    for (let k = 0; k < 1 + rnd(4); k++) b[rnd(b.length)] ^= 1 + rnd(255);
    const target = toServer ? p.server : p.client;
    t.notThrows(() => { feed(target, b); pump(p.client, p.server); });
    for (const e of [p.client, p.server]) {
      if (e.state === 'failed') { failedCount++; t.is(e.error.name, 'TlsError'); t.true(e.error.alert >= 0); }
    }
  }
  t.true(failedCount > 100, `${failedCount} failures`);
});
