// The TLS 1.2 engine inside the CI engines (Node, QuickJS, Duktape; Espruino and JerryScript when
// ESPRUINO / JERRY name binaries): test/engine/tls12/handshake.js against the generic bundle.
import test from 'ava';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REQUIRED_ENGINES, engineGiven, runInEngine } from '../tools/engines/index.mjs';
import { bundleFor } from '../tools/selftest.mjs';

const root = path.resolve(import.meta.dirname, '..');
const fixtures = path.join(root, 'test/fixtures/tls');
const script = readFileSync(path.join(root, 'test/engine/tls12/handshake.js'), 'utf8');
const derHex = (name) => Buffer.from(readFileSync(path.join(fixtures, name + '.crt'), 'utf8')
  .replace(/-----[^-]+-----|\s/g, ''), 'base64').toString('hex');
const keyPem = (name) => readFileSync(path.join(fixtures, name + '.key'), 'utf8');
const engines = REQUIRED_ENGINES.concat(['espruino', 'jerryscript'].filter((e) => engineGiven(e)));

for (const engine of engines) {
  test(`TLS 1.2 handshakes in ${engine}`, async (t) => {
    const code = bundleFor('generic') + '\nvar P256_HEX = ' + JSON.stringify(derHex('p256')) +
      ';\nvar P256_KEY = ' + JSON.stringify(keyPem('p256')) + ';\nvar RSA_HEX = ' + JSON.stringify(derHex('rsa2048')) +
      ';\nvar RSA_KEY = ' + JSON.stringify(keyPem('rsa2048')) + ';\n' + script;
    const r = await runInEngine(engine, code, { timeoutMs: 900000 });
    t.is(r.exitCode, 0, r.stderr);
    t.is(r.failed, 0, r.stdout);
    t.true(r.passed >= 24, r.stdout);
    t.true(r.ok);
    t.log(`${engine}: ${r.passed} checks passed`);
  });
}
