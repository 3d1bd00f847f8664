// Size bundles name each string literal the minified code repeats often enough to pay for it
// once, in one `var` at the top of the bundle's function, and use the name instead ("sha384"
// ten times costs 80 bytes; a name costs 2 each). Terser does not do this. Keys of object
// literals and directives stay literal. A name is never one the bundle already uses anywhere
// (globals included) nor a word Espruino or ES5 reserves, so nothing is shadowed.
import * as acorn from 'acorn';
import MagicString from 'magic-string';

const RESERVED = new Set(('break case catch class const continue debugger default delete do else enum export extends ' +
  'false finally for function if implements import in instanceof interface let new null package private protected ' +
  'public return static super switch this throw true try typeof var void while with yield ' +
  'of get set async await from as undefined NaN Infinity arguments eval').split(' '));

const WORD = /^[\w$]$/;

/** Short names in order: a..Z, $, _, then two characters. */
function* names() {
  const first = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ$_';
  const next = first + '0123456789';
  for (const c of first) yield c;
  for (const c of first) for (const d of next) yield c + d;
  for (const c of first) for (const d of next) for (const e of next) yield c + d + e;
}

function walk(node, parent, visit) {
  visit(node, parent);
  for (const key of Object.keys(node)) {
    const v = node[key];
    if (Array.isArray(v)) { for (const c of v) if (c && typeof c.type === 'string') walk(c, node, visit); }
    else if (v && typeof v.type === 'string' && key !== 'type') walk(v, node, visit);
  }
}

/** The pooled bundle text with its source map, or null when nothing pays. The bundle is
 * `var g=function(...){"use strict";<function declarations><the rest>}(...)`. */
export function poolStrings(code) {
  const ast = acorn.parse(code, { ecmaVersion: 5, sourceType: 'script' });
  const top = ast.body[0] && ast.body[0].declarations && ast.body[0].declarations[0].init;
  const fn = top && (top.type === 'CallExpression' ? top.callee : top);
  if (!fn || fn.type !== 'FunctionExpression') throw new Error('string pool: the bundle is not var g = function () {...}(...)');
  const used = new Set();
  const uses = new Map(); // raw literal -> [nodes]
  walk(ast, null, (n, p) => {
    if (n.type === 'Identifier') used.add(n.name);
    if (n.type !== 'Literal' || typeof n.value !== 'string') return;
    if (p && p.type === 'Property' && p.key === n) return;
    if (p && p.type === 'ExpressionStatement' && p.directive) return;
    if (n.start < fn.body.start || n.end > fn.body.end) return;
    const raw = code.slice(n.start, n.end);
    if (!uses.has(raw)) uses.set(raw, []);
    uses.get(raw).push(n);
  });
  const gen = names();
  let name = '';
  const fresh = () => {
    do name = gen.next().value; while (used.has(name) || RESERVED.has(name));
  };
  fresh();
  // Most uses first, so the commonest strings get the shortest names.
  const candidates = [...uses.entries()].sort((a, b) => b[1].length * b[0].length - a[1].length * a[0].length);
  const s = new MagicString(code);
  const decls = [];
  for (const [raw, nodes] of candidates) {
    // bytes saved: every use shrinks to the name; the declaration `name=raw,` costs the rest
    if (nodes.length * (raw.length - name.length) - (name.length + raw.length + 2) <= 0) continue;
    decls.push(name + '=' + raw);
    // `return"x"` and `"x"in o` need a space once the quotes are gone
    for (const n of nodes) {
      s.overwrite(n.start, n.end, (WORD.test(code[n.start - 1]) ? ' ' : '') + name + (WORD.test(code[n.end]) ? ' ' : ''));
    }
    fresh();
  }
  if (!decls.length) return null;
  // After the directive and the function declarations that open the body: the first statement
  // that runs anything.
  const body = fn.body.body;
  let at = 0;
  while (at < body.length && (body[at].type === 'FunctionDeclaration' || (body[at].type === 'ExpressionStatement' && body[at].directive))) at++;
  const where = at < body.length ? body[at].start : fn.body.end - 1;
  s.appendLeft(where, 'var ' + decls.join(',') + ';');
  return { code: s.toString(), map: s.generateMap({ hires: true }) };
}

export function stringPool() {
  return {
    name: 'microtls-string-pool',
    renderChunk(code) {
      return poolStrings(code);
    },
  };
}
