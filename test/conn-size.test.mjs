// The connection layer's session-4 size work, checked where it shows: the keylog feature the
// size profiles leave out (the option refused at configuration in the esp32 bundle, honoured by
// the host build), the alert name table (written with '~' for "certificate") against the IANA
// registry's names, and handshake messages split over records at every byte and in odd sizes in
// the esp32 bundle against the host build's server.
import test from 'ava';
import vm from 'node:vm';
import { readFileSync } from 'node:fs';
import { loadBoards, featuresOf } from '../tools/boards.mjs';
import { m, random, clock, identity, pump, readAll } from './helpers/tls-pair.mjs';
import { espruinoRequire } from '../tools/engines/espruino-crypto.mjs';

const esp = vm.runInContext(readFileSync(new URL('../dist/esp32/microtls.js', import.meta.url), 'utf8') + '\n;microtls',
  // the bundle takes SHA-2 and AES from Espruino's require("crypto"), here computed by the host
  vm.createContext({ require: espruinoRequire() }));

function firstFlight(e) {
  const out = new Uint8Array(e.pending());
  e.pull(out, 0, out.length);
  return [...out];
}

test('the four size profiles leave keylog out; profiles without a features list keep it', (t) => {
  const boards = loadBoards();
  for (const name of ['esp32', 'esp32c3', 'esp32s3', 'espruino-linux']) t.false(featuresOf(boards[name]).includes('keylog'), name);
  t.true(featuresOf(boards.generic).includes('keylog'));
});

test('keylog on an engine of the esp32 bundle: not_in_build at configuration, only the alert goes out', (t) => {
  const lines = [];
  const c = esp.createEngine({ role: 'client', random, clock, insecure: true, serverName: 'localhost', keylog: (l) => lines.push(l) });
  t.is(c.state, 'failed');
  t.is(c.error.name, 'TlsError');
  t.is(c.error.code, 'not_in_build');
  t.regex(c.error.message, /^keylog is not in this build \(boards\/esp32\.json features\)$/);
  t.deepEqual(firstFlight(c), [21, 3, 3, 0, 2, 2, 80]);
  t.is(lines.length, 0);
});

test('keylog in the host build: one line per secret, in SSLKEYLOGFILE form', (t) => {
  const lines = [];
  const id = identity('p256');
  const c = m.createEngine({ role: 'client', random, clock, insecure: true, serverName: 'localhost', keylog: (l) => lines.push(l) });
  const s = m.createEngine({ role: 'server', random, clock, certChain: id.chain, privateKey: id.key });
  pump(c, s);
  t.is(c.state, 'open');
  const labels = lines.map((l) => l.split(' ')[0]).sort();
  t.deepEqual(labels, ['CLIENT_HANDSHAKE_TRAFFIC_SECRET', 'CLIENT_TRAFFIC_SECRET_0', 'EXPORTER_SECRET',
    'SERVER_HANDSHAKE_TRAFFIC_SECRET', 'SERVER_TRAFFIC_SECRET_0']);
  for (const l of lines) t.regex(l, /^[A-Z_0-9]+ [0-9a-f]{64} [0-9a-f]{64}$/);
});

// IANA TLS Alerts registry (descriptions), RFC 8446 section 6 and RFC 5246 section 7.2.
const IANA = {
  0: 'close_notify', 10: 'unexpected_message', 20: 'bad_record_mac', 21: 'decryption_failed', 22: 'record_overflow',
  40: 'handshake_failure', 42: 'bad_certificate', 43: 'unsupported_certificate', 44: 'certificate_revoked',
  45: 'certificate_expired', 46: 'certificate_unknown', 47: 'illegal_parameter', 48: 'unknown_ca', 49: 'access_denied',
  50: 'decode_error', 51: 'decrypt_error', 70: 'protocol_version', 71: 'insufficient_security', 80: 'internal_error',
  86: 'inappropriate_fallback', 90: 'user_canceled', 100: 'no_renegotiation', 109: 'missing_extension',
  110: 'unsupported_extension', 112: 'unrecognized_name', 113: 'bad_certificate_status_response',
  115: 'unknown_psk_identity', 116: 'certificate_required', 120: 'no_application_protocol',
};

test('alert names: every registered description by its name, others as alert_N', (t) => {
  for (const [code, name] of Object.entries(IANA)) {
    t.is(m.alertName(Number(code)), name);
    t.is(esp.alertName(Number(code)), name);
  }
  for (const code of [1, 2, 41, 60, 111, 114, 119, 121, 255]) t.is(m.alertName(code), 'alert_' + code);
});

for (const chunk of [1, 7, 300]) {
  test(`the esp32 client takes a server flight fed ${chunk} byte(s) at a time (messages spanning records)`, (t) => {
    const id = identity('rsa2048');
    // small records: the certificate spans many of them
    const s = m.createEngine({ role: 'server', random, clock, certChain: id.chain, privateKey: id.key, maxRecordSize: 512 });
    const c = esp.createEngine({ role: 'client', random, clock, insecure: true, serverName: 'localhost', maxRecordSize: 512 });
    pump(c, s, chunk);
    t.is(c.state, 'open', String(c.error && c.error.message));
    t.is(s.state, 'open', String(s.error && s.error.message));
    const msg = new Uint8Array(1500).map((_, i) => i & 255);
    let off = 0;
    while (off < msg.length) {
      off += s.write(msg, off, msg.length - off);
      pump(s, c, chunk);
    }
    t.deepEqual([...readAll(c)], [...msg]);
  });
}

test('cert or key options in the esp32 bundle (no server, no client-auth): not_in_build before any PEM is read or socket opened', (t) => {
  let dials = 0;
  const hal = { random, clock, net: { connect() { dials++; } } };
  for (const extra of [{ cert: 'not PEM' }, { key: 'not PEM' }, { cert: [new Uint8Array(3)], key: {} }]) {
    const e = t.throws(() => esp.connect({ hal, host: 'localhost', port: 443, ...extra }));
    t.is(e.name, 'TlsError');
    t.is(e.code, 'not_in_build');
    t.regex(e.message, /^a client certificate is not in this build \(boards\/esp32\.json features\)$/);
  }
  t.is(dials, 0);
  // the host build reads the PEM (and refuses this text as no certificate)
  const e = t.throws(() => m.connect({ hal, host: 'localhost', port: 443, cert: 'not PEM' }));
  t.is(e.code, 'bad_pem');
});
