// The socket API runs inside every engine (devices use it too): test/engine/api.js over a
// loopback HAL, with the generic bundle.
import test from 'ava';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REQUIRED_ENGINES, engineGiven, runInEngine } from '../tools/engines/index.mjs';
import { bundleFor } from '../tools/selftest.mjs';

const root = path.resolve(import.meta.dirname, '..');
const pki = {
  cert: readFileSync(path.join(root, 'test/fixtures/tls/p256.crt'), 'utf8'),
  key: readFileSync(path.join(root, 'test/fixtures/tls/p256.key'), 'utf8'),
};
const script = bundleFor('generic') + '\nvar API_PKI = ' + JSON.stringify(pki) + ';\n' +
  readFileSync(path.join(root, 'test/engine/api.js'), 'utf8');

for (const engine of REQUIRED_ENGINES.concat(['espruino', 'jerryscript'].filter((e) => engineGiven(e)))) {
  test(`socket API over a loopback HAL in ${engine}`, async (t) => {
    const r = await runInEngine(engine, script, { timeoutMs: 10 * 60 * 1000 });
    t.is(r.exitCode, 0, r.stderr + r.stdout);
    t.notRegex(r.stdout, /^not ok/m, r.stdout);
    t.regex(r.stdout, /^10 passed, 0 failed$/m, r.stdout);
  });
}
