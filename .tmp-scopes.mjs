import * as acorn from 'acorn';
import { readFileSync } from 'node:fs';
const code = readFileSync('/work/main/dist/generic/microtls.js', 'utf8');
const ast = acorn.parse(code, { ecmaVersion: 5 });
// find the function expression assigned to X.slice
let path = null;
function walk(node, anc) {
  if (!node || typeof node.type !== 'string') return;
  if (!path && node.type === 'AssignmentExpression' && node.left.type === 'MemberExpression' && node.left.property.name === 'slice' && node.right.type === 'FunctionExpression') { path = anc.concat([node.right]); return; }
  for (const k in node) { const v = node[k]; if (Array.isArray(v)) v.forEach((c) => walk(c, anc.concat([node]))); else if (v && typeof v.type === 'string') walk(v, anc.concat([node])); }
}
walk(ast, []);
const fns = path.filter((n) => /Function/.test(n.type) || n.type === 'Program');
function declsOf(fn, name) {
  const out = [];
  (fn.params || []).forEach((p) => p.name === name && out.push('param@' + p.start));
  function w(node, top) {
    if (!node || typeof node.type !== 'string') return;
    if (node !== fn && /Function/.test(node.type)) { if (node.type === 'FunctionDeclaration' && node.id.name === name) out.push('fundecl@' + node.start); return; }
    if (node.type === 'VariableDeclarator' && node.id.name === name) out.push('var@' + node.start);
    for (const k in node) { const v = node[k]; if (Array.isArray(v)) v.forEach((c) => w(c)); else if (v && typeof v.type === 'string') w(v); }
  }
  w(fn.body || fn);
  return out;
}
for (const f of fns) console.log(f.type, f.start, declsOf(f, 'n'));
