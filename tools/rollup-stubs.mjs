// The Rollup plugin behind per-board composition (rollup.config.js). It runs after the
// TypeScript step, on JavaScript: a module the profile leaves out becomes a stub that keeps every
// exported name, and a single left-out function keeps its signature with a body that throws.
// Either way the error is MicrotlsError('TlsError', 'not_in_build', ...) (notInBuild in
// src/errors.ts) and the code behind the
// stubs falls to tree-shaking.
import path from 'node:path';
import * as acorn from 'acorn';

function exportedNames(ast, id) {
  const names = [];
  for (const node of ast.body) {
    if (node.type === 'ExportNamedDeclaration') {
      const d = node.declaration;
      if (d && (d.type === 'FunctionDeclaration' || d.type === 'ClassDeclaration')) names.push(d.id.name);
      else if (d && d.type === 'VariableDeclaration') {
        for (const v of d.declarations) {
          if (v.id.type !== 'Identifier') throw new Error(`${id}: cannot stub a destructured export`);
          names.push(v.id.name);
        }
      }
      for (const s of node.specifiers || []) names.push(s.exported.name);
    } else if (node.type === 'ExportDefaultDeclaration') names.push('default');
    else if (node.type === 'ExportAllDeclaration') throw new Error(`${id}: cannot stub a module with export *`);
  }
  return names;
}

export function stubPlugin({ root, stubs }) {
  const errorsModule = JSON.stringify(path.join(root, 'src', 'errors.ts'));
  // One shared function builds the message, so each stub costs only its name in the bundle.
  const throwing = (name) => '{ throw __notInBuild(' + JSON.stringify(name) + '); }';
  const header = 'import { notInBuild as __notInBuild, stubOf as __stubOf } from ' + errorsModule + ';\n';
  const stubbed = [];
  return {
    name: 'microtls-stubs',
    transform(code, id) {
      if (id.startsWith('\0') || id.includes('node_modules')) return null;
      // A size variant (name.small.ts) stands in for name.ts and is stubbed like it.
      const rel = path.relative(root, id).split(path.sep).join('/').replace(/\.small\.ts$/, '.ts');
      if (rel === 'src/errors.ts') return null;
      const whole = stubs.modules.some((re) => re.test(rel));
      const some = stubs.exports.get(rel);
      if (!whole && !some) return null;
      const ast = acorn.parse(code, { ecmaVersion: 2022, sourceType: 'module' });
      if (whole) {
        const names = exportedNames(ast, rel);
        stubbed.push(rel);
        let out = header;
        // A whole module's exports are values made by one factory (errors.ts stubOf).
        for (const n of names) {
          const fn = '__stubOf(' + JSON.stringify(n) + ')';
          out += n === 'default' ? 'export default ' + fn + ';\n' : 'export var ' + n + ' = ' + fn + ';\n';
        }
        return { code: out, map: null };
      }
      let out = code;
      const found = [];
      // Replace bodies from the last to the first so earlier offsets stay valid.
      const bodies = [];
      for (const node of ast.body) {
        const d = node.type === 'ExportNamedDeclaration' ? node.declaration : null;
        if (d && d.type === 'FunctionDeclaration' && some.has(d.id.name)) {
          bodies.push([d.body.start, d.body.end, d.id.name]);
          found.push(d.id.name);
        }
      }
      for (const n of some) if (!found.includes(n)) this.warn(`${rel} has no exported function ${n} to stub`);
      bodies.sort((a, b) => b[0] - a[0]);
      for (const [s, e, n] of bodies) out = out.slice(0, s) + throwing(n) + out.slice(e);
      stubbed.push(rel + '#' + found.join(','));
      return { code: header + out, map: null };
    },
  };
}
