// Hostile input leaves no memory behind: test/engine/tls/hostile-memory.js (TLS 1.3 and 1.2
// refusals on fresh engines). In QuickJS and Duktape it checks that every refusal is a typed
// error naming its alert. Memory: QuickJS and Duktape offer a script no way to force a full
// collection and read the heap, so the growth check runs the same bundle and script in a Node
// child with --expose-gc: heap in use after full collections, after a run of 100 rounds and after
// one of 3,000, must not grow with the rounds.
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runInEngine } from '../tools/engines/index.mjs';
import { bundleFor } from '../tools/selftest.mjs';

const root = path.resolve(import.meta.dirname, '..');
const fixtures = path.join(root, 'test/fixtures/tls');
const script = readFileSync(path.join(root, 'test/engine/tls/hostile-memory.js'), 'utf8');
const derHex = Buffer.from(readFileSync(path.join(fixtures, 'p256.crt'), 'utf8')
  .replace(/-----[^-]+-----|\s/g, ''), 'base64').toString('hex');
const keyPem = readFileSync(path.join(fixtures, 'p256.key'), 'utf8');
const prelude = (rounds) => 'var P256_HEX = ' + JSON.stringify(derHex) + ';\nvar P256_KEY = ' + JSON.stringify(keyPem) +
  ';\nvar ROUNDS = ' + rounds + ';\n';

for (const engine of ['quickjs', 'duktape']) {
  test(`hostile input on fresh engines in ${engine}: every refusal a typed error with its alert`, async (t) => {
    const r = await runInEngine(engine, prelude(10) + script, { bundle: bundleFor('generic'), timeoutMs: 600000 });
    t.true(r.ok, r.stdout + r.stderr);
  });
}

test('hostile input leaves no memory behind (Node heap after full collections: 100 rounds against 3,000)', (t) => {
  // Inside a function: the ES5 script's top-level vars must not meet this code's names.
  const child = `(function () {
    const vm = require('node:vm');
    const fs = require('node:fs');
    let out = '';
    globalThis.print = (s) => { out += s + '\\n'; };
    vm.runInThisContext(fs.readFileSync(process.argv[1], 'utf8'));
    const script = fs.readFileSync(process.argv[2], 'utf8');
    const heap = () => { for (let i = 0; i < 4; i++) global.gc(); return process.memoryUsage().heapUsed; };
    // Two runs first let V8 compile and optimise the hot code (code space counts in the heap and
    // settles only then); each run starts from fresh top-level variables.
    vm.runInThisContext(process.argv[3] + '300;\\n' + script);
    vm.runInThisContext(process.argv[3] + '300;\\n' + script);
    vm.runInThisContext(process.argv[3] + '100;\\n' + script);
    const a = heap();
    vm.runInThisContext(process.argv[3] + '3000;\\n' + script);
    const b = heap();
    console.log(JSON.stringify({ a, b, out }));
  })();`;
  const r = spawnSync(process.execPath, ['--expose-gc', '-e', child, path.join(root, 'dist/generic/microtls.js'),
    path.join(root, 'test/engine/tls/hostile-memory.js'), prelude(0).replace(/0;\n$/, '')], { encoding: 'utf8', timeout: 600000 });
  t.is(r.status, 0, r.stderr);
  const { a, b, out } = JSON.parse(r.stdout.trim().split('\n').pop());
  t.notRegex(out, /not ok/, out);
  t.regex(out, /ok - 3000 rounds/);
  t.log(`heap in use after a run of 100 rounds: ${a} bytes; after one of 3,000: ${b}`);
  // 2,900 more rounds make 11,600 more engines: anything kept per engine (a hundred bytes at the
  // least) would add more than a megabyte. V8's own heap moves by a few hundred kilobytes from
  // run to run (code and feedback), hence the margin. The script's ticket store holds 16 entries.
  t.true(b - a < 1024 * 1024, `grew by ${b - a} bytes`);
});
