// The size profiles' string pool (tools/rollup-string-pool.mjs): repeated string literals become
// names declared once at the top of the bundle's function. The pooled program computes the same
// as the original, object keys and directives stay literal, no pool name collides with a name the
// code uses (globals included), and only the size profiles are pooled. Expects `npm run build`.
import test from 'ava';
import vm from 'node:vm';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { poolStrings } from '../tools/rollup-string-pool.mjs';
import { undeclaredUses } from '../tools/espruino-scope.mjs';

const root = path.resolve(import.meta.dirname, '..');
const bundle = (b) => readFileSync(path.join(root, 'dist', b, 'microtls.js'), 'utf8');
const count = (text, s) => text.split(s).length - 1;

// Globals a and b are read inside: the pool must not take those names.
const PROGRAM = 'var g=function(x){"use strict";function k(v){return typeof v=="string"?"string:"+v:"other"}' +
  'function m(o){return o["long key here"]+o.p}' +
  'var r=[k("alpha-beta-gamma"),k(1),k("alpha-beta-gamma"),"alpha-beta-gamma",a+b,m({"long key here":"string",p:"alpha-beta-gamma"})];' +
  'switch(x){case"alpha-beta-gamma":r.push("string")}if("string"in{string:1})r.push(typeof"string");return r.join("|")}("alpha-beta-gamma");';

test('a pooled program computes what the original did, with shorter text', (t) => {
  const out = poolStrings(PROGRAM);
  t.truthy(out);
  t.true(out.code.length < PROGRAM.length, out.code);
  const run = (code) => vm.runInNewContext(code + ';g', { a: 'A', b: 'B' });
  t.is(run(out.code), run(PROGRAM));
  // once in the pool, once as the call's argument (outside the function: left alone)
  t.is(count(out.code, '"alpha-beta-gamma"'), 2, out.code);
  t.true(out.code.endsWith('("alpha-beta-gamma");'), out.code);
  // directive and object key stay literal
  t.true(out.code.includes('"use strict"'));
  t.true(out.code.includes('{"long key here":'), out.code);
  t.deepEqual(undeclaredUses(out.code), []);
  t.truthy(out.map && out.map.mappings);
});

test('nothing to pool gives null, and a bundle of another shape is refused', (t) => {
  t.is(poolStrings('var g=function(){"use strict";return "once"}();'), null);
  t.throws(() => poolStrings('console.log("x","x","x","x")'), { message: /not var g = function/ });
});

test('the size bundles are pooled and the speed bundles are not', (t) => {
  for (const b of ['esp32', 'esp32c3', 'esp32s3', 'espruino-linux']) t.is(count(bundle(b), '"sha384"'), 1, b);
  for (const b of ['esp32-jerryscript', 'generic', 'emulator']) t.true(count(bundle(b), '"sha384"') > 1, b);
});
