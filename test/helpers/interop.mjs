// The interop matrix: one case describes a handshake (peer, which side microtls plays, version,
// suite, group, certificate type, and features: HelloRetryRequest, resumption, client
// certificates, KeyUpdate, ALPN, small records, external PSK). runCase() starts the peer, runs
// microtls through its socket API (src/api) on Node's HAL, exchanges data both ways and checks
// what was negotiated as the peer itself reports it where the peer can say.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import tls from 'node:tls';
import * as microtls from '../../dist/node/microtls.mjs';
import { opensslServer, gnutlsServer, nodeTlsServer, nodeTlsClient, runClient, spawnPeer } from './peers.mjs';

export const SUITES13 = ['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256'];
export const GROUPS = ['x25519', 'secp256r1'];

const OPENSSL_GROUP = { x25519: 'X25519', secp256r1: 'P-256' };
const OPENSSL_TEMP_KEY = { x25519: /Server Temp Key: X25519/, secp256r1: /Server Temp Key: ECDH, prime256v1/ };
const NODE_GROUP = { x25519: 'X25519', secp256r1: 'P-256' };
const GNUTLS_GROUP = { x25519: 'GROUP-X25519', secp256r1: 'GROUP-SECP256R1', secp384r1: 'GROUP-SECP384R1' };
const GNUTLS_GROUP_NAME = { x25519: 'X25519', secp256r1: 'SECP256R1' };
const GNUTLS_CIPHER = {
  TLS_AES_128_GCM_SHA256: 'AES-128-GCM', TLS_AES_256_GCM_SHA384: 'AES-256-GCM', TLS_CHACHA20_POLY1305_SHA256: 'CHACHA20-POLY1305',
};

// TLS 1.2 (issue 5): IANA name -> [OpenSSL name, gnutls key exchange, cipher, MAC].
export const SUITES12 = {
  TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256: ['ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-ECDSA', 'AES-128-GCM', 'AEAD'],
  TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384: ['ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE-ECDSA', 'AES-256-GCM', 'AEAD'],
  TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256: ['ECDHE-ECDSA-CHACHA20-POLY1305', 'ECDHE-ECDSA', 'CHACHA20-POLY1305', 'AEAD'],
  TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256: ['ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-RSA', 'AES-128-GCM', 'AEAD'],
  TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384: ['ECDHE-RSA-AES256-GCM-SHA384', 'ECDHE-RSA', 'AES-256-GCM', 'AEAD'],
  TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256: ['ECDHE-RSA-CHACHA20-POLY1305', 'ECDHE-RSA', 'CHACHA20-POLY1305', 'AEAD'],
  TLS_RSA_WITH_AES_128_GCM_SHA256: ['AES128-GCM-SHA256', 'RSA', 'AES-128-GCM', 'AEAD'],
  TLS_RSA_WITH_AES_256_GCM_SHA384: ['AES256-GCM-SHA384', 'RSA', 'AES-256-GCM', 'AEAD'],
  TLS_RSA_WITH_AES_128_CBC_SHA256: ['AES128-SHA256', 'RSA', 'AES-128-CBC', 'SHA256'],
  TLS_RSA_WITH_AES_128_CBC_SHA: ['AES128-SHA', 'RSA', 'AES-128-CBC', 'SHA1'],
};

/** The TLS 1.2 matrix for one peer, both roles: every suite (with the certificate its key
 * exchange needs), both groups, resumption, client certificates, ALPN. */
export function matrix12(peer) {
  const out = [];
  for (const role of ['client', 'server']) {
    for (const suite of Object.keys(SUITES12)) {
      const rsaKx = SUITES12[suite][1] === 'RSA';
      out.push({ peer, role, version: '1.2', suite, group: rsaKx ? null : 'x25519', cert: suite.includes('ECDSA') ? 'ecdsa' : 'rsa' });
    }
    const base = { peer, role, version: '1.2', suite: 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', group: 'x25519', cert: 'ecdsa' };
    out.push({ ...base, group: 'secp256r1' });
    out.push({ ...base, resume: true });
    out.push({ ...base, clientCert: 'ecdsa' });
    out.push({ ...base, alpn: true });
  }
  return out;
}

const is12 = (c) => c.version === '1.2';
const versionName = (c) => (is12(c) ? 'TLSv1.2' : 'TLSv1.3');
/** The suite as OpenSSL's output names it. */
const opensslSuite = (c) => (is12(c) ? SUITES12[c.suite][0] : c.suite);

export const hal = microtls.nodeHal({ listenHost: '127.0.0.1' });

/** A readable name for a case: "openssl server, microtls client: TLS_AES_128_GCM_SHA256 x25519 ecdsa ...". */
export function caseName(c) {
  const bits = [c.suite, c.group, c.cert];
  if (c.hrr) bits.push('HelloRetryRequest');
  if (c.resume) bits.push('resumption');
  if (c.clientCert) bits.push('client certificate ' + c.clientCert);
  if (c.keyUpdate) bits.push('KeyUpdate');
  if (c.alpn) bits.push('ALPN');
  if (c.recordSize) bits.push('records of ' + c.recordSize);
  if (c.psk) bits.push('external PSK');
  const peerRole = c.role === 'client' ? 'server' : 'client';
  return `${c.peer} ${peerRole} vs microtls ${c.role}, TLS ${c.version || '1.3'}: ${bits.filter(Boolean).join(' ')}`;
}

/** The standard matrix for one peer, TLS 1.3, both roles. */
export function matrix13(peer) {
  const out = [];
  for (const role of ['client', 'server']) {
    const base = { peer, role, version: '1.3', suite: 'TLS_AES_128_GCM_SHA256', group: 'x25519', cert: 'ecdsa' };
    for (const suite of SUITES13) out.push({ ...base, suite });
    out.push({ ...base, group: 'secp256r1' });
    out.push({ ...base, cert: 'rsa' });
    out.push({ ...base, cert: 'ed25519' });
    out.push({ ...base, hrr: true });
    out.push({ ...base, resume: true });
    out.push({ ...base, clientCert: 'ecdsa' });
    out.push({ ...base, clientCert: 'rsa' });
    // node:tls cannot ask for a KeyUpdate, and as a client it cannot negotiate smaller records.
    if (!(peer === 'node' && role === 'server')) out.push({ ...base, keyUpdate: true });
    out.push({ ...base, alpn: true });
    if (!(peer === 'node' && role === 'server')) out.push({ ...base, recordSize: 512 });
    out.push({ ...base, psk: true, cert: null });
  }
  return out;
}

const PSK = { identity: 'microtls-device-1', key: '5f1b3c2a9d8e7f60112233445566778899aabbccddeeff00112233445566aa' };

function message(c, tag) {
  // Big enough to cross several records when records are small.
  const n = c.recordSize ? 3000 : 200;
  return `${tag}:${crypto.randomBytes(n).toString('hex')}\n`;
}

function apiOptions(c, pki, extra) {
  const o = { hal, suites: [c.suite] };
  if (c.group) o.groups = [c.group];
  if (c.hrr) o.groups = c.role === 'client' ? ['x25519', 'secp256r1'] : ['secp256r1'];
  if (c.version === '1.2') o.tls = '1.2';
  if (c.alpn) o.alpn = ['h2', 'http/1.1'];
  if (c.recordSize) o.maxRecordSize = c.recordSize;
  if (c.psk) o.psk = { identity: PSK.identity, key: PSK.key };
  return { ...o, ...extra };
}

/** A microtls client session against `port`: sends `out`, waits for `expect` to arrive, then
 * runs `between` and ends. Resolves { data, info, steps, session, socket }. */
export function microtlsClient(t, port, options, out, expect, { between, timeoutMs = 20000 } = {}) {
  return new Promise((resolve, reject) => {
    const steps = [];
    let data = '';
    let done = false;
    const s = microtls.connect({ host: '127.0.0.1', port, onStep: (st) => steps.push(st.name), ...options });
    const timer = setTimeout(() => { s.destroy(); reject(new Error(`microtls client timed out; steps ${steps.join(', ')}; got ${data.slice(0, 200)}`)); }, timeoutMs);
    t.teardown(() => { clearTimeout(timer); s.destroy(); });
    s.on('secureConnect', () => { if (out) s.write(out); });
    s.on('data', async (d) => {
      data += Buffer.from(d).toString('latin1');
      if (!done && expect.test(data)) {
        done = true;
        const result = { data, info: s.info(), steps, socket: s };
        if (between) await between(s, result);
        result.session = s.session();
        clearTimeout(timer);
        s.end();
        resolve(result);
      }
    });
    s.on('error', (e) => { clearTimeout(timer); e.message += ` (steps: ${steps.join(', ')})`; reject(e); });
  });
}

/** A microtls server that echoes every byte; resolves { port, steps, errors, connections }. */
export function microtlsServer(t, options) {
  return new Promise((resolve, reject) => {
    const steps = [];
    const errors = [];
    const connections = [];
    const server = microtls.createServer({ onStep: (st) => steps.push(st.name), ...options }, (s) => {
      connections.push(s);
      s.on('data', (d) => s.write(d));
      s.on('error', (e) => errors.push(e.message));
    });
    server.on('tlsClientError', (e) => errors.push(e.message));
    server.on('error', reject);
    server.listen(0, (port) => resolve({ port, steps, errors, connections }));
    t.teardown(() => server.close());
  });
}

function gnutlsPriority(c, groups) {
  let p;
  if (is12(c)) {
    const [, kx, cipher, mac] = SUITES12[c.suite];
    p = `NORMAL:-VERS-ALL:+VERS-TLS1.2:-CIPHER-ALL:+${cipher}:-KX-ALL:+${kx}:-MAC-ALL:+${mac}:-GROUP-ALL`;
    if (!groups.length || !groups[0]) groups = ['x25519', 'secp256r1'];
  } else {
    p = `NORMAL:-VERS-ALL:+VERS-TLS1.3:-CIPHER-ALL:+${GNUTLS_CIPHER[c.suite]}:-GROUP-ALL`;
  }
  for (const g of groups) p += `:+${GNUTLS_GROUP[g]}`;
  // psk_dhe_ke only: with +PSK too, gnutls-cli settles for psk_ke (no forward secrecy).
  if (c.psk) p += ':+ECDHE-PSK';
  return p;
}

// ---------------------------------------------------------------- microtls as the client

async function peerServer(t, c, pki) {
  const type = c.cert;
  if (c.peer === 'openssl') {
    const args = is12(c) ? ['-tls1_2', '-cipher', opensslSuite(c)] : ['-tls1_3', '-ciphersuites', c.suite];
    if (c.group) args.push('-groups', c.hrr ? 'P-256' : OPENSSL_GROUP[c.group]);
    if (type) args.push('-cert', pki[type].cert, '-key', pki[type].key);
    else args.push('-nocert');
    if (c.clientCert) args.push('-Verify', '1', '-CAfile', pki.caAll, '-verify_return_error');
    if (c.alpn) args.push('-alpn', 'http/1.1');
    if (c.recordSize) args.push('-max_send_frag', '512');
    if (c.psk) args.push('-psk', PSK.key, '-psk_identity', PSK.identity);
    if (c.resume) args.push('-num_tickets', '2');
    const srv = await opensslServer(t, args);
    return {
      port: srv.port,
      // s_server prints what it receives; what it should send is typed on its stdin.
      async exchange(tag, got) { await srv.waitFor(new RegExp(tag)); srv.write(got); },
      peer: srv,
      verifyLog: () => srv.out() + srv.err(),
    };
  }
  if (c.peer === 'gnutls') {
    const args = ['--echo', '--priority', gnutlsPriority(c, c.hrr ? ['secp256r1'] : [c.group])];
    if (type) args.push('--x509certfile', pki[type].cert, '--x509keyfile', pki[type].key);
    if (c.clientCert) args.push('--require-client-cert', '--verify-client-cert', '--x509cafile', pki.caAll);
    else args.push('--disable-client-cert');
    if (c.alpn) args.push('--alpn', 'http/1.1');
    if (c.recordSize) args.push('--recordsize', '512');
    if (c.psk) {
      const file = path.join(pki.dir, 'gnutls-psk.txt');
      writeFileSync(file, `${PSK.identity}:${PSK.key}\n`);
      args.push('--pskpasswd', file);
    }
    const srv = await gnutlsServer(t, args);
    return { port: srv.port, async exchange() {}, echo: true, peer: srv, verifyLog: () => srv.out() + srv.err() };
  }
  // node:tls
  const opts = is12(c) ? { minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2', ciphers: opensslSuite(c) }
    : { minVersion: 'TLSv1.3', ciphersuites: c.suite };
  if (c.group) opts.ecdhCurve = c.hrr ? 'P-256' : NODE_GROUP[c.group];
  if (type) { opts.cert = readFileSync(pki[type].cert); opts.key = readFileSync(pki[type].key); }
  if (c.clientCert) { opts.requestCert = true; opts.rejectUnauthorized = true; opts.ca = readFileSync(pki.caAll); }
  if (c.alpn) opts.ALPNProtocols = ['http/1.1'];
  if (c.psk) {
    opts.pskCallback = (sock, id) => (id === PSK.identity ? Buffer.from(PSK.key, 'hex') : null);
    opts.ciphers = 'PSK';
  }
  const peers = [];
  const { port } = await nodeTlsServer(t, opts, (s) => { peers.push(s); s.on('data', (d) => s.write(d)); });
  return { port, async exchange() {}, echo: true, peers };
}

async function runAsClient(t, c, pki) {
  const srv = await peerServer(t, c, pki);
  const extra = {};
  if (c.cert) extra.insecure = !pki.verify;
  if (c.cert && pki.verify) { extra.ca = pki.text(pki[c.cert].ca); extra.servername = 'localhost'; }
  if (c.clientCert) { extra.cert = pki.text(pki[c.clientCert].clientCert); extra.key = pki.text(pki[c.clientCert].clientKey); }
  const options = apiOptions(c, pki, extra);
  const out = message(c, 'from-microtls');
  const back = srv.echo ? out : message(c, 'from-peer');
  const expect = new RegExp(back.slice(0, 40));
  const run = () => microtlsClient(t, srv.port, options, out, expect, {
    between: async (s, r) => {
      if (!c.keyUpdate) return;
      // Our keys change and the peer is asked to change its own; data must still flow both ways.
      s.keyUpdate(true);
      const again = srv.echo ? 'after-update-' + crypto.randomBytes(8).toString('hex') + '\n' : message(c, 'after-update');
      s.on('data', (d) => { r.data += Buffer.from(d).toString('latin1'); });
      const seen = new Promise((resolve) => s.on('data', () => { if (r.data.includes(again.slice(0, 30))) resolve(); }));
      s.write(srv.echo ? again : 'from-microtls-after-update\n');
      if (!srv.echo) await srv.exchange('from-microtls-after-update', again);
      await seen;
      r.keyUpdated = true;
    },
  });
  const p = run();
  await srv.exchange('from-microtls', back);
  const r = await p;
  t.is(r.info.version, versionName(c));
  t.is(r.info.suite, c.suite);
  t.is(r.info.group, c.hrr ? 'secp256r1' : c.group || null);
  if (c.hrr) t.true(r.steps.includes('hello retry request'), r.steps.join(', '));
  if (c.alpn) t.is(r.info.alpn, 'http/1.1');
  if (c.keyUpdate) {
    t.true(r.keyUpdated);
    t.true(r.steps.filter((x) => x === 'key update').length >= 2, 'ours sent, the peer\'s answer received: ' + r.steps.join(', '));
  }
  if (c.recordSize) t.true(r.info.recordSizeLimit <= c.recordSize + 1, `record size limit ${r.info.recordSizeLimit}`);
  if (c.clientCert && srv.verifyLog && c.peer === 'openssl') {
    // s_server's verify lines come on stderr, apart from the data: wait for them, then check.
    const verified = new RegExp(`depth=0 CN = microtls client ${c.clientCert}\\nverify return:1`);
    await srv.peer.waitFor(verified, 5000).catch(() => null);
    t.regex(srv.verifyLog(), verified);
  }
  if (c.clientCert && srv.peers) t.true(srv.peers[0].authorized, 'node:tls accepted the client certificate');
  if (c.resume) {
    t.truthy(r.session, 'a ticket arrived');
    t.false(r.info.resumed);
    const out2 = message(c, 'resumed-microtls');
    const back2 = srv.echo ? out2 : message(c, 'resumed-peer');
    const p2 = microtlsClient(t, srv.port, { ...options, session: r.session }, out2, new RegExp(back2.slice(0, 40)));
    await srv.exchange('resumed-microtls', back2);
    const r2 = await p2;
    t.true(r2.info.resumed, 'the second connection resumed: ' + r2.steps.join(', '));
    t.false(r2.steps.includes('certificate'), 'no certificate on resumption');
  }
}

// ---------------------------------------------------------------- microtls as the server

async function runAsServer(t, c, pki) {
  const extra = {};
  if (c.cert) { extra.cert = pki.text(pki[c.cert].cert); extra.key = pki.text(pki[c.cert].key); }
  if (c.clientCert) {
    extra.requireClientCert = true;
    if (pki.verify) extra.ca = pki.text(pki.caAll); else extra.insecure = true;
  }
  const srv = await microtlsServer(t, apiOptions(c, pki, extra));
  const out = message(c, 'from-peer');
  const want = new RegExp(out.slice(0, 40));
  const type = c.cert;
  let peerView;
  if (c.peer === 'openssl') {
    const args = ['s_client', '-connect', `127.0.0.1:${srv.port}`, ...(is12(c) ? ['-tls1_2', '-cipher', opensslSuite(c)] : ['-tls1_3', '-ciphersuites', c.suite])];
    if (c.group) args.push('-groups', c.hrr ? 'X25519:P-256' : OPENSSL_GROUP[c.group]);
    if (type) args.push('-CAfile', pki[type].ca, '-servername', 'localhost', '-verify_return_error', '-verify_hostname', 'localhost');
    if (c.clientCert) args.push('-cert', pki[c.clientCert].clientCert, '-key', pki[c.clientCert].clientKey);
    if (c.alpn) args.push('-alpn', 'http/1.1');
    if (c.recordSize) args.push('-maxfraglen', '512');
    if (c.psk) args.push('-psk', PSK.key, '-psk_identity', PSK.identity);
    const sess = path.join(pki.dir, `sess-${crypto.randomBytes(4).toString('hex')}.pem`);
    if (c.resume) args.push('-sess_out', sess);
    let r;
    if (c.keyUpdate) {
      // 'K' alone in one read of s_client's stdin: a KeyUpdate that asks for ours too.
      const p = spawnPeer(t, 'openssl', args);
      p.write(out);
      await p.waitFor(want);
      p.write('K\n');
      await p.waitFor(/KEYUPDATE/);
      p.write('after-update\n');
      await p.waitFor(/after-update/);
      p.end();
      await p.exited;
      r = { stdout: p.out(), stderr: p.err() };
    } else {
      r = await runClient(t, 'openssl', args, { input: out, until: want });
    }
    t.regex(r.stdout, want, r.stderr);
    if (c.keyUpdate) {
      t.regex(r.stderr, /KEYUPDATE/, 's_client sent its KeyUpdate');
      t.regex(r.stdout, /after-update/);
      t.true(srv.steps.includes('key update'), srv.steps.join(', '));
    }
    // An external PSK shows as a reused session.
    t.regex(r.stdout, new RegExp(`${c.psk ? 'Reused' : 'New'}, ${versionName(c)}, Cipher is ${opensslSuite(c)}`));
    if (!c.psk && c.group) t.regex(r.stdout, OPENSSL_TEMP_KEY[c.hrr ? 'secp256r1' : c.group]);
    if (type) t.regex(r.stdout, /Verify return code: 0 \(ok\)/);
    if (c.alpn) t.regex(r.stdout, /ALPN protocol: http\/1.1/);
    if (c.resume) {
      const r2 = await runClient(t, 'openssl', args.filter((a) => a !== '-sess_out' && a !== sess).concat(['-sess_in', sess]),
        { input: out, until: want });
      t.regex(r2.stdout, want);
      t.regex(r2.stdout, new RegExp(`Reused, ${versionName(c)}, Cipher is ${opensslSuite(c)}`), r2.stdout);
    }
    peerView = r;
  } else if (c.peer === 'gnutls') {
    // gnutls sends key shares for its first groups of each kind: with secp384r1 before secp256r1
    // it offers no secp256r1 share, and microtls (secp256r1 only) has to ask for one.
    const args = ['127.0.0.1', '-p', String(srv.port), '--priority', gnutlsPriority(c, c.hrr ? ['x25519', 'secp384r1', 'secp256r1'] : [c.group])];
    if (type) args.push('--x509cafile', pki[type].ca, '--sni-hostname', 'localhost', '--verify-hostname', 'localhost');
    else args.push('--insecure');
    if (c.clientCert) args.push('--x509certfile', pki[c.clientCert].clientCert, '--x509keyfile', pki[c.clientCert].clientKey);
    if (c.alpn) args.push('--alpn', 'http/1.1');
    if (c.recordSize) args.push('--recordsize', '512');
    if (c.psk) args.push('--pskusername', PSK.identity, '--pskkey', PSK.key);
    if (c.resume) args.push('--resume');
    let r;
    if (c.keyUpdate) {
      // ^rekey^ on stdin: gnutls sends a KeyUpdate that asks for ours too.
      const p = spawnPeer(t, 'gnutls-cli', args.concat(['--inline-commands']));
      p.write(out);
      await p.waitFor(want);
      p.write('^rekey^\n');
      await p.waitFor(/Rekey was completed/);
      p.write('after-update\n');
      await p.waitFor(/Rekey was completed[\s\S]*after-update/);
      p.end();
      await p.exited;
      r = { stdout: p.out(), stderr: p.err() };
      t.true(srv.steps.filter((x) => x === 'key update').length >= 2, srv.steps.join(', '));
    } else {
      r = await runClient(t, 'gnutls-cli', args, { input: out, until: c.resume ? /This is a resumed session[\s\S]*from-peer/ : want });
    }
    t.regex(r.stdout, want, r.stderr);
    // gnutls 3.7 prints no key exchange for PSK sessions ("(TLS1.3-X.509)--(cipher)").
    if (is12(c)) t.regex(r.stdout, new RegExp(`Description: \\(TLS1.2\\)-\\(${SUITES12[c.suite][1]}${c.group ? '-' + GNUTLS_GROUP_NAME[c.group] : ''}\\)`));
    else if (!c.psk) t.regex(r.stdout, new RegExp(`Description: \\(TLS1.3[^)]*\\)-\\(ECDHE-${GNUTLS_GROUP_NAME[c.hrr ? 'secp256r1' : c.group]}\\)`));
    if (c.psk) t.regex(r.stdout, new RegExp(`PSK authentication. Connected as '${PSK.identity}'`));
    t.regex(r.stdout, new RegExp(`\\(${is12(c) ? SUITES12[c.suite][2] : GNUTLS_CIPHER[c.suite]}\\)`));
    if (c.alpn) t.regex(r.stdout, /Application protocol: http\/1.1/);
    if (c.resume) t.regex(r.stdout, /This is a resumed session/);
    peerView = r;
  } else {
    const opts = { port: srv.port, ...(is12(c) ? { minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2', ciphers: opensslSuite(c) }
      : { minVersion: 'TLSv1.3', ciphersuites: c.suite }) };
    if (c.group) opts.ecdhCurve = c.hrr ? 'X25519:P-256' : NODE_GROUP[c.group];
    if (type) { opts.ca = readFileSync(pki[type].ca); opts.servername = 'localhost'; }
    if (c.clientCert) { opts.cert = readFileSync(pki[c.clientCert].clientCert); opts.key = readFileSync(pki[c.clientCert].clientKey); }
    if (c.alpn) opts.ALPNProtocols = ['http/1.1'];
    if (c.psk) {
      opts.pskCallback = () => ({ psk: Buffer.from(PSK.key, 'hex'), identity: PSK.identity });
      opts.ciphers = 'PSK';
      opts.checkServerIdentity = () => undefined;
    }
    const r = await nodeTlsClient(t, opts, out, { until: want });
    t.is(r.protocol, versionName(c));
    t.is(r.cipher.standardName, c.suite);
    if (type) t.true(r.authorized);
    if (!c.psk && c.group) t.is(r.ephemeral.name, NODE_GROUP[c.hrr ? 'secp256r1' : c.group] === 'P-256' ? 'prime256v1' : 'X25519');
    if (c.alpn) t.is(r.alpn, 'http/1.1');
    if (c.resume) {
      const session = await new Promise((resolve, reject) => {
        const s = tls.connect({ host: '127.0.0.1', ...opts }, () => s.write(out));
        t.teardown(() => s.destroy());
        s.on('session', (sess) => { resolve(sess); s.end(); });
        s.on('error', reject);
      });
      const r2 = await new Promise((resolve, reject) => {
        const s = tls.connect({ host: '127.0.0.1', ...opts, session }, () => resolve({ reused: s.isSessionReused() }));
        t.teardown(() => s.destroy());
        s.on('error', reject);
      });
      t.true(r2.reused, 'node:tls resumed the session');
    }
    peerView = r;
  }
  if (c.hrr) t.true(srv.steps.includes('hello retry request'), srv.steps.join(', '));
  const info = srv.connections[0] && srv.connections[0].info();
  t.truthy(info, 'the microtls server completed a handshake');
  if (info && c.clientCert) t.is(info.peerChain.length >= 1 && info.peerKey && info.peerKey.kind, c.clientCert === 'ecdsa' ? 'p256' : 'rsa');
  if (info && c.alpn) t.is(info.alpn, 'http/1.1');
  if (info) t.is(info.suite, c.suite);
  if (info) t.is(info.group, c.hrr ? 'secp256r1' : c.group || null, 'key exchange as microtls saw it');
  if (info) t.is(info.version, versionName(c));
  t.deepEqual(srv.errors, []);
  return peerView;
}

/** Runs one case. `pki.verify` says whether microtls checks certificates (trust anchors). */
export async function runCase(t, c, pki) {
  if (c.role === 'client') return runAsClient(t, c, pki);
  return runAsServer(t, c, pki);
}

export { spawnPeer };
