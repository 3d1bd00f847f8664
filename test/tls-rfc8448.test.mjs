// RFC 8448 byte for byte, both roles: with the RFC's random values injected and the clock pinned,
// each side must produce exactly the RFC's records, and accept the other side's.
import test from 'ava';
import { m } from './helpers/tls-pair.mjs';
import { scenarios, file, poolRandom, pssSalt, RFC_GROUPS, RFC_SCHEMES } from './helpers/rfc8448.mjs';
import { createHash, createHmac, createCipheriv } from 'node:crypto';

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
  advertise: { groups: RFC_GROUPS, signatureSchemes: RFC_SCHEMES, renegotiationInfo: true },
};

// the simple scenario's client also sends an empty session_ticket extension
const simpleAdvertise = { advertise: { ...clientBase.advertise, sessionTicket: true } };

/** A ticket store that hands out the RFC's ticket and remembers the state behind it. */
function rfcTicketStore(ticket) {
  const states = new Map();
  const claimed = new Set();
  return {
    issue(state) { states.set(hex(ticket), Uint8Array.from(state)); return new Uint8Array(ticket); },
    redeem(t) { return states.get(hex(t)) || null; },
    claimEarly(t) {
      if (!states.has(hex(t)) || claimed.has(hex(t))) return false;
      claimed.add(hex(t));
      return true;
    },
    states,
  };
}

test('simple 1-RTT: client role byte for byte', (t) => {
  const sc = S.Simple_1RTT_Handshake;
  const keylog = [];
  const c = m.createEngine({ ...clientBase, random: poolRandom(sc.Client_RNG_Pool), clock: clockAt(sc), keylog: (l) => keylog.push(l), ...simpleAdvertise });
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

function simpleClientSession(t) {
  const sc = S.Simple_1RTT_Handshake;
  const c = m.createEngine({ ...clientBase, random: poolRandom(sc.Client_RNG_Pool), clock: clockAt(sc), ...simpleAdvertise });
  pullAll(c);
  feedAll(t, c, Buffer.concat([sc.Record_ServerHello, sc.Record_ServerHandshakeMessages]));
  pullAll(c);
  feedAll(t, c, sc.Record_NewSessionTicket);
  return c.session();
}

// The resumed scenario's file mixes two runs: Record_ServerHandshakeMessages comes from a server
// that left out the server_name acknowledgement, while Message_Server_Finished and
// Record_ClientFinished are RFC 8448's own (its EncryptedExtensions acknowledges server_name).
// The RFC's server record is rebuilt here from the RFC's messages under the server handshake key.
function hkdfLabel(secret, label, len) {
  const l = Buffer.from('tls13 ' + label);
  const info = Buffer.concat([Buffer.from([len >> 8, len & 255, l.length]), l, Buffer.from([0]), Buffer.from([1])]);
  return createHmac('sha256', secret).update(info).digest().subarray(0, len);
}

function rfcResumedServerRecord(sHsHex) {
  const sc = S.Resumed_0RTT_Handshake;
  const ee = Buffer.from(sc.Message_EncryptedExtensions);
  // insert server_name (0000 0000) before early_data (002a 0000), fix the lengths
  const eeRfc = Buffer.concat([ee.subarray(0, ee.length - 4), Buffer.from('00000000', 'hex'), ee.subarray(ee.length - 4)]);
  eeRfc.writeUIntBE(eeRfc.length - 4, 1, 3);
  eeRfc.writeUInt16BE(eeRfc.length - 6, 4);
  const inner = Buffer.concat([eeRfc, sc.Message_Server_Finished, Buffer.from([22])]);
  const secret = Buffer.from(sHsHex, 'hex');
  const header = Buffer.from([23, 3, 3, (inner.length + 16) >> 8, (inner.length + 16) & 255]);
  const cipher = createCipheriv('aes-128-gcm', hkdfLabel(secret, 'key', 16), hkdfLabel(secret, 'iv', 12));
  cipher.setAAD(header);
  const ct = Buffer.concat([cipher.update(inner), cipher.final(), cipher.getAuthTag()]);
  return Buffer.concat([header, ct]);
}

test('resumed 0-RTT: client role byte for byte', (t) => {
  const sc = S.Resumed_0RTT_Handshake;
  const session = simpleClientSession(t);
  t.is(session.maxEarlyData, 1024);
  t.is(session.lifetime, 30);
  const keylog = [];
  const c = m.createEngine({
    ...clientBase, random: poolRandom(sc.Client_RNG_Pool), clock: clockAt(sc), session,
    earlyData: new Uint8Array(sc.Client_EarlyAppData), keylog: (l) => keylog.push(l.split(' ')),
  });
  t.is(hex(pullAll(c)), hex(Buffer.concat([sc.Record_ClientHello_1, sc.Record_Client_EarlyAppData])));
  feedAll(t, c, sc.Record_ServerHello);
  const sHs = keylog.find((l) => l[0] === 'SERVER_HANDSHAKE_TRAFFIC_SECRET')[2];
  feedAll(t, c, rfcResumedServerRecord(sHs));
  t.is(c.state, 'open');
  t.is(hex(pullAll(c)), hex(sc.Record_ClientFinished));
  const info = c.info();
  t.true(info.resumed);
  t.true(info.earlyDataAccepted);
  t.is(c.write(new Uint8Array(sc.Client_AppData), 0, sc.Client_AppData.length), sc.Client_AppData.length);
  t.is(hex(pullAll(c)), hex(sc.Record_Client_AppData));
  feedAll(t, c, sc.Record_Server_AppData);
  t.is(hex(readAll(c)), hex(sc.Server_AppData));
  c.close();
  t.is(hex(pullAll(c)), hex(sc.Record_Client_CloseNotify));
  feedAll(t, c, sc.Record_Server_CloseNotify);
  t.is(c.state, 'closed');
});

test('resumed 0-RTT: server role byte for byte, early data accepted once', (t) => {
  const sc = S.Resumed_0RTT_Handshake;
  const store = rfcTicketStore(S.Simple_1RTT_Handshake.SessionTicket);
  simpleServer(t, store);
  const serverCfg = {
    role: 'server', clock: clockAt(sc), certChain: serverChain, privateKey: serverKey,
    groups: ['x25519', 'secp256r1'], advertise: { groups: RFC_GROUPS, signatureSchemes: RFC_SCHEMES },
    ticketStore: store, ticketLifetime: 30, maxEarlyData: 1024, newTickets: 0,
  };
  const keylog = [];
  const s = m.createEngine({ ...serverCfg, random: poolRandom(sc.Server_RNG_Pool), keylog: (l) => keylog.push(l.split(' ')) });
  feedAll(t, s, Buffer.concat([sc.Record_ClientHello_1, sc.Record_Client_EarlyAppData]));
  const sHs = keylog.find((l) => l[0] === 'SERVER_HANDSHAKE_TRAFFIC_SECRET')[2];
  t.is(hex(pullAll(s)), hex(Buffer.concat([sc.Record_ServerHello, rfcResumedServerRecord(sHs)])));
  t.is(hex(readAll(s)), hex(sc.Client_EarlyAppData));
  feedAll(t, s, sc.Record_ClientFinished);
  t.is(s.state, 'open');
  t.true(s.info().resumed);
  t.true(s.info().earlyDataAccepted);
  feedAll(t, s, sc.Record_Client_AppData);
  t.is(hex(readAll(s)), hex(sc.Client_AppData));
  t.is(s.write(new Uint8Array(sc.Server_AppData), 0, sc.Server_AppData.length), sc.Server_AppData.length);
  t.is(hex(pullAll(s)), hex(sc.Record_Server_AppData));
  feedAll(t, s, sc.Record_Client_CloseNotify);
  s.close();
  t.is(hex(pullAll(s)), hex(sc.Record_Server_CloseNotify));
  // the same ClientHello again: resumption works, the early data is refused (skipped) this time
  const again = m.createEngine({ ...serverCfg, random: poolRandom(sc.Server_RNG_Pool) });
  feedAll(t, again, Buffer.concat([sc.Record_ClientHello_1, sc.Record_Client_EarlyAppData]));
  const flight = pullAll(again);
  t.not(hex(flight), hex(Buffer.concat([sc.Record_ServerHello, sc.Record_ServerHandshakeMessages])));
  t.is(readAll(again).length, 0);
  t.is(again.error, null);
});

test('HelloRetryRequest: client role byte for byte', (t) => {
  const sc = S.HelloRetryRequest_Handshake;
  const c = m.createEngine({
    ...clientBase, random: poolRandom(sc.Client_RNG_Pool), clock: clockAt(sc),
    advertise: { groups: [0x001d, 0x0017, 0x0018], signatureSchemes: RFC_SCHEMES, renegotiationInfo: true },
  });
  t.is(hex(pullAll(c)), hex(sc.Record_ClientHello_1));
  feedAll(t, c, sc.Record_HelloRetryRequest);
  t.is(hex(pullAll(c)), hex(sc.Record_ClientHello_2));
  feedAll(t, c, sc.Record_ServerHello);
  feedAll(t, c, sc.Record_ServerHandshakeMessages);
  t.is(c.state, 'open');
  t.is(hex(pullAll(c)), hex(sc.Record_ClientFinished));
  t.is(c.info().group, 'secp256r1');
  c.close();
  t.is(hex(pullAll(c)), hex(sc.Record_Client_CloseNotify));
  feedAll(t, c, sc.Record_Server_CloseNotify);
  t.is(c.state, 'closed');
});

test('HelloRetryRequest: server role byte for byte', (t) => {
  const sc = S.HelloRetryRequest_Handshake;
  const salt = pssSalt(serverCertPem, sc.Server_MessageSignature);
  const pool = Buffer.concat([sc.Server_RNG_Pool, salt]);
  const rnd = poolRandom(pool);
  const s = m.createEngine({
    role: 'server', random: rnd, clock: clockAt(sc), certChain: serverChain, privateKey: serverKey,
    groups: ['secp256r1'], advertise: { groups: [0x0017, 0x0018, 0x001d], signatureSchemes: RFC_SCHEMES },
    hrrCookie: new Uint8Array(sc.HelloRetryRequest_Cookie),
  });
  feedAll(t, s, sc.Record_ClientHello_1);
  t.is(hex(pullAll(s)), hex(sc.Record_HelloRetryRequest));
  feedAll(t, s, sc.Record_ClientHello_2);
  t.is(hex(pullAll(s)), hex(Buffer.concat([sc.Record_ServerHello, sc.Record_ServerHandshakeMessages])));
  feedAll(t, s, sc.Record_ClientFinished);
  t.is(s.state, 'open');
  t.is(rnd.used(), pool.length);
  feedAll(t, s, sc.Record_Client_CloseNotify);
  s.close();
  t.is(hex(pullAll(s)), hex(sc.Record_Server_CloseNotify));
});

// Client authentication (this file's version: an ECDSA P-256 server, an RSA-1024 client). Neither
// private key is published, so signing goes through provider members standing in for a secure
// element: they check they are asked to sign exactly the RFC's content and answer with the RFC's
// signature (the RSA one after its salt has been drawn from the RNG as usual).
const caS = S.Client_Authentication_Handshake;
const caServerCert = (() => {
  const msg = caS.Message_Server_Certificate;
  return new Uint8Array(msg.subarray(11, 11 + msg.readUIntBE(8, 3)));
})();
const caClientPem = file('client_certificate.pem');
const caClientCert = m.pemDecode(caClientPem, 'CERTIFICATE')[0];
const spkiPin = (der) => createHash('sha256').update(m.certPublicKey(der, true).spki).digest();

function signerProvider(t, content, signature, kind) {
  const digest = createHash('sha256').update(content).digest('hex');
  return m.withOverrides(m.defaultProvider, kind === 'rsa' ? {
    rsaPssSign: (priv, hash, d, salt) => {
      t.is(hex(d), digest);
      t.is(hex(salt), hex(pssSalt(caClientPem, signature)));
      return new Uint8Array(signature);
    },
  } : {
    ecdsaP256Sign: (priv, d) => {
      t.is(hex(d), digest);
      return new Uint8Array(signature);
    },
  });
}

test('client authentication: client role byte for byte', (t) => {
  const sc = caS;
  const pool = Buffer.concat([sc.Client_RNG_Pool, pssSalt(caClientPem, sc.Client_MessageSignature)]);
  const rnd = poolRandom(pool);
  const c = m.createEngine({
    ...clientBase, random: rnd, clock: clockAt(sc), pins: [spkiPin(caServerCert)],
    provider: signerProvider(t, sc.Client_MessageToSign, sc.Client_MessageSignature, 'rsa'),
    certChain: [caClientCert],
    privateKey: { kind: 'rsa', rsa: {}, raw: null, pub: m.certPublicKey(caClientCert, true) },
  });
  t.is(hex(pullAll(c)), hex(sc.Record_ClientHello_1));
  feedAll(t, c, sc.Record_ServerHello);
  feedAll(t, c, sc.Record_ServerHandshakeMessages);
  t.is(c.state, 'open');
  t.is(hex(pullAll(c)), hex(sc.Record_ClientFinished));
  t.is(rnd.used(), pool.length);
  c.close();
  t.is(hex(pullAll(c)), hex(sc.Record_Client_CloseNotify));
  feedAll(t, c, sc.Record_Server_CloseNotify);
  t.is(c.state, 'closed');
});

test('client authentication: server role byte for byte', (t) => {
  const sc = caS;
  const rnd = poolRandom(sc.Server_RNG_Pool);
  const s = m.createEngine({
    role: 'server', random: rnd, clock: clockAt(sc), certChain: [caServerCert],
    privateKey: { kind: 'p256', rsa: null, raw: new Uint8Array(32).fill(1), pub: m.certPublicKey(caServerCert) },
    provider: signerProvider(t, sc.Server_MessageToSign, sc.Server_MessageSignature, 'ecdsa'),
    groups: ['x25519', 'secp256r1'], advertise: { groups: RFC_GROUPS, signatureSchemes: RFC_SCHEMES },
    requestClientCert: true, requireClientCert: true, allowRsa1024: true, pins: [spkiPin(caClientCert)],
  });
  feedAll(t, s, sc.Record_ClientHello_1);
  t.is(hex(pullAll(s)), hex(Buffer.concat([sc.Record_ServerHello, sc.Record_ServerHandshakeMessages])));
  feedAll(t, s, sc.Record_ClientFinished);
  t.is(s.state, 'open');
  t.is(s.info().peerChain.length, 1);
  t.is(s.info().peerKey.kind, 'rsa');
  t.is(rnd.used(), sc.Server_RNG_Pool.length);
  feedAll(t, s, sc.Record_Client_CloseNotify);
  s.close();
  t.is(hex(pullAll(s)), hex(sc.Record_Server_CloseNotify));
});

test('middlebox compatibility mode: client role byte for byte', (t) => {
  const sc = S.Middlebox_Compatibility_Mode;
  const c = m.createEngine({ ...clientBase, compatibilityMode: true, random: poolRandom(sc.Client_RNG_Pool), clock: clockAt(sc) });
  t.is(hex(pullAll(c)), hex(sc.Record_ClientHello_1));
  feedAll(t, c, sc.Record_ServerHello);
  feedAll(t, c, sc.Record_ServerHandshakeMessages);
  t.is(c.state, 'open');
  t.is(hex(pullAll(c)), hex(sc.Record_ClientFinished));
  c.close();
  t.is(hex(pullAll(c)), hex(sc.Record_Client_CloseNotify));
  feedAll(t, c, sc.Record_Server_CloseNotify);
  t.is(c.state, 'closed');
});

test('middlebox compatibility mode: server role byte for byte', (t) => {
  const sc = S.Middlebox_Compatibility_Mode;
  const salt = pssSalt(serverCertPem, sc.Server_MessageSignature);
  const pool = Buffer.concat([sc.Server_RNG_Pool, salt]);
  const rnd = poolRandom(pool);
  const s = m.createEngine({
    role: 'server', random: rnd, clock: clockAt(sc), certChain: serverChain, privateKey: serverKey,
    groups: ['x25519', 'secp256r1'], advertise: { groups: RFC_GROUPS, signatureSchemes: RFC_SCHEMES },
  });
  feedAll(t, s, sc.Record_ClientHello_1);
  t.is(hex(pullAll(s)), hex(Buffer.concat([sc.Record_ServerHello, sc.Record_ServerHandshakeMessages])));
  feedAll(t, s, sc.Record_ClientFinished);
  t.is(s.state, 'open');
  t.is(rnd.used(), pool.length);
  feedAll(t, s, sc.Record_Client_CloseNotify);
  s.close();
  t.is(hex(pullAll(s)), hex(sc.Record_Server_CloseNotify));
});

test('simple 1-RTT, both roles, with the peer\'s flight split at every byte boundary', (t) => {
  const sc = S.Simple_1RTT_Handshake;
  const flight = Buffer.concat([sc.Record_ServerHello, sc.Record_ServerHandshakeMessages]);
  let good = 0;
  for (let k = 1; k < flight.length; k++) {
    const c = m.createEngine({ ...clientBase, random: poolRandom(sc.Client_RNG_Pool), clock: clockAt(sc), ...simpleAdvertise });
    pullAll(c);
    c.feed(new Uint8Array(flight.subarray(0, k)), 0, k);
    c.feed(new Uint8Array(flight.subarray(k)), 0, flight.length - k);
    if (hex(pullAll(c)) === hex(sc.Record_ClientFinished)) good++;
  }
  t.is(good, flight.length - 1);
  const salt = pssSalt(serverCertPem, sc.Server_MessageSignature);
  const pool = Buffer.concat([sc.Server_RNG_Pool.subarray(0, 64), salt, sc.Server_RNG_Pool.subarray(64)]);
  const expect = hex(Buffer.concat([sc.Record_ServerHello, sc.Record_ServerHandshakeMessages]));
  const ch = sc.Record_ClientHello_1;
  good = 0;
  for (let k = 1; k < ch.length; k++) {
    const s = m.createEngine({
      role: 'server', random: poolRandom(pool), clock: clockAt(sc), certChain: serverChain, privateKey: serverKey,
      groups: ['x25519', 'secp256r1'], advertise: { groups: RFC_GROUPS, signatureSchemes: RFC_SCHEMES },
    });
    s.feed(new Uint8Array(ch.subarray(0, k)), 0, k);
    s.feed(new Uint8Array(ch.subarray(k)), 0, ch.length - k);
    if (hex(pullAll(s)) === expect) good++;
  }
  t.is(good, ch.length - 1);
});
