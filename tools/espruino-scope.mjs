// Espruino creates a `var` only when its statement runs, and a function declaration only where it
// stands (measured on 2v29): `x = 1; var x;` sets a global x, and reading a `var` whose statement
// has not run yet throws ReferenceError. The minifier assumes JavaScript's hoisting, so the build
// proves on the final bundle that every use of a function's variable comes after a declaration
// that has run, and fails when it cannot.
//
// A declaration D dominates a point A of the same function when A comes after D's statement S
// and S's enclosing block holds A (a for initializer counts as a statement of the block holding
// the loop; a for-in variable only for the loop's body); A may also be in a later declarator of S. A use
// inside a nested function counts at the points where that function can first run: where a
// function expression is created, or every place a function declaration is named (recursively).
// Parameters, catch parameters, a function expression's own name and function declarations that
// open their function's body (terser's hoist_funs puts them there) need no proof.
import * as acorn from 'acorn';

const isFunction = (n) => n.type === 'FunctionDeclaration' || n.type === 'FunctionExpression';

/** Every node with its parent and the innermost function holding it (null: the program). */
function index(ast) {
  const parent = new Map();
  const fnOf = new Map();
  const refs = [];
  const scopes = new Map(); // function node (or the program) -> { vars: name -> [declarators], free: Set of names needing no proof }
  const scopeOf = (f) => {
    if (!scopes.has(f)) scopes.set(f, { vars: new Map(), free: new Set() });
    return scopes.get(f);
  };
  const catches = []; // [CatchClause, name]
  function visit(node, par, fn) {
    parent.set(node, par);
    fnOf.set(node, fn);
    if (isFunction(node)) {
      const s = scopeOf(node);
      for (const p of node.params) s.free.add(p.name);
      if (node.type === 'FunctionExpression' && node.id) s.free.add(node.id.name);
      if (node.type === 'FunctionDeclaration') {
        const outer = scopeOf(fn);
        const body = par.body || par.consequent; // a block or a switch case
        const at = body.indexOf(node);
        if (body.slice(0, at).every((x) => x.type === 'FunctionDeclaration' ||
          (x.type === 'ExpressionStatement' && x.directive))) outer.free.add(node.id.name);
        else (outer.vars.get(node.id.name) || outer.vars.set(node.id.name, []).get(node.id.name)).push(node);
      }
      for (const p of node.params) { parent.set(p, node); fnOf.set(p, node); }
      visit(node.body, node, node);
      return;
    }
    if (node.type === 'VariableDeclarator') {
      const s = scopeOf(fn);
      (s.vars.get(node.id.name) || s.vars.set(node.id.name, []).get(node.id.name)).push(node);
      parent.set(node.id, node);
      if (node.init) visit(node.init, node, fn);
      return;
    }
    if (node.type === 'CatchClause') {
      catches.push([node, node.param.name]);
      parent.set(node.param, node);
      visit(node.body, node, fn);
      return;
    }
    if (node.type === 'Identifier') {
      refs.push(node);
      return;
    }
    for (const key of Object.keys(node)) {
      if (key === 'type' || key === 'start' || key === 'end') continue;
      if (node.type === 'MemberExpression' && key === 'property' && !node.computed) continue;
      if (node.type === 'Property' && key === 'key') continue;
      if ((node.type === 'LabeledStatement' || node.type === 'BreakStatement' || node.type === 'ContinueStatement') && key === 'label') continue;
      const v = node[key];
      if (Array.isArray(v)) { for (const c of v) if (c && typeof c.type === 'string') visit(c, node, fn); }
      else if (v && typeof v.type === 'string') visit(v, node, fn);
    }
  }
  scopeOf(null);
  visit(ast, null, null);
  return { parent, fnOf, refs, scopes, catches };
}

const inside = (a, b) => a.start >= b.start && a.end <= b.end;

/** Problems of one bundle: [{ name, pos }] for each use no declaration is proven to precede. */
export function undeclaredUses(code) {
  const ast = acorn.parse(code, { ecmaVersion: 5, sourceType: 'script' });
  const { parent, fnOf, refs, scopes, catches } = index(ast);

  /** The function (null: the program) that declares node's name, with its declarations, or
   * null when the name is global; `free` when no proof is needed. */
  function resolve(node) {
    for (const [c, name] of catches) if (name === node.name && inside(node, c.body)) return { free: true, fn: c };
    let f = fnOf.get(node);
    for (;;) {
      const s = scopes.get(f);
      if (s && s.free.has(node.name)) return { free: true, fn: f };
      if (s && s.vars.has(node.name)) return { fn: f, decls: s.vars.get(node.name) };
      if (f === null || f === undefined) return null;
      f = fnOf.get(f);
    }
  }

  /** Does declaration d (a declarator or a function declaration) dominate point a (same function)? */
  function dominates(d, a) {
    const stmt = d.type === 'VariableDeclarator' ? parent.get(d) : d;
    if (inside(a, stmt)) {
      // a later declarator of the same statement
      return d.type === 'VariableDeclarator' && a.start >= d.end;
    }
    return a.start >= stmt.end && runsBefore(stmt, a);
  }

  /** Has statement `stmt` always run (its declarations made) before point a, which follows it? */
  function runsBefore(stmt, a) {
    const p = parent.get(stmt);
    if (!p) return false;
    if (p.type === 'BlockStatement' || p.type === 'Program' || p.type === 'SwitchCase') {
      if (inside(a, p)) return true;
      // a bare block is a statement of its own block
      const pp = parent.get(p);
      return p.type === 'BlockStatement' && pp && (pp.type === 'BlockStatement' || pp.type === 'Program') && runsBefore(p, a);
    }
    // a for loop's initializer runs once whatever the test says; its variables outlive the loop
    if (p.type === 'ForStatement' && p.init === stmt) return inside(a, p) || runsBefore(p, a);
    if (p.type === 'ForInStatement' && p.left === stmt) return inside(a, p.body);
    return false;
  }

  /** The child function of f on the way from node up to f, or null when node is f's own code. */
  function childOf(node, f) {
    let g = fnOf.get(node);
    if (g === f) return null;
    while (fnOf.get(g) !== f) g = fnOf.get(g);
    return g;
  }

  /** Points of f where the nested function g can first run. */
  const activations = new Map();
  function activationPoints(g, f) {
    if (activations.has(g)) return activations.get(g);
    if (g.type === 'FunctionExpression') {
      // An expression called where it stands runs there; otherwise it runs after its creation.
      const pts = [g];
      activations.set(g, pts);
      return pts;
    }
    const pts = [];
    activations.set(g, pts); // a cycle adds nothing
    for (const r of refs) {
      if (r.name !== g.id.name || r === g.id) continue;
      const res = resolve(r);
      if (!res || res.fn !== f) continue;
      const h = childOf(r, f);
      if (h === null) pts.push(r);
      else for (const p of activationPoints(h, f)) pts.push(p);
    }
    return pts;
  }

  function proven(decls, point) {
    return decls.some((d) => dominates(d, point));
  }

  const problems = [];
  for (const r of refs) {
    const p = parent.get(r);
    if (p && isFunction(p) && (p.id === r || p.params.includes(r))) continue;
    if (p && p.type === 'VariableDeclarator' && p.id === r) continue;
    const res = resolve(r);
    if (!res || res.free) continue;
    const g = childOf(r, res.fn);
    let ok;
    if (g === null) ok = proven(res.decls, r);
    else {
      const pts = activationPoints(g, res.fn);
      // A function expression runs after its creation: a declaration whose statement holds it
      // (var f = function () { ... f ... }) has run by then, unless it is called right there.
      ok = pts.every((pt) => proven(res.decls, pt) || (isFunction(pt) && res.decls.some((d) => {
        const stmt = d.type === 'VariableDeclarator' ? parent.get(d) : d;
        const call = parent.get(pt);
        return inside(pt, stmt) && !(call && call.type === 'CallExpression' && call.callee === pt);
      })));
    }
    if (!ok) problems.push({ name: r.name, pos: r.start });
  }
  return problems;
}

/** Fails the build when a bundle uses a variable before Espruino would have declared it. */
export function assertDeclaredBeforeUse() {
  return {
    name: 'microtls-espruino-scope',
    renderChunk(code, chunk) {
      const problems = undeclaredUses(code);
      if (problems.length) {
        const p = problems[0];
        this.error(chunk.fileName + ': ' + problems.length + ' use(s) of a variable before Espruino has declared it, first `' +
          p.name + '` at ' + p.pos + ' near: ' + code.slice(Math.max(0, p.pos - 80), p.pos + 40));
      }
      return null;
    },
  };
}
