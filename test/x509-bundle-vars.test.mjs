// Espruino hoists no `var`: a declaration that comes after the code using the name leaves that
// code writing the enclosing scope's variable of the same name. The minifier once inlined
// parseSignatureAlgorithm into certSignatureAlgorithm as `return ...;var r,t,e,o,i}`, and in
// Espruino every certificate signature check then overwrote the bundle's error helpers (the
// next X509Error was "Expecting function, got Number"). This checks that no function of a
// bundle declares a `var` after its return (terser's hoist_vars puts declarations first; only
// inlining put them last).
import test from 'ava';
import { readFileSync, existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import * as acorn from 'acorn';
import * as walk from 'acorn-walk';

const root = path.resolve(import.meta.dirname, '..');
const bundles = readdirSync(path.join(root, 'dist'))
  .map((d) => path.join(root, 'dist', d, 'microtls.js'))
  .filter((f) => existsSync(f));

/** Functions whose body has a `var` statement after its `return` or `throw` (never run, so in
 * Espruino the names it declares are the enclosing scope's). */
function lateVars(code) {
  const ast = acorn.parse(code, { ecmaVersion: 5 });
  const found = [];
  const check = (fn) => {
    let ended = false;
    for (const s of fn.body.body) {
      if (s.type === 'VariableDeclaration' && ended) found.push(code.substring(Math.max(fn.start, s.start - 80), s.end));
      if (s.type === 'ReturnStatement' || s.type === 'ThrowStatement') ended = true;
    }
  };
  walk.full(ast, (n) => { if (n.type === 'FunctionDeclaration' || n.type === 'FunctionExpression') check(n); });
  return found;
}

test('the check finds a var after the return it follows', (t) => {
  t.is(lateVars('function f(n){return r=n,r+1;var r}').length, 1);
  t.is(lateVars('function f(n){var r;return r=n,r+1}').length, 0);
});

test('no bundle declares a var after the return of a function', (t) => {
  t.true(bundles.length > 3, 'run npm run build first');
  for (const file of bundles) t.deepEqual(lateVars(readFileSync(file, 'utf8')), [], path.relative(root, file));
});
