// The build's proof that every variable is declared before it is used (tools/espruino-scope.mjs):
// Espruino 2v29 runs a `var` where it stands, so a use ahead of it reaches an outer variable of
// the same name. Small programs are checked against the checker's verdict and, when ESPRUINO
// names a binary, against Espruino itself: what the checker passes behaves as in JavaScript
// there. Every device bundle in dist/ passes (`npm run build` fails otherwise), and the Espruino
// bundle keeps its errors after a certificate check (it lost them while terser hoisted `var`s).
import test from 'ava';
import vm from 'node:vm';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { undeclaredUses, assertDeclaredBeforeUse } from '../tools/espruino-scope.mjs';
import { runInEngine, engineGiven } from '../tools/engines/index.mjs';

const root = path.resolve(import.meta.dirname, '..');

// [name, program defining run(), flagged by the checker, differs in Espruino]
const CASES = [
  ['assignment ahead of its var', 'function f(){ x = 1; var x; return x; } function run(){ f(); return typeof x; }', true, true],
  ['var in a branch not taken', 'function g(c){ if (c) { var a = 5; } return a; } function run(){ return String(g(false)); }', true, true],
  ['function run ahead of a var it reads', 'function run(){ var M = function(){ function u(){ return Z; } var q = u(); var Z = 1; return q; }(); return String(M); }', true, true],
  ['var list after return (terser hoist_vars)', 'function run(){ return function(){ function o(){ return 1; } function xe(n){ return o = n + 1, o; var o; } xe(1); return typeof o; }(); }', true, true],
  ['closure made ahead of the var (safe, flagged anyway)', 'function k(){ var r = function(){ return b; }; var b = 3; return r(); } function run(){ return String(k()); }', true, false],
  ['var in a loop body', 'function h(){ var s = 0; for (var i = 0; i < 3; i++) { var a; if (i === 0) a = 7; s += a; } return s; } function run(){ return String(h()); }', false, false],
  ['for initializer read after the loop', 'function t(){ for (var e = 3; e >= 0 && e !== 1;) e--; return e; } function run(){ return String(t()); }', false, false],
  ['closure made after the var', 'function k(){ var b = 3; var r = function(){ return b; }; return r(); } function run(){ return String(k()); }', false, false],
  ['function run after the var it reads', 'function run(){ var M = function(){ function u(){ return Z; } var Z = 1; return u(); }(); return String(M); }', false, false],
  ['object method naming its own var', 'function s(){ var self = { m: function(){ return self.x; }, x: 4 }; return self.m(); } function run(){ return String(s()); }', false, false],
  ['later declarator of the same var', 'function t(){ var a = 1, b = a + 1; return b; } function run(){ return String(t()); }', false, false],
];

function inJs(code) {
  try {
    return vm.runInNewContext(code + '\nrun();');
  } catch (e) {
    return e.name;
  }
}

test('the checker flags uses ahead of their declaration and passes the rest', (t) => {
  for (const [name, code, flagged] of CASES) t.is(undeclaredUses(code).length > 0, flagged, name);
});

test('a chunk with a use ahead of its var fails the build', (t) => {
  const plugin = assertDeclaredBeforeUse();
  const ctx = { error(m) { throw new Error(m); } };
  t.throws(() => plugin.renderChunk.call(ctx, 'var m=function(){function o(){}function f(n){return o=n,o;var o}return f}();', { fileName: 'x.js' }),
    { message: /x\.js: 2 use\(s\) of a variable before Espruino has declared it, first `o`/ });
  t.is(plugin.renderChunk.call(ctx, 'function f(n){var o=n;return o}', { fileName: 'y.js' }), null);
});

test('every device bundle declares each variable before using it', (t) => {
  const boards = readdirSync(path.join(root, 'dist')).filter((b) => existsSync(path.join(root, 'dist', b, 'microtls.js')));
  t.true(boards.includes('esp32') && boards.includes('generic'), boards.join(' '));
  for (const b of boards) t.deepEqual(undeclaredUses(readFileSync(path.join(root, 'dist', b, 'microtls.js'), 'utf8')), [], b);
});

// Espruino (local only: ESPRUINO names a binary built from its repository).
if (engineGiven('espruino')) {
  test('in Espruino, what the checker passes behaves as in JavaScript and the flagged hazards do not', async (t) => {
    const script = CASES.map(([name, code], i) => `(function(){ ${code}\n var r; try { r = run(); } catch (e) { r = e.name || 'Error'; } console.log('case ${i} ' + r); })();`).join('\n');
    const res = await runInEngine('espruino', script);
    for (let i = 0; i < CASES.length; i++) {
      const [name, code, , differs] = CASES[i];
      const m = new RegExp(`^case ${i} (.*)$`, 'm').exec(res.stdout);
      t.truthy(m, name + ': ' + res.stdout);
      if (differs) t.not(m[1], String(inJs(code)), name);
      else t.is(m[1], String(inJs(code)), name);
    }
  });

  test('in Espruino, errors stay errors after a certificate signature algorithm is read', async (t) => {
    const pem = execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
      '-keyout', '/dev/null', '-subj', '/CN=scope', '-days', '1'], { encoding: 'utf8' });
    const der = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64').toString('hex');
    const script = `
      function hx(s){ var u = new Uint8Array(s.length / 2); for (var i = 0; i < u.length; i++) u[i] = parseInt(s.substr(2 * i, 2), 16); return u; }
      function bad(){ try { microtls.parseCertificate(new Uint8Array([1, 2, 3])); return 'no error'; } catch (e) { return e.name + ' ' + e.code; } }
      console.log('before ' + bad());
      console.log('alg ' + microtls.certSignatureAlgorithm(microtls.parseCertificate(hx('${der}'))).key);
      console.log('after ' + bad());`;
    const res = await runInEngine('espruino', script, { bundle: readFileSync(path.join(root, 'dist/espruino-linux/microtls.js'), 'utf8') });
    t.regex(res.stdout, /^before X509Error bad_der$/m, res.stdout);
    t.regex(res.stdout, /^alg ecdsa$/m, res.stdout);
    t.regex(res.stdout, /^after X509Error bad_der$/m, res.stdout);
  });
}
