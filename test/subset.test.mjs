// The subset checker catches every banned construct (one fixture per rule, each offending line
// marked `// expect: RULE`), lets allowed code through, and finds src/ and hal/ clean.
import test from 'ava';
import { readdirSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { checkSubset, RULES } from '../tools/subset-check.mjs';

const root = path.resolve(import.meta.dirname, '..');
const bannedDir = path.join(root, 'test/fixtures/subset/banned');
const fixtures = readdirSync(bannedDir).filter((f) => f.endsWith('.ts')).sort();

function expected(file) {
  const want = new Set();
  readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
    const m = /\/\/ expect: ([a-z0-9-]+)/.exec(line);
    if (m) want.add(`${i + 1} ${m[1]}`);
  });
  return want;
}

test('every rule has a fixture that plants it', (t) => {
  t.deepEqual(fixtures.map((f) => f.replace(/\.ts$/, '')).sort(), Object.keys(RULES).sort());
});

for (const fixture of fixtures) {
  test(`catches ${fixture.replace(/\.ts$/, '')} on exactly the marked lines`, (t) => {
    const file = path.join(bannedDir, fixture);
    const want = expected(file);
    t.true(want.size > 0, 'fixture marks at least one line');
    const got = new Set(checkSubset([path.relative(root, file)], { root }).map((f) => `${f.line} ${f.rule}`));
    t.deepEqual([...got].sort(), [...want].sort());
    t.true([...got].some((g) => g.endsWith(' ' + fixture.replace(/\.ts$/, ''))));
  });
}

test('allowed constructs pass', (t) => {
  t.deepEqual(checkSubset(['test/fixtures/subset/allowed.ts'], { root }), []);
});

test('src and hal are inside the subset', (t) => {
  t.deepEqual(checkSubset(['src', 'hal'], { root }).map((f) => `${f.file}:${f.line} ${f.rule}`), []);
});

test('npm run lint:subset fails on a banned file and prints file:line rule', (t) => {
  const r = spawnSync(process.execPath, ['tools/subset-check.mjs', 'test/fixtures/subset/banned/for-of.ts'], { cwd: root, encoding: 'utf8' });
  t.is(r.status, 1);
  t.regex(r.stdout, /^test\/fixtures\/subset\/banned\/for-of\.ts:3 for-of: /m);
});

test('typed-array methods are allowed only in the relaxed folders', (t) => {
  const file = 'test/fixtures/subset/banned/typed-array-method.ts';
  t.true(checkSubset([file], { root }).length > 0);
  t.deepEqual(checkSubset([file], { root, relaxedDirs: ['test/fixtures/subset/banned'] }).filter((f) => f.rule === 'typed-array-method'), []);
});
