// Hostile input: truncated, oversized and garbled records and messages, unexpected messages, bad
// Finished and CertificateVerify, bad binders, duplicate and unsolicited extensions, downgrade.
// Each must end the connection with a TlsError naming the alert RFC 8446 asks for, never with an
// exception. Crafted messages start from RFC 8448's simple 1-RTT trace; protected ones are
// re-encrypted here with node:crypto under the secrets the engine logged.
import test from 'ava';
import { createHash, createHmac, createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { m, engines, pump } from './helpers/tls-pair.mjs';
import { scenarios, poolRandom, pssSalt, RFC_GROUPS, RFC_SCHEMES } from './helpers/rfc8448.mjs';

const S = scenarios();
const sc = S.Simple_1RTT_Handshake;
const certMsg = sc.Message_Server_Certificate;
const serverCertDer = certMsg.subarray(11, 11 + certMsg.readUIntBE(8, 3));
const serverChain = [new Uint8Array(serverCertDer)];
const serverCertPem = '-----BEGIN CERTIFICATE-----\n' + serverCertDer.toString('base64') + '\n-----END CERTIFICATE-----\n';
const ms = 1651826546000;
const clock = { now: () => ms / 1000 };
const clientCfg = {
  role: 'client', serverName: 'server', compatibilityMode: false, allowRsa1024: true, insecure: true,
  suites: ['TLS_AES_128_GCM_SHA256', 'TLS_CHACHA20_POLY1305_SHA256', 'TLS_AES_256_GCM_SHA384'],
  groups: ['x25519', 'secp256r1'], clock,
  advertise: { groups: RFC_GROUPS, signatureSchemes: RFC_SCHEMES, renegotiationInfo: true, sessionTicket: true },
};

function label(secret, name, len) {
  const l = Buffer.from('tls13 ' + name);
  const info = Buffer.concat([Buffer.from([len >> 8, len & 255, l.length]), l, Buffer.from([0]), Buffer.from([1])]);
  return createHmac('sha256', secret).update(info).digest().subarray(0, len);
}

function seal(secretHex, inner, type) {
  const secret = Buffer.from(secretHex, 'hex');
  const pt = Buffer.concat([inner, Buffer.from([type])]);
  const header = Buffer.from([23, 3, 3, (pt.length + 16) >> 8, (pt.length + 16) & 255]);
  const c = createCipheriv('aes-128-gcm', label(secret, 'key', 16), label(secret, 'iv', 12));
  c.setAAD(header);
  return Buffer.concat([header, c.update(pt), c.final(), c.getAuthTag()]);
}

function open(secretHex, rec) {
  const secret = Buffer.from(secretHex, 'hex');
  const d = createDecipheriv('aes-128-gcm', label(secret, 'key', 16), label(secret, 'iv', 12));
  d.setAAD(rec.subarray(0, 5));
  d.setAuthTag(rec.subarray(rec.length - 16));
  const pt = Buffer.concat([d.update(rec.subarray(5, rec.length - 16)), d.final()]);
  return pt.subarray(0, pt.length - 1);
}

function plainRecord(type, body) {
  return Buffer.concat([Buffer.from([type, 3, 3, body.length >> 8, body.length & 255]), body]);
}

/** An RFC client that has sent its ClientHello; `keys` fills in as secrets are logged. */
function rfcClient() {
  const keys = {};
  const c = m.createEngine({ ...clientCfg, random: poolRandom(sc.Client_RNG_Pool), keylog: (l) => { const p = l.split(' '); keys[p[0]] = p[2]; } });
  c.pull(new Uint8Array(4096), 0, 4096);
  return { c, keys };
}

function expectAlert(t, e, alert, name, reason) {
  t.is(e.state, 'failed');
  t.truthy(e.error);
  t.is(e.error.name, 'TlsError');
  t.is(e.error.alert, alert);
  t.true(e.error.message.startsWith(`${name} (${alert}) sent`), e.error.message);
  if (reason) t.regex(e.error.message, reason);
  // the alert went out: a fatal alert record, unprotected or protected
  const out = new Uint8Array(4096);
  const n = e.pull(out, 0, out.length);
  t.true(n >= 7);
}

function feed(e, bytes) {
  return e.feed(new Uint8Array(bytes), 0, bytes.length);
}

// the RFC's server flight, messages in the clear
const serverMsgs = (() => {
  const { c, keys } = rfcClient();
  feed(c, sc.Record_ServerHello);
  return open(keys.SERVER_HANDSHAKE_TRAFFIC_SECRET, sc.Record_ServerHandshakeMessages);
})();
const EE = sc.Message_EncryptedExtensions;
const CERT = sc.Message_Server_Certificate;
const CV = sc.Message_Server_CertificateVerify;
const FIN = sc.Message_Server_Finished;

test('the RFC flight re-encrypted here is accepted (the crafting works)', (t) => {
  t.is(Buffer.concat([EE, CERT, CV, FIN]).toString('hex'), serverMsgs.toString('hex'));
  const { c, keys } = rfcClient();
  feed(c, sc.Record_ServerHello);
  feed(c, seal(keys.SERVER_HANDSHAKE_TRAFFIC_SECRET, serverMsgs, 22));
  t.is(c.state, 'open');
  t.is(c.error, null);
});

function withFlight(t, msgs, alert, name, reason) {
  const { c, keys } = rfcClient();
  feed(c, sc.Record_ServerHello);
  feed(c, seal(keys.SERVER_HANDSHAKE_TRAFFIC_SECRET, Buffer.concat(msgs), 22));
  expectAlert(t, c, alert, name, reason);
}

test('bad server Finished: decrypt_error', (t) => {
  const fin = Buffer.from(FIN);
  fin[fin.length - 1] ^= 1;
  withFlight(t, [EE, CERT, CV, fin], 51, 'decrypt_error', /Finished/);
});

test('bad CertificateVerify signature: decrypt_error', (t) => {
  const cv = Buffer.from(CV);
  cv[cv.length - 5] ^= 0x40;
  withFlight(t, [EE, CERT, cv, FIN], 51, 'decrypt_error', /CertificateVerify/);
});

test('CertificateVerify with a scheme not offered: illegal_parameter', (t) => {
  const cv = Buffer.from(CV);
  cv.writeUInt16BE(0x0809, 4);
  withFlight(t, [EE, CERT, cv, FIN], 47, 'illegal_parameter', /not offered/);
});

test('empty server Certificate: decode_error', (t) => {
  withFlight(t, [EE, Buffer.from('0b000004' + '00000000', 'hex'), CV, FIN], 50, 'decode_error');
});

test('truncated EncryptedExtensions: decode_error', (t) => {
  const ee = Buffer.from(EE);
  ee.writeUIntBE(ee.length - 4 - 3, 1, 3);
  withFlight(t, [ee.subarray(0, ee.length - 3), CERT, CV, FIN], 50, 'decode_error');
});

test('duplicate extension in EncryptedExtensions: illegal_parameter', (t) => {
  // record_size_limit twice
  const ext = Buffer.from('001c00024001', 'hex');
  const body = Buffer.concat([EE.subarray(6), ext]);
  const ee = Buffer.concat([Buffer.from([8, 0, 0, body.length + 2, body.length >> 8, body.length & 255]), body]);
  withFlight(t, [ee, CERT, CV, FIN], 47, 'illegal_parameter', /duplicate extension 28/);
});

for (const [type, data, what] of [[16, '0003026832', 'ALPN'], [42, '', 'early_data'], [51, '001d0000', 'key_share']]) {
  test(`unsolicited ${what} in EncryptedExtensions: unsupported_extension`, (t) => {
    const ext = Buffer.concat([Buffer.from([type >> 8, type & 255, 0, data.length / 2]), Buffer.from(data, 'hex')]);
    const body = Buffer.concat([EE.subarray(6), ext]);
    const ee = Buffer.concat([Buffer.from([8, 0, 0, body.length + 2, body.length >> 8, body.length & 255]), body]);
    withFlight(t, [ee, CERT, CV, FIN], 110, 'unsupported_extension');
  });
}

test('Finished where Certificate is expected: unexpected_message', (t) => {
  withFlight(t, [EE, FIN], 10, 'unexpected_message');
});

test('second ServerHello inside the encrypted flight: unexpected_message', (t) => {
  withFlight(t, [EE, sc.Message_ServerHello], 10, 'unexpected_message');
});

test('garbled protected record: bad_record_mac', (t) => {
  const { c } = rfcClient();
  feed(c, sc.Record_ServerHello);
  const rec = Buffer.from(sc.Record_ServerHandshakeMessages);
  rec[100] ^= 1;
  feed(c, rec);
  expectAlert(t, c, 20, 'bad_record_mac');
});

test('oversized record: record_overflow', (t) => {
  const { c } = rfcClient();
  feed(c, sc.Record_ServerHello);
  feed(c, Buffer.from([23, 3, 3, 0x41, 0x01]));
  expectAlert(t, c, 22, 'record_overflow');
});

test('plaintext record over 2^14: record_overflow', (t) => {
  const { c } = rfcClient();
  feed(c, Buffer.from([22, 3, 3, 0x40, 0x01]));
  expectAlert(t, c, 22, 'record_overflow');
});

test('unknown content type: unexpected_message', (t) => {
  const { c } = rfcClient();
  feed(c, Buffer.from([99, 3, 3, 0, 1, 0]));
  expectAlert(t, c, 10, 'unexpected_message');
});

test('application data before the handshake: unexpected_message', (t) => {
  const { c } = rfcClient();
  feed(c, Buffer.from([23, 3, 3, 0, 20, ...new Array(20).fill(0)]));
  expectAlert(t, c, 10, 'unexpected_message');
});

test('a truncated record only waits for more', (t) => {
  const { c } = rfcClient();
  feed(c, sc.Record_ServerHello.subarray(0, 50));
  t.is(c.state, 'handshaking');
  t.is(c.error, null);
  feed(c, sc.Record_ServerHello.subarray(50));
  feed(c, sc.Record_ServerHandshakeMessages);
  t.is(c.state, 'open');
});

function editSH(fn) {
  const sh = Buffer.from(sc.Message_ServerHello);
  return plainRecord(22, fn(sh) || sh);
}

test('ServerHello with a suite not offered: illegal_parameter', (t) => {
  const { c } = rfcClient();
  feed(c, editSH((sh) => { sh.writeUInt16BE(0x1304, 39); }));
  expectAlert(t, c, 47, 'illegal_parameter', /cipher suite/);
});

test('ServerHello with another session id echo: illegal_parameter', (t) => {
  const { c } = rfcClient();
  const sh = sc.Message_ServerHello;
  const edited = Buffer.concat([sh.subarray(0, 38), Buffer.from([1, 7]), sh.subarray(39)]);
  edited.writeUIntBE(edited.length - 4, 1, 3);
  feed(c, plainRecord(22, edited));
  expectAlert(t, c, 47, 'illegal_parameter', /session_id/);
});

test('ServerHello with a key share for a group not offered: illegal_parameter', (t) => {
  const { c } = rfcClient();
  // key_share group x25519 -> secp256r1 (offered in supported_groups, but no share was sent)
  feed(c, editSH((sh) => { sh.writeUInt16BE(0x0017, sh.indexOf(Buffer.from('001d0020', 'hex'))); }));
  expectAlert(t, c, 47, 'illegal_parameter', /key share/);
});

test('ServerHello with a duplicate extension: illegal_parameter', (t) => {
  const { c } = rfcClient();
  const sh = sc.Message_ServerHello;
  const sv = Buffer.from('002b00020304', 'hex');
  const edited = Buffer.concat([sh, sv]);
  edited.writeUIntBE(edited.length - 4, 1, 3);
  edited.writeUInt16BE(edited.readUInt16BE(42) + 6, 42);
  feed(c, plainRecord(22, edited));
  expectAlert(t, c, 47, 'illegal_parameter', /duplicate/);
});

test('ServerHello with an unsolicited extension: unsupported_extension', (t) => {
  const { c } = rfcClient();
  const sh = sc.Message_ServerHello;
  const edited = Buffer.concat([sh, Buffer.from('00100000', 'hex')]);
  edited.writeUIntBE(edited.length - 4, 1, 3);
  edited.writeUInt16BE(edited.readUInt16BE(42) + 4, 42);
  feed(c, plainRecord(22, edited));
  expectAlert(t, c, 110, 'unsupported_extension');
});

test('downgrade: a TLS 1.2 ServerHello with the sentinel: illegal_parameter', (t) => {
  const { c } = rfcClient();
  // no supported_versions, random ending in DOWNGRD\x01
  const sh = Buffer.from(sc.Message_ServerHello.subarray(0, 44));
  Buffer.from('444f574e47524401', 'hex').copy(sh, 6 + 24);
  sh.writeUInt16BE(0, 42);
  sh.writeUIntBE(sh.length - 4, 1, 3);
  feed(c, plainRecord(22, sh));
  expectAlert(t, c, 47, 'illegal_parameter', /downgrade/);
});

test('a TLS 1.2 ServerHello without the sentinel: protocol_version', (t) => {
  const { c } = rfcClient();
  const sh = Buffer.from(sc.Message_ServerHello.subarray(0, 44));
  sh.writeUInt16BE(0, 42);
  sh.writeUIntBE(sh.length - 4, 1, 3);
  feed(c, plainRecord(22, sh));
  expectAlert(t, c, 70, 'protocol_version');
});

test('a handshake message over the size bound: illegal_parameter', (t) => {
  const { c } = rfcClient();
  feed(c, plainRecord(22, Buffer.from([2, 0xff, 0xff, 0xff])));
  expectAlert(t, c, 47, 'illegal_parameter', /over the limit/);
});

test('data after ServerHello in the same record (spans a key change): unexpected_message', (t) => {
  const { c } = rfcClient();
  feed(c, plainRecord(22, Buffer.concat([sc.Message_ServerHello, EE])));
  expectAlert(t, c, 10, 'unexpected_message', /key change/);
});

test('a fatal alert from the peer names it as received', (t) => {
  const { c } = rfcClient();
  feed(c, Buffer.from([21, 3, 3, 0, 2, 2, 40]));
  t.is(c.state, 'failed');
  t.is(c.error.alert, 40);
  t.is(c.error.message, 'handshake_failure (40) received from the peer');
  t.is(c.pending(), 0);
});

// ---- server side ----

const serverKey = m.parsePrivateKey(S && (await import('./helpers/rfc8448.mjs')).file('server_key.pem'), { allow1024: true });

function rfcServer(keylog) {
  const salt = pssSalt(serverCertPem, sc.Server_MessageSignature);
  const pool = Buffer.concat([sc.Server_RNG_Pool.subarray(0, 64), salt, sc.Server_RNG_Pool.subarray(64)]);
  return m.createEngine({ role: 'server', random: poolRandom(pool), clock, certChain: serverChain, privateKey: serverKey,
    allowRsa1024: true, keylog });
}

const CH = sc.Record_ClientHello_1.subarray(5);

function editCH(fn) {
  const ch = Buffer.from(CH);
  return plainRecord(22, fn(ch) || ch);
}

/** The ClientHello with its extension block replaced by `exts` (a Buffer of extensions). */
function chWithExts(exts) {
  const head = CH.subarray(0, 4 + 2 + 32 + 1 + 2 + 6 + 2);
  const body = Buffer.concat([head.subarray(4), Buffer.from([exts.length >> 8, exts.length & 255]), exts]);
  return plainRecord(22, Buffer.concat([Buffer.from([1, 0, body.length >> 8, body.length & 255]), body]));
}

const chExts = CH.subarray(4 + 2 + 32 + 1 + 2 + 6 + 2 + 2);

test('bad client Finished: decrypt_error', (t) => {
  const keys = {};
  const s = rfcServer((l) => { const p = l.split(' '); keys[p[0]] = p[2]; });
  feed(s, sc.Record_ClientHello_1);
  s.pull(new Uint8Array(8192), 0, 8192);
  const fin = open(keys.CLIENT_HANDSHAKE_TRAFFIC_SECRET, sc.Record_ClientFinished);
  fin[10] ^= 0x80;
  feed(s, seal(keys.CLIENT_HANDSHAKE_TRAFFIC_SECRET, fin, 22));
  expectAlert(t, s, 51, 'decrypt_error', /Finished/);
});

test('ClientHello without supported_versions: protocol_version', (t) => {
  // a TLS 1.3-only server (with TLS 1.2 on, the hello goes to the TLS 1.2 server instead)
  const salt = pssSalt(serverCertPem, sc.Server_MessageSignature);
  const pool = Buffer.concat([sc.Server_RNG_Pool.subarray(0, 64), salt, sc.Server_RNG_Pool.subarray(64)]);
  const s = m.createEngine({ role: 'server', random: poolRandom(pool), clock, certChain: serverChain, privateKey: serverKey,
    allowRsa1024: true, versions: ['TLSv1.3'] });
  const exts = [];
  for (let p = 0; p < chExts.length;) {
    const type = chExts.readUInt16BE(p);
    const len = chExts.readUInt16BE(p + 2);
    if (type !== 43) exts.push(chExts.subarray(p, p + 4 + len));
    p += 4 + len;
  }
  feed(s, chWithExts(Buffer.concat(exts)));
  expectAlert(t, s, 70, 'protocol_version');
});

test('ClientHello with a duplicate extension: illegal_parameter', (t) => {
  const s = rfcServer();
  feed(s, chWithExts(Buffer.concat([chExts, Buffer.from('001c00024001', 'hex')])));
  expectAlert(t, s, 47, 'illegal_parameter', /duplicate/);
});

test('ClientHello with compression: illegal_parameter', (t) => {
  const s = rfcServer();
  feed(s, editCH((ch) => { ch[4 + 2 + 32 + 1 + 2 + 6 + 1] = 1; }));
  expectAlert(t, s, 47, 'illegal_parameter', /compression/);
});

test('ClientHello without a common suite: handshake_failure', (t) => {
  const s = rfcServer();
  feed(s, editCH((ch) => { for (let i = 0; i < 3; i++) ch.writeUInt16BE(0xc02b + i, 41 + 2 * i); }));
  expectAlert(t, s, 40, 'handshake_failure', /cipher suite/);
});

test('ClientHello with pre_shared_key not last: illegal_parameter', (t) => {
  const s = rfcServer();
  const psk = Buffer.from('0029002b0006000161000000000021200000000000000000000000000000000000000000000000000000000000000000', 'hex');
  psk.writeUInt16BE(psk.length - 4, 2);
  feed(s, chWithExts(Buffer.concat([psk, chExts])));
  expectAlert(t, s, 47, 'illegal_parameter', /last/);
});

test('truncated ClientHello: decode_error', (t) => {
  const s = rfcServer();
  const ch = Buffer.from(CH.subarray(0, 60));
  ch.writeUIntBE(56, 1, 3);
  feed(s, plainRecord(22, ch));
  expectAlert(t, s, 50, 'decode_error');
});

test('bad PSK binder on a ticket: decrypt_error', (t) => {
  const store = m.createTicketStore({ fill: (o) => o.set(randomBytes(o.length)) });
  const first = engines({}, { ticketStore: store });
  pump(first.client, first.server);
  const session = first.client.session();
  const { client, server } = engines({ session: { ...session, secret: new Uint8Array(session.secret.length) } }, { ticketStore: store });
  pump(client, server);
  t.is(server.error.alert, 51);
  t.regex(server.error.message, /decrypt_error \(51\) sent: PSK binder/);
});

test('mutated ClientHellos and ServerHellos never throw: 600 random edits', (t) => {
  let failedCount = 0;
  for (let i = 0; i < 300; i++) {
    const rec = Buffer.from(sc.Record_ClientHello_1);
    const k = 1 + (i % 3);
    for (let j = 0; j < k; j++) rec[Math.floor(Math.random() * rec.length)] ^= 1 << (i % 8);
    const s = rfcServerLoose();
    feed(s, rec);
    if (s.state === 'failed') {
      failedCount++;
      t.is(s.error.name, 'TlsError');
      t.true(s.error.alert > 0);
    }
  }
  for (let i = 0; i < 300; i++) {
    const rec = Buffer.from(sc.Record_ServerHello);
    rec[5 + Math.floor(Math.random() * (rec.length - 5))] ^= 1 << (i % 8);
    const { c } = rfcClient();
    feed(c, rec);
    feed(c, sc.Record_ServerHandshakeMessages);
    if (c.state === 'failed') {
      failedCount++;
      t.is(c.error.name, 'TlsError');
    } else {
      t.is(c.state, 'open');
    }
  }
  t.true(failedCount > 300);
});

function rfcServerLoose() {
  return m.createEngine({ role: 'server', random: { fill: (o) => o.set(randomBytes(o.length)) }, clock,
    certChain: serverChain, privateKey: serverKey, allowRsa1024: true });
}

test('a large handshake message length alone claims no memory; maxHandshakeMessage bounds it', (t) => {
  const { c } = rfcClient();
  // announce a 60000-byte ServerHello and send 10 bytes of it: waits, no failure
  feed(c, plainRecord(22, Buffer.from([2, 0, 0xea, 0x60, 3, 3, 1, 2, 3, 4])));
  t.is(c.state, 'handshaking');
  const small = m.createEngine({ ...clientCfg, random: poolRandom(sc.Client_RNG_Pool), maxHandshakeMessage: 4096 });
  small.pull(new Uint8Array(4096), 0, 4096);
  feed(small, plainRecord(22, Buffer.from([2, 0, 0x10, 0x01, 3, 3])));
  expectAlert(t, small, 47, 'illegal_parameter', /4097 bytes over the limit of 4096/);
});
