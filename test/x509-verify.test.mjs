// verifyChain's options and edges through the library: the time policies (never a silent skip),
// pins, depth limits, trusted leaves, typed errors with their alerts, and the trust-anchor forms
// (PEM, the compact binary form, and the ES5 file `microtls ta` writes, evaluated as a board would).
import test from 'ava';
import vm from 'node:vm';
import crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import * as m from '../dist/node/microtls.mjs';
import { makePki, CA_EXT, LEAF_EXT } from './x509-pki.mjs';

const root = path.resolve(import.meta.dirname, '..');
let NOW;
let pki, der, anchors;
test.before(() => {
  pki = makePki();
  pki.key('root', 'p256'); pki.cert('root', { key: 'root', ext: CA_EXT(1), days: 3650 });
  pki.key('int', 'p256'); pki.cert('int', { key: 'int', issuer: 'root', issuerKey: 'root', ext: CA_EXT(), days: 365 });
  pki.key('leaf', 'ed25519'); pki.cert('leaf', { key: 'leaf', issuer: 'int', issuerKey: 'int', ext: LEAF_EXT('DNS:device.test'), days: 10 });
  pki.cert('self', { key: 'leaf', ext: LEAF_EXT('DNS:self.test'), days: 10 });
  // a second copy of the intermediate (same name and key) that outlives the first
  pki.cert('intShort', { key: 'int', cn: 'int', issuer: 'root', issuerKey: 'root', ext: CA_EXT(), days: 5 });
  pki.cert('leafLong', { key: 'leaf', issuer: 'int', issuerKey: 'int', ext: LEAF_EXT('DNS:device.test'), days: 100 });
  pki.cert('leafIp', { key: 'leaf', issuer: 'int', issuerKey: 'int', ext: LEAF_EXT('IP:::1,IP:2001:db8::7:0:1,IP:192.168.1.20,DNS:10.0.0.1') });
  // the intermediate's key cross-signed by a root nobody trusts (same name and key as 'int')
  pki.key('stranger', 'p256'); pki.cert('stranger', { key: 'stranger', ext: CA_EXT(), days: 3650 });
  pki.cert('intCross', { key: 'int', cn: 'int', issuer: 'stranger', issuerKey: 'stranger', ext: CA_EXT(), days: 365 });
  pki.cert('intSelf', { key: 'int', cn: 'int', ext: CA_EXT(), days: 365 });
  pki.key('leafRsa', 'rsa');
  pki.cert('leafEncipher', { key: 'leafRsa', issuer: 'int', issuerKey: 'int', ext: ['keyUsage=critical,keyEncipherment', 'subjectAltName=DNS:device.test'] });
  der = (n) => m.pemDecode(readFileSync(pki.file(`${n}.crt`), 'utf8'), 'CERTIFICATE')[0];
  anchors = m.anchorsFromPem(pki.pem('root'));
  NOW = Math.floor(Date.now() / 1000) + 2; // after the certificates were made
});
test.after.always(() => { if (pki) pki.cleanup(); });

const opts = (o) => ({ anchors, purpose: 'server', now: NOW, ...o });
function code(fn) {
  try { fn(); return 'OK'; } catch (e) { if (e.name !== 'X509Error') throw e; return e.code; }
}

test('the leaf key comes back, and matches the certificate', (t) => {
  const key = m.verifyChain([der('leaf'), der('int')], opts({ host: 'device.test' }));
  t.is(key.kind, 'ed25519');
  t.deepEqual(new Uint8Array(key.spki), new Uint8Array(new crypto.X509Certificate(readFileSync(pki.file('leaf.crt'))).publicKey.export({ type: 'spki', format: 'der' })));
});

test('time policy: no clock fails unless a floor date is given; the floor checks notAfter only', (t) => {
  const chain = [der('leaf'), der('int')];
  t.is(code(() => m.verifyChain(chain, opts({ now: -1 }))), 'no_time');
  t.is(code(() => m.verifyChain(chain, opts({ now: -1, timePolicy: 'clock' }))), 'no_time');
  t.is(code(() => m.verifyChain(chain, opts({ now: -1, timePolicy: 'reject' }))), 'no_time');
  t.is(code(() => m.verifyChain(chain, opts({ now: -1, timePolicy: { floor: 0 } }))), 'no_time');
  // a floor before notBefore passes (notBefore cannot be judged without a clock) ...
  t.is(code(() => m.verifyChain(chain, opts({ now: -1, timePolicy: { floor: NOW - 400 * 86400 } }))), 'OK');
  // ... a floor after the leaf's notAfter fails as expired
  t.is(code(() => m.verifyChain(chain, opts({ now: -1, timePolicy: { floor: NOW + 20 * 86400 } }))), 'expired');
  // with a clock, the policy does not loosen anything
  t.is(code(() => m.verifyChain(chain, opts({ now: NOW - 400 * 86400, timePolicy: { floor: NOW - 400 * 86400 } }))), 'not_yet_valid');
  const e = t.throws(() => m.verifyChain(chain, opts({ now: -1 })));
  t.is(e.alert, 46);
  t.regex(e.message, /^certificate_unknown \(46\): no trusted time/);
});

test('pins: a matching leaf key is enough; a mismatch falls back to the anchors', (t) => {
  const leafSpki = m.parseCertificate(der('leaf')).spki;
  const pin = new Uint8Array(crypto.createHash('sha256').update(leafSpki).digest());
  t.deepEqual(new Uint8Array(m.spkiPin(leafSpki)), pin);
  t.is(code(() => m.verifyChain([der('leaf')], { anchors: [], pins: [pin], purpose: 'server', now: NOW })), 'OK');
  const other = new Uint8Array(32);
  t.is(code(() => m.verifyChain([der('leaf')], { anchors: [], pins: [other], purpose: 'server', now: NOW })), 'pin_mismatch');
  t.is(code(() => m.verifyChain([der('leaf'), der('int')], opts({ pins: [other] }))), 'OK');
});

test('depth: maxDepth counts certificates above the leaf; an anchor path length applies', (t) => {
  t.is(code(() => m.verifyChain([der('leaf'), der('int')], opts({ maxDepth: 1 }))), 'OK');
  t.is(code(() => m.verifyChain([der('leaf'), der('int')], opts({ maxDepth: 0 }))), 'chain_too_long');
  const a = anchors.map((x) => ({ ...x, pathLen: 0 }));
  t.is(code(() => m.verifyChain([der('leaf'), der('int')], opts({ anchors: a }))), 'path_length');
  const eleven = new Array(11).fill(der('int'));
  t.is(code(() => m.verifyChain(eleven, opts())), 'chain_too_long');
  t.is(code(() => m.verifyChain([], opts())), 'empty_chain');
});

test('a self-signed leaf given as an anchor is trusted, and still checked for host and time', (t) => {
  const a = m.anchorsFromPem(pki.pem('self'));
  t.is(code(() => m.verifyChain([der('self')], opts({ anchors: a, host: 'self.test' }))), 'OK');
  t.is(code(() => m.verifyChain([der('self')], opts({ anchors: a, host: 'other.test' }))), 'host_mismatch');
  t.is(code(() => m.verifyChain([der('self')], opts({ anchors: a, now: NOW + 30 * 86400 }))), 'expired');
  t.is(code(() => m.verifyChain([der('self')], opts())), 'unknown_issuer');
});

test('errors carry the alert the handshake sends', (t) => {
  const chain = [der('leaf'), der('int')];
  const cases = [
    [() => m.verifyChain([der('leaf')], opts()), 'unknown_issuer', 48],
    [() => m.verifyChain(chain, opts({ host: 'x.test' })), 'host_mismatch', 42],
    [() => m.verifyChain(chain, opts({ now: NOW + 30 * 86400 })), 'expired', 45],
    [() => m.verifyChain(chain, opts({ purpose: 'client' })), 'bad_eku', 43],
    [() => m.verifyChain([der('leaf').subarray(0, 100)], opts()), 'bad_der', 42],
  ];
  for (const [fn, c, alert] of cases) {
    const e = t.throws(fn);
    t.is(e.name, 'X509Error');
    t.is(e.code, c);
    t.is(e.alert, alert);
  }
});

test('compact anchors: encode/decode round trip, views, and refusal of damaged data', (t) => {
  const all = m.anchorsFromPem(pki.pem('root', 'int', 'self'));
  const bytes = m.anchorsEncode(all);
  const back = m.anchorsDecode(bytes);
  t.is(back.length, 3);
  for (let i = 0; i < 3; i++) {
    t.deepEqual(new Uint8Array(back[i].subject), new Uint8Array(all[i].subject));
    t.deepEqual(new Uint8Array(back[i].spki), new Uint8Array(all[i].spki));
    t.is(back[i].pathLen, all[i].pathLen);
  }
  t.is(back[0].pathLen, 1);
  t.is(back[1].pathLen, -1);
  t.is(back[0].spki.buffer, bytes.buffer, 'decoded anchors are views, not copies');
  t.is(code(() => m.verifyChain([der('leaf'), der('int')], opts({ anchors: back }))), 'OK');
  for (let n = 0; n < bytes.length; n++) {
    t.throws(() => m.anchorsDecode(bytes.subarray(0, n)), { name: 'X509Error' });
  }
  const bad = new Uint8Array(bytes); bad[0] = 0;
  t.throws(() => m.anchorsDecode(bad), { name: 'X509Error', code: 'bad_anchors' });
});

test('microtls ta writes an ES5 file a board includes, and raw bytes; --pins prints pins', (t) => {
  const bundle = pki.write('bundle.pem', 'root', 'int');
  const js = pki.file('anchors.js'), bin = pki.file('anchors.bin');
  const run = (args) => spawnSync(process.execPath, [path.join(root, 'bin/microtls.mjs'), 'ta', ...args], { encoding: 'utf8' });
  let r = run([bundle, '-o', js]);
  t.is(r.status, 0, r.stderr);
  t.regex(r.stdout, /^2 anchors, \d+ bytes/);
  const text = readFileSync(js, 'utf8');
  // the file must be ES5 (it runs on Espruino/Duktape beside the bundle)
  const acorn = acornModule();
  t.notThrows(() => acorn.parse(text, { ecmaVersion: 5 }));
  const ctx = { microtls: m };
  vm.runInNewContext(text + '\nvar ANCHORS = microtls.anchorsFromBase64(MICROTLS_ANCHORS);', ctx);
  t.is(ctx.ANCHORS.length, 2);
  t.is(code(() => m.verifyChain([der('leaf')], opts({ anchors: ctx.ANCHORS }))), 'OK');
  r = run([bundle, '-o', bin]);
  t.is(r.status, 0);
  t.deepEqual(new Uint8Array(readFileSync(bin)), m.anchorsEncode(m.anchorsFromPem(pki.pem('root', 'int'))));
  r = run([bundle, '--pins']);
  const want = ['root', 'int'].map((n) => crypto.createHash('sha256').update(new crypto.X509Certificate(readFileSync(pki.file(`${n}.crt`))).publicKey.export({ type: 'spki', format: 'der' })).digest('hex'));
  t.deepEqual(r.stdout.trim().split('\n'), want);
  t.is(run([]).status, 2);
});

import { createRequire } from 'node:module';
function acornModule() { return createRequire(import.meta.url)('acorn'); }

test('an expired copy of an intermediate is passed over for a valid one', (t) => {
  const later = NOW + 30 * 86400;
  t.is(code(() => m.verifyChain([der('leafLong'), der('intShort'), der('int')], opts({ now: later }))), 'OK');
  t.is(code(() => m.verifyChain([der('leafLong'), der('intShort')], opts({ now: later }))), 'expired');
  t.is(code(() => m.verifyChain([der('leafLong'), der('intShort')], opts())), 'OK');
});

test('leafKeyUsage: the bit the handshake needs must be set when keyUsage is present', (t) => {
  const chain = [der('leafEncipher'), der('int')];
  t.is(code(() => m.verifyChain(chain, opts())), 'OK');
  t.is(code(() => m.verifyChain(chain, opts({ leafKeyUsage: 'keyEncipherment' }))), 'OK');
  const e = t.throws(() => m.verifyChain(chain, opts({ leafKeyUsage: 'digitalSignature' })));
  t.is(e.code, 'bad_key_usage');
  t.is(e.alert, 43);
  // a leaf with digitalSignature (LEAF_EXT) passes for signing
  t.is(code(() => m.verifyChain([der('leaf'), der('int')], opts({ leafKeyUsage: 'digitalSignature' }))), 'OK');
});

test('IP hosts: IPv4 and every IPv6 spelling match iPAddress entries only; bad literals are refused', (t) => {
  const chain = [der('leafIp'), der('int')];
  const host = (h) => code(() => m.verifyChain(chain, opts({ host: h })));
  for (const h of ['::1', '0:0:0:0:0:0:0:1', '::0.0.0.1', '0::1', '2001:DB8::7:0:1', '2001:db8:0:0:0:7:0:1', '2001:db8::7:0.0.0.1', '192.168.1.20']) {
    t.is(host(h), 'OK', h);
  }
  for (const h of ['::2', '2001:db8::7:0:2', '192.168.1.21', '10.0.0.1']) {
    t.is(host(h), 'host_mismatch', h);
  }
  // an all-numeric last label is no DNS name, and with leading zeros no IPv4 literal either
  for (const h of ['192.168.001.20', '256.1.1.1', 'host.123']) t.is(host(h), 'bad_host', h);
  for (const h of [':::1', '2001:db8::7::1', '1:2:3:4:5:6:7:8:9', 'a b', '*.x.test', 'x..test', '']) {
    if (h === '') { t.is(host(h), 'OK', 'empty host: no name check'); continue; }
    t.true(['bad_host', 'host_mismatch'].includes(host(h)), h);
  }
  t.is(host('a b'), 'bad_host');
});

test('path search undoes a wrong turn: a cross-signed copy leading to an unknown root', (t) => {
  t.is(code(() => m.verifyChain([der('leaf'), der('intCross'), der('int')], opts())), 'OK');
  t.is(code(() => m.verifyChain([der('leaf'), der('int'), der('intCross')], opts())), 'OK');
  const e = t.throws(() => m.verifyChain([der('leaf'), der('intCross')], opts()));
  t.is(e.code, 'unknown_issuer');
  t.regex(e.message, /issuer of intermediate certificate 1 above the leaf/);
  // many copies of the same intermediate cannot make the search run away
  const many = [der('leaf')].concat(new Array(9).fill(der('intCross')));
  t.is(code(() => m.verifyChain(many, opts({ maxDepth: 8 }))), 'unknown_issuer');
  const selfIssued = [der('leaf')].concat(new Array(9).fill(der('intSelf')));
  const start = Date.now();
  t.is(code(() => m.verifyChain(selfIssued, opts({ maxDepth: 8 }))), 'too_much_work');
  t.true(Date.now() - start < 5000);
});
