// Chain validation inside the engines the bundle targets: test/engine/x509/chain.js with chains
// made here by openssl (RSA-2048, ECDSA P-256/P-384, Ed25519; good chains and refusals), in Node,
// QuickJS (held to the emulator board's RAM budget: a three-certificate chain must fit) and
// Duktape, and in Espruino / JerryScript when ESPRUINO / JERRY name binaries.
import test from 'ava';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REQUIRED_ENGINES, engineGiven, runInEngine } from '../tools/engines/index.mjs';
import { bundleFor } from '../tools/selftest.mjs';
import { loadBoards } from '../tools/boards.mjs';
import { makePki, CA_EXT, LEAF_EXT } from './x509-pki.mjs';

const root = path.resolve(import.meta.dirname, '..');
const engines = REQUIRED_ENGINES.concat(['espruino', 'jerryscript'].filter((e) => engineGiven(e)));
let cases;

test.before(() => {
  const p = makePki();
  try {
    p.key('rootRsa', 'rsa'); p.cert('rootRsa', { key: 'rootRsa', ext: CA_EXT(), days: 3650 });
    p.key('intRsa', 'rsa'); p.cert('intRsa', { key: 'intRsa', issuer: 'rootRsa', issuerKey: 'rootRsa', ext: CA_EXT(0) });
    p.key('leafRsa', 'rsa'); p.cert('leafRsa', { key: 'leafRsa', issuer: 'intRsa', issuerKey: 'intRsa', ext: LEAF_EXT('DNS:rsa.test,DNS:*.rsa.test') });
    p.key('rootEc', 'p384'); p.cert('rootEc', { key: 'rootEc', ext: CA_EXT(), days: 3650, digest: 'sha384' });
    p.key('intEc', 'p256'); p.cert('intEc', { key: 'intEc', issuer: 'rootEc', issuerKey: 'rootEc', ext: CA_EXT(0), digest: 'sha384' });
    p.key('leafEc', 'p256'); p.cert('leafEc', { key: 'leafEc', issuer: 'intEc', issuerKey: 'intEc', ext: LEAF_EXT('DNS:ec.test,IP:10.0.0.1') });
    p.key('rootEd', 'ed25519'); p.cert('rootEd', { key: 'rootEd', ext: CA_EXT(), days: 3650 });
    p.key('leafEd', 'ed25519'); p.cert('leafEd', { key: 'leafEd', issuer: 'rootEd', issuerKey: 'rootEd', ext: LEAF_EXT('DNS:ed.test') });
    const NOW = Math.floor(Date.now() / 1000) + 2; // after the certificates were made
    const c = (name, roots, chain, o, want, kind) => ({ name, roots: p.pem(...roots), chain: p.pem(...chain), purpose: 'server', now: NOW, ...o, want, kind });
    cases = [
      c('RSA-2048 three-certificate chain', ['rootRsa'], ['leafRsa', 'intRsa'], { host: 'www.rsa.test' }, 'OK', 'rsa'),
      c('ECDSA P-384 root, P-256 chain', ['rootEc'], ['leafEc', 'intEc'], { host: 'ec.test' }, 'OK', 'p256'),
      c('ECDSA chain, IP host', ['rootEc'], ['leafEc', 'intEc'], { host: '10.0.0.1' }, 'OK', 'p256'),
      c('Ed25519 chain', ['rootEd'], ['leafEd'], { host: 'ed.test' }, 'OK', 'ed25519'),
      c('wrong host', ['rootRsa'], ['leafRsa', 'intRsa'], { host: 'a.b.rsa.test' }, 'host_mismatch'),
      c('expired', ['rootEc'], ['leafEc', 'intEc'], { now: NOW + 90 * 86400 }, 'expired'),
      c('untrusted root', ['rootEd'], ['leafEc', 'intEc'], {}, 'unknown_issuer'),
      c('no clock', ['rootEd'], ['leafEd'], { now: -1 }, 'no_time'),
      c('no clock, floor date', ['rootEd'], ['leafEd'], { now: -1, timePolicy: { floor: NOW } }, 'OK', 'ed25519'),
      c('client purpose on a server certificate', ['rootEd'], ['leafEd'], { purpose: 'client' }, 'bad_eku'),
    ];
  } finally { p.cleanup(); }
});

function script() {
  return 'var X509_CASES = ' + JSON.stringify(cases) + ';\n' + readFileSync(path.join(root, 'test/engine/x509/chain.js'), 'utf8');
}

for (const engine of engines) {
  test(`x509 chain validation in ${engine}`, async (t) => {
    const board = engine === 'quickjs' ? loadBoards().emulator : loadBoards().generic;
    const r = await runInEngine(engine, script(), { bundle: bundleFor(board.name), memoryLimit: board.ramBudget, timeoutMs: 20 * 60 * 1000 });
    t.is(r.exitCode, 0, r.stderr);
    t.is(r.failed, 0, r.stdout);
    t.is(r.passed, cases.length + 1, r.stdout);
  });
}
