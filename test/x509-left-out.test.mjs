// The esp32 bundle (a size profile: features ed25519, p384, private-keys and anchors-encode left
// out) inside QuickJS (and Espruino when ESPRUINO is given): chains it can check validate, chains signed with a left-out curve fail
// with an X509Error unsupported_algorithm that names it (alert unsupported_certificate, 43), and
// the left-out functions throw not_in_build with their name. Chains made here by openssl.
import test from 'ava';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runInEngine, engineGiven } from '../tools/engines/index.mjs';
import { bundleFor } from '../tools/selftest.mjs';
import { loadBoards, featuresOf } from '../tools/boards.mjs';
import { makePki, CA_EXT, LEAF_EXT } from './x509-pki.mjs';

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
    const now = Math.floor(Date.now() / 1000) + 2;
    const c = (name, r, l, host, want, word) => ({ name, roots: p.pem(r), chain: p.pem(l), host, now, want, kind: 'p256', word });
    input = {
      cases: [
        c('ECDSA P-256 chain', 'rootP256', 'leafP256', 'ec.test', 'OK'),
        c('RSA root, P-256 leaf', 'rootRsa', 'leafRsa', 'rsa.test', 'OK'),
        c('Ed25519 root', 'rootEd', 'leafEd', 'ed.test', has.has('ed25519') ? 'OK' : 'unsupported_algorithm 43', 'Ed25519'),
        c('ECDSA P-384 root', 'rootP384', 'leafP384', 'ec.test', has.has('p384') ? 'OK' : 'unsupported_algorithm 43', 'P-384'),
        c('wrong host still refused', 'rootP256', 'leafP256', 'other.test', 'host_mismatch 42'),
      ],
      keyPem: readFileSync(p.file('leafP256.key'), 'utf8'),
    };
  } finally { p.cleanup(); }
});

test(`the ${board} profile leaves out what this test is about`, (t) => {
  for (const f of ['private-keys', 'anchors-encode', 'p384']) t.false(has.has(f), f);
  t.true(has.has('x509'));
});

// QuickJS always; Espruino (the runtime the esp32 bundle is for) when ESPRUINO names a binary.
for (const engine of ['quickjs'].concat(engineGiven('espruino') ? ['espruino'] : [])) {
  test(`x509 in the ${board} bundle (${engine}): left-out algorithms fail cleanly`, async (t) => {
    const code = 'var X509_LEFT_OUT = ' + JSON.stringify(input) + ';\n' + readFileSync(path.join(root, 'test/engine/x509/left-out.js'), 'utf8');
    const r = await runInEngine(engine, code, { bundle: bundleFor(board), nativeCrypto: true, memoryLimit: loadBoards()[board].ramBudget * 4, timeoutMs: 20 * 60 * 1000 });
    t.log(r.stdout.trim());
    t.is(r.exitCode, 0, r.stderr);
    t.is(r.failed, 0, r.stdout);
    t.is(r.passed, input.cases.length + 2, r.stdout);
  });
}
