// The engine harness and the bundle's self-checks on every engine. Node, QuickJS and Duktape are
// required: a missing one fails here. Espruino and JerryScript run when ESPRUINO / JERRY name a
// binary (see README).
import test from 'ava';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REQUIRED_ENGINES, EngineMissingError, engineGiven, parseSummary, runInEngine } from '../tools/engines/index.mjs';
import { selftestIn, bundleFor } from '../tools/selftest.mjs';

const root = path.resolve(import.meta.dirname, '..');
const checkCount = (readFileSync(path.join(root, 'src/selftest.ts'), 'utf8').match(/^  \['/gm).length) +
  (readFileSync(path.join(root, 'src/compat/checks.ts'), 'utf8').match(/^  \['prelude/gm).length);
const engines = REQUIRED_ENGINES.concat(['espruino', 'jerryscript'].filter((e) => engineGiven(e)));

test('parseSummary reads the last summary line only', (t) => {
  t.deepEqual(parseSummary('1 passed, 0 failed\nok - x\n3 passed, 2 failed\n'), { passed: 3, failed: 2 });
  t.is(parseSummary('ok - x\n'), null);
  t.is(parseSummary('nearly 3 passed, 2 failed\n'), null);
});

for (const engine of engines) {
  test(`selftest passes every check in ${engine}`, async (t) => {
    const r = await selftestIn(engine);
    t.is(r.exitCode, 0, r.stderr);
    t.is(r.failed, 0, r.stdout);
    t.is(r.passed, checkCount);
    t.true(r.ok);
  });

  test(`${engine}: the harness sees failures, exceptions and silence`, async (t) => {
    const failing = await runInEngine(engine, 'print("ok - a"); print("1 passed, 1 failed");');
    t.false(failing.ok);
    t.is(failing.failed, 1);
    const throwing = await runInEngine(engine, 'print("1 passed, 0 failed"); throw new Error("boom");');
    t.false(throwing.ok);
    t.not(throwing.exitCode, 0);
    const silent = await runInEngine(engine, 'var x = 1;');
    t.false(silent.ok);
    t.false(silent.summaryFound);
  });
}

test('duktape lacks TypedArray slice/from natively and the bundle\'s prelude adds them', async (t) => {
  const probe = 'print(typeof Uint8Array.prototype.slice + " " + typeof Uint32Array.from); print("1 passed, 0 failed");';
  const bare = await runInEngine('duktape', probe);
  t.regex(bare.stdout, /^undefined undefined$/m);
  const withBundle = await runInEngine('duktape', bundleFor('generic') + '\n' + probe);
  t.regex(withBundle.stdout, /^function function$/m);
});

test('quickjs enforces the memory limit', async (t) => {
  const r = await runInEngine('quickjs', 'var big = new Uint8Array(300000); print("1 passed, 0 failed");', { memoryLimit: 262144 });
  t.false(r.ok);
  t.regex(r.stderr, /out of memory/);
  t.is(r.memory.limit, 262144);
});

test('a missing engine is an error, not a skip', async (t) => {
  await t.throwsAsync(runInEngine('duktape', 'print(1)', { env: { DUK: '/nonexistent/duk' } }), { instanceOf: EngineMissingError });
  await t.throwsAsync(runInEngine('espruino', 'print(1)', { env: {} }), { instanceOf: EngineMissingError, message: /ESPRUINO=/ });
  await t.throwsAsync(runInEngine('jerryscript', 'print(1)', { env: {} }), { instanceOf: EngineMissingError, message: /JERRY=/ });
});
