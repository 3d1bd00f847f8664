// The TLS engine inside the CI engines (Node, QuickJS, Duktape; Espruino and JerryScript when
// ESPRUINO / JERRY name binaries): test/engine/tls/handshake.js against the generic bundle.
import test from 'ava';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REQUIRED_ENGINES, engineGiven, runInEngine } from '../tools/engines/index.mjs';
import { bundleFor } from '../tools/selftest.mjs';

const root = path.resolve(import.meta.dirname, '..');
const fixtures = path.join(root, 'test/fixtures/tls');
const script = readFileSync(path.join(root, 'test/engine/tls/handshake.js'), 'utf8');
const pem = readFileSync(path.join(fixtures, 'ed25519.crt'), 'utf8');
const der = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
const keyPem = readFileSync(path.join(fixtures, 'ed25519.key'), 'utf8');
const checks = (script.match(/check\('|check\(suites/g) || []).length;
const engines = REQUIRED_ENGINES.concat(['espruino', 'jerryscript'].filter((e) => engineGiven(e)));

for (const engine of engines) {
  test(`TLS 1.3 handshakes in ${engine}`, async (t) => {
    const code = bundleFor('generic') + '\nvar CERT_HEX = ' + JSON.stringify(der.toString('hex')) +
      ';\nvar KEY_PEM = ' + JSON.stringify(keyPem) + ';\n' + script;
    const r = await runInEngine(engine, code, { timeoutMs: 600000 });
    t.is(r.exitCode, 0, r.stderr);
    t.is(r.failed, 0, r.stdout);
    t.true(r.passed >= 14, r.stdout);
    t.true(r.ok);
    t.log(`${engine}: ${r.passed} checks passed`);
  });
}

test('QuickJS: application records retain no memory (100 vs 1000 records of 4 KB)', async (t) => {
  const recScript = readFileSync(path.join(root, 'test/engine/tls/records.js'), 'utf8');
  const used = [];
  for (const n of [100, 1000]) {
    const code = bundleFor('generic') + '\nvar CERT_HEX = ' + JSON.stringify(der.toString('hex')) +
      ';\nvar KEY_PEM = ' + JSON.stringify(keyPem) + ';\nvar RECORDS = ' + n + ';\n' + recScript;
    const r = await runInEngine('quickjs', code, { timeoutMs: 600000 });
    t.true(r.ok, r.stdout + r.stderr);
    used.push(r.memory);
  }
  t.log(`after 100 records: ${used[0].memory_used_size} bytes in ${used[0].malloc_count} blocks; after 1000: ${used[1].memory_used_size} in ${used[1].malloc_count}`);
  t.is(used[1].malloc_count, used[0].malloc_count);
  t.is(used[1].memory_used_size, used[0].memory_used_size);
});
