// `microtls selftest` as a user runs it: its closing line, its exit code, and its refusals.
import test from 'ava';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
function microtls(args, env = {}) {
  const r = spawnSync(process.execPath, [path.join(root, 'bin/microtls.mjs'), ...args], {
    cwd: root, encoding: 'utf8', env: { ...process.env, ...env },
  });
  const lines = r.stdout.trim().split('\n');
  return { ...r, last: lines[lines.length - 1] };
}

for (const engine of ['node', 'quickjs', 'duktape']) {
  test(`microtls selftest --engine ${engine} passes and says so last`, (t) => {
    const r = microtls(['selftest', '--engine', engine]);
    t.is(r.status, 0, r.stdout + r.stderr);
    t.regex(r.last, /^[1-9]\d* passed, 0 failed$/);
    t.notRegex(r.stdout, /^not ok/m);
  });
}

test('selftest on an engine that is not there exits non-zero and names the fix', (t) => {
  const env = { ESPRUINO: '', JERRY: '' };
  for (const [engine, hint] of [['espruino', /ESPRUINO=/], ['jerryscript', /JERRY=/]]) {
    const r = microtls(['selftest', '--engine', engine], env);
    t.is(r.status, 1);
    t.regex(r.stdout, hint);
    t.is(r.last, '0 passed, 1 failed');
  }
  const duk = microtls(['selftest', '--engine', 'duktape'], { DUK: '/nonexistent/duk' });
  t.is(duk.status, 1);
  t.regex(duk.stdout, /apt-get install -y duktape/);
});

test('selftest --engine all runs the three CI engines and totals them', (t) => {
  const r = microtls(['selftest', '--engine', 'all'], { ESPRUINO: '', JERRY: '' });
  t.is(r.status, 0, r.stdout + r.stderr);
  for (const e of ['node', 'quickjs', 'duktape']) t.regex(r.stdout, new RegExp(`^# ${e} \\(board \\w+\\): [1-9]\\d* passed, 0 failed`, 'm'));
  t.regex(r.stdout, /^# espruino: not run/m);
  t.regex(r.last, /^[1-9]\d* passed, 0 failed$/);
});

test('an unknown engine or command is refused', (t) => {
  t.not(microtls(['selftest', '--engine', 'rhino']).status, 0);
  t.not(microtls(['frobnicate']).status, 0);
});
