// The esp32 bundle (a size profile: features ed25519, p384, private-keys, anchors-encode,
// name-constraints, ip-hosts, rsa-pss-certs and name-folding left out) inside QuickJS (and
// Espruino when ESPRUINO is given): chains it can check validate; a chain that needs a left-out
// feature fails with an X509Error that names it (a left-out curve or RSA-PSS: unsupported_algorithm,
// alert 43; name constraints: unsupported_name_constraint, 43; an IP host: bad_host; an issuer
// name that differs from its CA's subject only in case: unknown_issuer, names compared byte for
// byte), never a pass; the host build accepts the same chains, so the refusals are the build's;
// and the left-out functions throw not_in_build with their name. Chains made here by openssl.
import test from 'ava';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runInEngine, engineGiven } from '../tools/engines/index.mjs';
import { bundleFor } from '../tools/selftest.mjs';
import { loadBoards, featuresOf } from '../tools/boards.mjs';
import { makePki, CA_EXT, LEAF_EXT } from './x509-pki.mjs';
import * as host from '../dist/node/microtls.mjs';

const root = path.resolve(import.meta.dirname, '..');
const board = 'esp32';
const has = new Set(featuresOf(loadBoards()[board]));
let input;

test.before(() => {
  const p = makePki();
  try {
    p.key('rootP256', 'p256'); p.cert('rootP256', { key: 'rootP256', ext: CA_EXT(), days: 3650 });
    p.key('leafP256', 'p256'); p.cert('leafP256', { key: 'leafP256', issuer: 'rootP256', issuerKey: 'rootP256', ext: LEAF_EXT('DNS:ec.test') });
    p.key('rootRsa', 'rsa'); p.cert('rootRsa', { key: 'rootRsa', ext: CA_EXT(), days: 3650 });
    p.key('leafRsa', 'p256'); p.cert('leafRsa', { key: 'leafRsa', issuer: 'rootRsa', issuerKey: 'rootRsa', ext: LEAF_EXT('DNS:rsa.test') });
    p.key('rootEd', 'ed25519'); p.cert('rootEd', { key: 'rootEd', ext: CA_EXT(), days: 3650 });
    p.key('leafEd', 'p256'); p.cert('leafEd', { key: 'leafEd', issuer: 'rootEd', issuerKey: 'rootEd', ext: LEAF_EXT('DNS:ed.test') });
    p.key('rootP384', 'p384'); p.cert('rootP384', { key: 'rootP384', ext: CA_EXT(), days: 3650, digest: 'sha384' });
    p.key('leafP384', 'p256'); p.cert('leafP384', { key: 'leafP384', issuer: 'rootP384', issuerKey: 'rootP384', ext: LEAF_EXT('DNS:ec.test'), digest: 'sha384' });
    // name constraints on an intermediate (a leaf inside them, one outside)
    p.key('intNc', 'p256'); p.cert('intNc', { key: 'intNc', issuer: 'rootP256', issuerKey: 'rootP256', ext: [...CA_EXT(), 'nameConstraints=critical,permitted;DNS:allowed.test'] });
    p.key('leafNc', 'p256'); p.cert('leafNc', { key: 'leafNc', issuer: 'intNc', issuerKey: 'intNc', ext: LEAF_EXT('DNS:www.allowed.test') });
    p.cert('leafNcOut', { key: 'leafNc', issuer: 'intNc', issuerKey: 'intNc', ext: LEAF_EXT('DNS:www.other.test') });
    // an RSA-PSS signature by the RSA root; an IP address in subjectAltName
    p.cert('leafPss', { key: 'leafRsa', issuer: 'rootRsa', issuerKey: 'rootRsa', ext: LEAF_EXT('DNS:pss.test'), pss: true });
    // (signed by the RSA root: RSA verification is the quicker one in Espruino)
    p.cert('leafIp', { key: 'leafP256', issuer: 'rootRsa', issuerKey: 'rootRsa', ext: LEAF_EXT('DNS:ec.test,IP:127.0.0.1') });
    // the issuer name in other case than the root's subject (same key): RFC 5280 names match
    p.cert('rootUpper', { key: 'rootP256', subj: '/O=MICROTLS TESTS/CN=ROOTP256', ext: CA_EXT(), days: 3650 });
    p.cert('leafCase', { key: 'leafP256', issuer: 'rootUpper', issuerKey: 'rootP256', ext: LEAF_EXT('DNS:ec.test') });
    const now = Math.floor(Date.now() / 1000) + 2;
    const c = (name, r, l, host, want, word, full) => ({ name, roots: p.pem(r), chain: p.pem(...[].concat(l)), host, now, want, kind: 'p256', word, full: full || 'OK' });
    input = {
      cases: [
        c('ECDSA P-256 chain', 'rootP256', 'leafP256', 'ec.test', 'OK'),
        c('RSA root, P-256 leaf', 'rootRsa', 'leafRsa', 'rsa.test', 'OK'),
        c('Ed25519 root', 'rootEd', 'leafEd', 'ed.test', has.has('ed25519') ? 'OK' : 'unsupported_algorithm 43', 'Ed25519'),
        c('ECDSA P-384 root', 'rootP384', 'leafP384', 'ec.test', has.has('p384') ? 'OK' : 'unsupported_algorithm 43', 'P-384'),
        c('wrong host still refused', 'rootP256', 'leafP256', 'other.test', 'host_mismatch 42', null, 'host_mismatch 42'),
        c('name constraints on an intermediate', 'rootP256', ['leafNc', 'intNc'], 'www.allowed.test',
          has.has('name-constraints') ? 'OK' : 'unsupported_name_constraint 43', 'name constraints'),
        c('outside name constraints', 'rootP256', ['leafNcOut', 'intNc'], 'www.other.test',
          has.has('name-constraints') ? 'name_constraints 42' : 'unsupported_name_constraint 43', 'name constraints', 'name_constraints 42'),
        c('RSA-PSS certificate signature', 'rootRsa', 'leafPss', 'pss.test', has.has('rsa-pss-certs') ? 'OK' : 'unsupported_algorithm 43', 'RSA-PSS'),
        c('IP address host', 'rootRsa', 'leafIp', '127.0.0.1', has.has('ip-hosts') ? 'OK' : 'bad_host 42', 'IP addresses'),
        c('DNS host beside an IP address', 'rootRsa', 'leafIp', 'ec.test', 'OK'),
        c('issuer named in other case', 'rootP256', 'leafCase', 'ec.test', has.has('name-folding') ? 'OK' : 'unknown_issuer 48', 'byte for byte'),
      ],
      keyPem: readFileSync(p.file('leafP256.key'), 'utf8'),
    };
  } finally { p.cleanup(); }
});

test(`the ${board} profile leaves out what this test is about`, (t) => {
  for (const f of ['private-keys', 'anchors-encode', 'p384', 'name-constraints', 'ip-hosts', 'rsa-pss-certs', 'name-folding']) t.false(has.has(f), f);
  t.true(has.has('x509'));
});

test('the host build (every feature) gives each case its full answer: the refusals are the size build\'s', (t) => {
  for (const c of input.cases) {
    let got;
    try {
      host.verifyChain(host.pemDecode(c.chain, 'CERTIFICATE'), { anchors: host.anchorsFromPem(c.roots), purpose: 'server', now: c.now, host: c.host });
      got = 'OK';
    } catch (e) {
      got = e.code + ' ' + e.alert;
    }
    t.is(got, c.full, c.name);
  }
});

// QuickJS always; Espruino (the runtime the esp32 bundle is for) when ESPRUINO names a binary.
for (const engine of ['quickjs'].concat(engineGiven('espruino') ? ['espruino'] : [])) {
  test(`x509 in the ${board} bundle (${engine}): left-out algorithms fail cleanly`, async (t) => {
    // QuickJS stands in for Espruino: it gets Espruino's atob and btoa (the bundle decodes PEM with them)
    const code = (engine === 'espruino' ? '' : readFileSync(path.join(root, 'tools/emulator/espruino-base64.js'), 'utf8')) +
      'var X509_LEFT_OUT = ' + JSON.stringify(input) + ';\n' + readFileSync(path.join(root, 'test/engine/x509/left-out.js'), 'utf8');
    const r = await runInEngine(engine, code, { bundle: bundleFor(board), nativeCrypto: true, memoryLimit: loadBoards()[board].ramBudget * 4, timeoutMs: 20 * 60 * 1000 });
    t.log(r.stdout.trim());
    t.is(r.exitCode, 0, r.stderr);
    t.is(r.failed, 0, r.stdout);
    t.is(r.passed, input.cases.length + 2, r.stdout);
  });
}
