// The TLS 1.2 interop matrix (issue 5), on top of the TLS 1.3 harness's pieces (interop.mjs,
// peers.mjs): every TLS 1.2 suite against openssl, gnutls and node:tls in both roles, plus
// resumption by session ID and by ticket, client certificates, ALPN, and microtls offering both
// versions to a TLS 1.2-only peer.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import tls from 'node:tls';
import { microtlsClient, microtlsServer, hal } from './interop.mjs';
import { opensslServer, gnutlsServer, nodeTlsServer, nodeTlsClient, runClient } from './peers.mjs';

export const SUITES12 = [
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256', 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256',
  'TLS_RSA_WITH_AES_128_GCM_SHA256', 'TLS_RSA_WITH_AES_256_GCM_SHA384', 'TLS_RSA_WITH_AES_128_CBC_SHA256',
  'TLS_RSA_WITH_AES_128_CBC_SHA',
];

/** OpenSSL's names (also node:tls's `ciphers`). */
export const OPENSSL12 = {
  TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256: 'ECDHE-ECDSA-AES128-GCM-SHA256',
  TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384: 'ECDHE-ECDSA-AES256-GCM-SHA384',
  TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256: 'ECDHE-ECDSA-CHACHA20-POLY1305',
  TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256: 'ECDHE-RSA-AES128-GCM-SHA256',
  TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384: 'ECDHE-RSA-AES256-GCM-SHA384',
  TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256: 'ECDHE-RSA-CHACHA20-POLY1305',
  TLS_RSA_WITH_AES_128_GCM_SHA256: 'AES128-GCM-SHA256',
  TLS_RSA_WITH_AES_256_GCM_SHA384: 'AES256-GCM-SHA384',
  TLS_RSA_WITH_AES_128_CBC_SHA256: 'AES128-SHA256',
  TLS_RSA_WITH_AES_128_CBC_SHA: 'AES128-SHA',
};

function gnutlsParts(suite) {
  const kx = suite.includes('ECDHE_ECDSA') ? 'ECDHE-ECDSA' : suite.includes('ECDHE_RSA') ? 'ECDHE-RSA' : 'RSA';
  const cipher = suite.includes('CHACHA20') ? 'CHACHA20-POLY1305' : suite.includes('AES_256_GCM') ? 'AES-256-GCM'
    : suite.includes('AES_128_GCM') ? 'AES-128-GCM' : 'AES-128-CBC';
  const mac = suite.endsWith('CBC_SHA256') ? 'SHA256' : suite.endsWith('CBC_SHA') ? 'SHA1' : 'AEAD';
  return { kx, cipher, mac };
}

export function gnutlsPriority12(suite, group = 'x25519') {
  const { kx, cipher, mac } = gnutlsParts(suite);
  const g = group === 'x25519' ? 'GROUP-X25519' : 'GROUP-SECP256R1';
  return `NORMAL:-VERS-ALL:+VERS-TLS1.2:-CIPHER-ALL:+${cipher}:-KX-ALL:+${kx}:-MAC-ALL:+${mac}:-GROUP-ALL:+${g}`;
}

export function certFor(suite) {
  return suite.includes('ECDSA') ? 'ecdsa' : 'rsa';
}

/** Cases for one peer, both roles. `both`: microtls offers TLS 1.3 and 1.2 (else forced to 1.2). */
export function matrix12(peer) {
  const out = [];
  for (const role of ['client', 'server']) {
    for (const suite of SUITES12) out.push({ peer, role, suite, group: 'x25519', both: true });
    const base = { peer, role, suite: 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', group: 'x25519', both: false };
    out.push({ ...base, group: 'secp256r1' });
    out.push({ ...base, suite: 'TLS_RSA_WITH_AES_128_CBC_SHA', note: 'forced' });
    out.push({ ...base, resume: 'ticket' });
    out.push({ ...base, suite: 'TLS_RSA_WITH_AES_128_GCM_SHA256', resume: 'id' });
    out.push({ ...base, clientCert: 'ecdsa' });
    out.push({ ...base, suite: 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', clientCert: 'rsa' });
    out.push({ ...base, alpn: true });
  }
  return out;
}

export function caseName12(c) {
  const bits = [c.suite];
  if (c.suite.includes('ECDHE')) bits.push(c.group);
  if (c.resume) bits.push('resumption by ' + (c.resume === 'id' ? 'session ID' : 'ticket'));
  if (c.clientCert) bits.push('client certificate ' + c.clientCert);
  if (c.alpn) bits.push('ALPN');
  bits.push(c.both ? '(microtls offers 1.3 and 1.2)' : '(microtls --tls 1.2)');
  return `${c.peer} ${c.role === 'client' ? 'server' : 'client'} vs microtls ${c.role}, TLS 1.2: ${bits.join(' ')}`;
}

function apiOptions(c, extra) {
  // offering both versions: the default groups (x25519, secp256r1), as a TLS 1.2 ECDSA peer needs
  // its certificate's curve among them
  const o = { hal, suites: [c.suite], groups: c.both ? undefined : [c.group] };
  if (c.both) o.suites = ['TLS_AES_128_GCM_SHA256', c.suite];
  else o.tls = '1.2';
  if (c.alpn) o.alpn = ['h2', 'http/1.1'];
  return { ...o, ...extra };
}

const tag = (name) => `${name}:${crypto.randomBytes(24).toString('hex')}\n`;

// ---------------------------------------------------------------- microtls as the client

async function peerServer(t, c, pki) {
  const type = certFor(c.suite);
  if (c.peer === 'openssl') {
    // P-256 named too when an ECDSA client certificate must be accepted (its curve must be listed)
    const groups = c.group === 'x25519' ? (c.clientCert === 'ecdsa' ? 'X25519:P-256' : 'X25519') : 'P-256';
    const args = ['-tls1_2', '-cipher', OPENSSL12[c.suite], '-groups', groups,
      '-cert', pki[type].cert, '-key', pki[type].key];
    if (c.clientCert) args.push('-Verify', '1', '-CAfile', pki.caAll, '-verify_return_error');
    if (c.alpn) args.push('-alpn', 'http/1.1');
    if (c.resume === 'id') args.push('-no_ticket');
    const srv = await opensslServer(t, args);
    return { port: srv.port, async exchange(name, back) { await srv.waitFor(new RegExp(name)); srv.write(back); },
      log: () => srv.out() + srv.err(), waitLog: (re) => srv.waitFor(re, 5000).catch(() => null) };
  }
  if (c.peer === 'gnutls') {
    const args = ['--echo', '--priority', gnutlsPriority12(c.suite, c.group) + (c.resume === 'id' ? ':%NO_TICKETS' : ''),
      '--x509certfile', pki[type].cert, '--x509keyfile', pki[type].key];
    if (c.clientCert) args.push('--require-client-cert', '--verify-client-cert', '--x509cafile', pki.caAll);
    else args.push('--disable-client-cert');
    if (c.alpn) args.push('--alpn', 'http/1.1');
    if (c.resume === 'id') args.push('--noticket');
    const srv = await gnutlsServer(t, args);
    return { port: srv.port, echo: true, async exchange() {}, log: () => srv.out() + srv.err() };
  }
  const opts = { maxVersion: 'TLSv1.2', ciphers: OPENSSL12[c.suite],
    ecdhCurve: c.group === 'x25519' ? (c.clientCert === 'ecdsa' ? 'X25519:P-256' : 'X25519') : 'P-256',
    cert: readFileSync(pki[type].cert), key: readFileSync(pki[type].key) };
  if (c.clientCert) { opts.requestCert = true; opts.rejectUnauthorized = true; opts.ca = readFileSync(pki.caAll); }
  if (c.alpn) opts.ALPNProtocols = ['http/1.1'];
  if (c.resume === 'id') opts.secureOptions = crypto.constants.SSL_OP_NO_TICKET;
  const peers = [];
  const { server, port } = await nodeTlsServer(t, opts, (s) => { peers.push(s); s.on('data', (d) => s.write(d)); });
  if (c.resume === 'id') {
    // session IDs only: no tickets (SSL_OP_NO_TICKET), sessions kept in this cache
    const cache = new Map();
    server.on('newSession', (id, data, cb) => { cache.set(id.toString('hex'), data); cb(); });
    server.on('resumeSession', (id, cb) => cb(null, cache.get(id.toString('hex')) || null));
  }
  return { port, echo: true, async exchange() {}, peers };
}

async function runAsClient(t, c, pki) {
  const srv = await peerServer(t, c, pki);
  // the peer's chain checked against the test CA (trust anchor) and the name localhost
  const extra = { ca: pki.text(pki[certFor(c.suite)].ca), servername: 'localhost' };
  if (c.clientCert) { extra.cert = pki.text(pki[c.clientCert].clientCert); extra.key = pki.text(pki[c.clientCert].clientKey); }
  const options = apiOptions(c, extra);
  const once = async (name, opts) => {
    const out = tag(name);
    const back = srv.echo ? out : tag(name + '-back');
    const p = microtlsClient(t, srv.port, opts, out, new RegExp(back.slice(0, 40)));
    await srv.exchange(name, back);
    return p;
  };
  const r = await once('from-microtls', options);
  t.is(r.info.version, 'TLSv1.2');
  t.is(r.info.suite, c.suite);
  if (c.suite.includes('ECDHE')) t.is(r.info.group, c.group);
  for (const s of ['client hello', 'server hello', 'certificate check', 'premaster secret', 'session keys', 'finished']) {
    t.true(r.steps.includes(s), `step ${s}: ${r.steps.join(', ')}`);
  }
  if (c.alpn) t.is(r.info.alpn, 'http/1.1');
  if (c.clientCert && c.peer === 'openssl') {
    // s_server's verify lines come on stderr, apart from the data: wait for them, then check.
    const verified = new RegExp(`CN = microtls client ${c.clientCert}`);
    await srv.waitLog(verified);
    t.regex(srv.log(), verified);
  }
  if (c.clientCert && srv.peers) t.true(srv.peers[0].authorized, 'node:tls accepted the client certificate');
  if (c.resume) {
    t.truthy(r.session, 'a session to resume');
    t.is(r.session.version, 0x0303);
    if (c.resume === 'ticket') t.true(r.session.ticket.length > 0, 'a ticket arrived');
    else t.is(r.session.ticket.length, 0, 'no ticket: the session ID it is');
    t.false(r.info.resumed);
    const r2 = await once('resumed-microtls', { ...options, session: r.session });
    t.true(r2.info.resumed, 'the second connection resumed: ' + r2.steps.join(', '));
    t.false(r2.steps.includes('certificate'), 'no certificate on resumption');
  }
}

// ---------------------------------------------------------------- microtls as the server

async function runAsServer(t, c, pki) {
  const type = certFor(c.suite);
  const extra = { cert: pki.text(pki[type].cert), key: pki.text(pki[type].key) };
  if (c.clientCert) { extra.requireClientCert = true; extra.ca = pki.text(pki.caAll); }
  const opts = apiOptions(c, extra);
  if (c.both) opts.suites = ['TLS_AES_128_GCM_SHA256', c.suite];
  const srv = await microtlsServer(t, opts);
  const out = tag('from-peer');
  const want = new RegExp(out.slice(0, 40));
  if (c.peer === 'openssl') {
    const args = ['s_client', '-connect', `127.0.0.1:${srv.port}`, '-tls1_2', '-cipher', OPENSSL12[c.suite],
      '-groups', c.group === 'x25519' ? (type === 'ecdsa' ? 'X25519:P-256' : 'X25519') : 'P-256', '-CAfile', pki[type].ca, '-servername', 'localhost',
      '-verify_return_error', '-verify_hostname', 'localhost'];
    if (c.clientCert) args.push('-cert', pki[c.clientCert].clientCert, '-key', pki[c.clientCert].clientKey);
    if (c.alpn) args.push('-alpn', 'http/1.1');
    if (c.resume === 'id') args.push('-no_ticket');
    const sess = path.join(pki.dir, `sess12-${crypto.randomBytes(4).toString('hex')}.pem`);
    const r = await runClient(t, 'openssl', c.resume ? args.concat(['-sess_out', sess]) : args, { input: out, until: want });
    t.regex(r.stdout, want, r.stderr);
    // (openssl names the protocol of the cipher there, SSLv3 for AES128-SHA)
    t.regex(r.stdout, new RegExp(`New, [A-Za-z0-9.]+, Cipher is ${OPENSSL12[c.suite]}`));
    t.regex(r.stdout, /Protocol\s*: TLSv1.2/);
    t.regex(r.stdout, /Verify return code: 0 \(ok\)/);
    t.regex(r.stdout, /Extended master secret: yes/);
    if (c.alpn) t.regex(r.stdout, /ALPN protocol: http\/1.1/);
    if (c.resume === 'ticket') t.regex(r.stdout, /TLS session ticket:/);
    if (c.resume) {
      const r2 = await runClient(t, 'openssl', args.concat(['-sess_in', sess]), { input: out, until: want });
      t.regex(r2.stdout, new RegExp(`Reused, [A-Za-z0-9.]+, Cipher is ${OPENSSL12[c.suite]}`), r2.stdout);
    }
  } else if (c.peer === 'gnutls') {
    const args = ['127.0.0.1', '-p', String(srv.port), '--priority', gnutlsPriority12(c.suite, c.group) + (c.resume === 'id' ? ':%NO_TICKETS' : ''),
      '--x509cafile', pki[type].ca, '--sni-hostname', 'localhost', '--verify-hostname', 'localhost'];
    if (c.clientCert) args.push('--x509certfile', pki[c.clientCert].clientCert, '--x509keyfile', pki[c.clientCert].clientKey);
    if (c.alpn) args.push('--alpn', 'http/1.1');
    if (c.resume) args.push('--resume');
    if (c.resume === 'id') args.push('--noticket');
    const r = await runClient(t, 'gnutls-cli', args, { input: out, until: c.resume ? /This is a resumed session[\s\S]*from-peer/ : want });
    t.regex(r.stdout, want, r.stderr);
    t.regex(r.stdout, /Description: \(TLS1.2[^)]*\)/);
    t.regex(r.stdout, /Options: extended master secret, safe renegotiation/);
    if (c.alpn) t.regex(r.stdout, /Application protocol: http\/1.1/);
    if (c.resume) t.regex(r.stdout, /This is a resumed session/);
  } else {
    const o = { port: srv.port, maxVersion: 'TLSv1.2', ciphers: OPENSSL12[c.suite],
      ecdhCurve: c.group === 'x25519' ? (type === 'ecdsa' ? 'X25519:P-256' : 'X25519') : 'P-256',
      ca: readFileSync(pki[type].ca), servername: 'localhost' };
    if (c.clientCert) { o.cert = readFileSync(pki[c.clientCert].clientCert); o.key = readFileSync(pki[c.clientCert].clientKey); }
    if (c.alpn) o.ALPNProtocols = ['http/1.1'];
    if (c.resume === 'id') o.secureOptions = crypto.constants.SSL_OP_NO_TICKET;
    const r = await nodeTlsClient(t, o, out, { until: want });
    t.is(r.protocol, 'TLSv1.2');
    t.is(r.cipher.standardName, c.suite);
    t.true(r.authorized);
    if (c.alpn) t.is(r.alpn, 'http/1.1');
    if (c.resume) {
      const session = await new Promise((resolve, reject) => {
        const s = tls.connect({ host: '127.0.0.1', ...o }, () => s.write(out));
        t.teardown(() => s.destroy());
        s.on('session', (sess) => { resolve(sess); s.end(); });
        s.on('error', reject);
      });
      const r2 = await new Promise((resolve, reject) => {
        const s = tls.connect({ host: '127.0.0.1', ...o, session }, () => { resolve({ reused: s.isSessionReused() }); s.end(); });
        t.teardown(() => s.destroy());
        s.on('error', reject);
      });
      t.true(r2.reused, 'node:tls resumed the session');
    }
  }
  const info = srv.connections[0] && srv.connections[0].info();
  t.truthy(info, 'the microtls server completed a handshake');
  if (info) {
    t.is(info.version, 'TLSv1.2');
    t.is(info.suite, c.suite);
    if (c.clientCert) t.is(info.peerKey && info.peerKey.kind, c.clientCert === 'ecdsa' ? 'p256' : 'rsa');
    if (c.alpn) t.is(info.alpn, 'http/1.1');
  }
  if (c.resume) {
    // the client may report its resumption before the server has read the client's Finished
    const resumed = () => srv.connections.some((s) => s.info() && s.info().resumed);
    for (let i = 0; i < 40 && !resumed(); i++) await new Promise((r) => setTimeout(r, 50));
    t.true(resumed(), 'a resumed connection on the microtls side: ' + srv.steps.join(', '));
  }
  t.deepEqual(srv.errors, []);
}

export function runCase12(t, c, pki) {
  return c.role === 'client' ? runAsClient(t, c, pki) : runAsServer(t, c, pki);
}
