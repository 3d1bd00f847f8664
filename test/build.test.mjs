// The build: one ES5 minified bundle per board, a host build, and a size table that matches the
// files. Expects `npm run build` to have run (npm test does it first).
import test from 'ava';
import { readFileSync, existsSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import vm from 'node:vm';
import * as acorn from 'acorn';
import { loadBoards, validateBoard } from '../tools/boards.mjs';
import { es5Downlevel, assertES5 } from '../tools/rollup-es5.mjs';

const root = path.resolve(import.meta.dirname, '..');
const boards = Object.keys(loadBoards());

test('there are emulator and generic board profiles', (t) => {
  t.true(boards.includes('emulator'));
  t.true(boards.includes('generic'));
});

test('a board profile with a wrong field is refused', (t) => {
  const problems = validateBoard({ name: 'x', description: 'd', runtime: 'lua', ramBudget: 1, maxRecordSize: 99999 }, 'y.json');
  t.is(problems.length, 4);
});

for (const board of boards) {
  test(`dist/${board}/microtls.js is ES5, minified, and defines microtls`, (t) => {
    const file = path.join(root, 'dist', board, 'microtls.js');
    t.true(existsSync(file), 'run npm run build first');
    const code = readFileSync(file, 'utf8');
    t.notThrows(() => acorn.parse(code, { ecmaVersion: 5, sourceType: 'script' }));
    t.true(code.startsWith('var microtls='));
    t.false(/\bBigInt\b/.test(code));
    // Minified: no comments, few line breaks.
    t.true(code.split('\n').length < 20);
    t.true(code.includes(`"${board}"`), 'the board profile is inside its bundle');
  });
}

test('dist/size.json lists every bundle with its real sizes', (t) => {
  const table = JSON.parse(readFileSync(path.join(root, 'dist/size.json'), 'utf8'));
  for (const board of boards) t.truthy(table.bundles.find((r) => r.board === board));
  for (const row of table.bundles) {
    const data = readFileSync(path.join(root, row.file));
    t.is(row.bytes, statSync(path.join(root, row.file)).size);
    t.is(row.gzipBytes, gzipSync(data, { level: 9 }).length);
  }
});

test('the ES5 pass turns ES2020 into ES5 and keeps its helpers out of the global scope', async (t) => {
  const src = 'var lib = (function () { class A { constructor(x) { this.x = x; } get2() { return this.x * 2; } }' +
    ' class B extends A {} const f = (...a) => a.length; let { p } = { p: 1 }; return { v: new B(3).get2() + f(1, 2) + p + 2 ** 3 }; })();';
  const { code } = await es5Downlevel({ globalName: 'lib' }).renderChunk(src);
  t.notThrows(() => acorn.parse(code, { ecmaVersion: 5 }));
  const context = vm.createContext({});
  vm.runInContext(code, context);
  t.deepEqual(Object.keys(context), ['lib']);
  t.is(context.lib.v, 6 + 2 + 1 + 8);
});

test('the ES5 assertion refuses ES2015 syntax, BigInt, and what Espruino cannot parse', (t) => {
  const ctx = { error: (m) => { throw new Error(m); } };
  const check = assertES5().renderChunk;
  t.throws(() => check.call(ctx, 'let x = 1;', { fileName: 'a.js' }), { message: /a\.js is not ES5/ });
  t.throws(() => check.call(ctx, 'var x = BigInt(1);', { fileName: 'b.js' }), { message: /uses BigInt/ });
  t.throws(() => check.call(ctx, 'for (function () {}(), i = 0; i < 1; i++);', { fileName: 'd.js' }), { message: /for initializer/ });
  t.notThrows(() => check.call(ctx, 'var x = 1; for (var i = 0; i < 1; i++) x = function () {};', { fileName: 'c.js' }));
});
