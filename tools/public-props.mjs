// The property names a size bundle must keep when the minifier renames properties
// (rollup.config.js, profiles with "prefer": "size"): everything a user, a firmware or the
// runtime can see or supply by name.
//  - every property of every type reachable from the public exports (src/index.ts and the HAL
//    entries): options, returned objects, errors, sessions, certificates, providers;
//  - every property name written in hal/ (the runtime's own objects: Espruino's E, net, crypto,
//    process.memory(), the emulator's shims);
//  - every key of every board profile (the bundle embeds one as `microtls.board`).
// Identifier-like string literals in the bundle are added at minify time (rollup.config.js), for
// properties reached by a computed name.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const ENTRIES = ['src/index.ts', 'hal/espruino/index.ts', 'hal/jerryscript/index.ts', 'hal/emulator/index.ts', 'hal/types.ts'];

function exportedTypeNames(out) {
  const program = ts.createProgram(ENTRIES.map((f) => path.join(root, f)), {
    target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler,
    strict: true, noEmit: true, skipLibCheck: true, lib: ['lib.es5.d.ts'], types: [],
  });
  const checker = program.getTypeChecker();
  const seen = new Set();
  const visit = (type) => {
    if (!type || seen.has(type)) return;
    seen.add(type);
    if (type.isUnionOrIntersection()) { type.types.forEach(visit); return; }
    for (const p of checker.getPropertiesOfType(type)) {
      // lib types (Uint8Array, Array, Error, ...) are the minifier's own builtins list
      const decl = p.declarations && p.declarations[0];
      if (decl && decl.getSourceFile().isDeclarationFile) continue;
      out.add(p.getName());
      if (decl) visit(checker.getTypeOfSymbolAtLocation(p, decl));
    }
    for (const sig of type.getCallSignatures().concat(type.getConstructSignatures())) {
      for (const prm of sig.getParameters()) {
        const d = prm.valueDeclaration || (prm.declarations && prm.declarations[0]);
        if (d) visit(checker.getTypeOfSymbolAtLocation(prm, d));
      }
      visit(sig.getReturnType());
    }
    const num = type.getNumberIndexType && type.getNumberIndexType();
    const str = type.getStringIndexType && type.getStringIndexType();
    visit(num);
    visit(str);
    if (type.typeArguments) type.typeArguments.forEach(visit);
    if (checker.isArrayType && checker.isArrayType(type)) checker.getTypeArguments(type).forEach(visit);
  };
  for (const entry of ENTRIES) {
    const sf = program.getSourceFile(path.join(root, entry));
    const mod = sf && checker.getSymbolAtLocation(sf);
    if (!mod) continue;
    for (let sym of checker.getExportsOfModule(mod)) {
      out.add(sym.getName());
      if (sym.flags & ts.SymbolFlags.Alias) sym = checker.getAliasedSymbol(sym);
      const d = sym.declarations && sym.declarations[0];
      if (!d) continue;
      if (sym.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias)) visit(checker.getDeclaredTypeOfSymbol(sym));
      if (sym.flags & ts.SymbolFlags.Value) visit(checker.getTypeOfSymbolAtLocation(sym, d));
    }
  }
}

function filesUnder(dir, ext) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p, ext));
    else if (p.endsWith(ext)) out.push(p);
  }
  return out;
}

function halNames(out) {
  for (const f of filesUnder(path.join(root, 'hal'), '.ts')) {
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(/\.\s*([A-Za-z_$][\w$]*)/g)) out.add(m[1]);
    for (const m of text.matchAll(/([A-Za-z_$][\w$]*)\??\s*:/g)) out.add(m[1]);
  }
}

function profileKeys(out) {
  const walk = (v) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') for (const k of Object.keys(v)) { out.add(k); walk(v[k]); }
  };
  for (const f of filesUnder(path.join(root, 'boards'), '.json')) walk(JSON.parse(readFileSync(f, 'utf8')));
}

let cached = null;

/** The set of property names a size bundle keeps (computed once per build). */
export function publicPropertyNames() {
  if (cached) return cached;
  const out = new Set();
  exportedTypeNames(out);
  halNames(out);
  profileKeys(out);
  cached = out;
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const names = [...publicPropertyNames()].sort();
  console.log(names.length + ' names\n' + names.join(' '));
}
