// The restricted-subset checker (DESIGN.md section 4). Walks TypeScript files with the compiler
// API and its type checker and reports every construct that would not survive the trip to
// Espruino, JerryScript, Duktape or the later Lua build, as `file:line rule: what`.
//
//   node tools/subset-check.mjs DIR_OR_FILE...     exit 1 when anything is found
import ts from 'typescript';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Every rule, with the sentence printed beside it. */
export const RULES = {
  'class-extends': 'class inheritance (the ES5 inheritance helpers fail on Espruino)',
  'generator': 'generator functions and yield',
  'async-await': 'async functions and await',
  'destructuring': 'destructuring binding or assignment',
  'spread': 'spread in calls, arrays or objects',
  'rest-parameter': 'rest parameters',
  'default-parameter': 'default parameter values',
  'for-of': 'for...of loops',
  'label': 'labelled statements, break or continue',
  'accessor': 'getters and setters',
  'exponent': 'the ** operator',
  'optional-chaining': 'optional chaining ?.',
  'nullish-coalescing': 'nullish coalescing ??',
  'bigint': 'BigInt values or literals',
  'symbol': 'Symbol',
  'map-set': 'Map, Set, WeakMap, WeakSet or WeakRef',
  'proxy-reflect': 'Proxy or Reflect',
  'regexp': 'regular expressions',
  'text-codec': 'TextEncoder or TextDecoder',
  'es2015-global': 'a global that ES5 engines lack (Promise, globalThis, eval, Function constructor)',
  'missing-builtin': 'a built-in that some target engine lacks and the prelude does not add',
  'array-slice': 'Array.prototype.slice (missing on Espruino): use a loop',
  'typed-array-method': 'a typed-array method outside new/index/length/subarray/set (the Lua shim has only those) outside src/crypto, src/compat and the runtime HAL backends',
  'use-before-declare': 'a function or variable used before its declaration runs (Espruino does not hoist)',
  'es5-library': 'a library member that the ES5 library does not declare (String.prototype.includes, Object.entries, ...)',
};

// Type-checker complaints that mean "this exists only in a newer library than ES5".
const LIBRARY_DIAGNOSTICS = new Set([2550, 2583, 2584, 2585]);

const GLOBAL_RULES = {
  BigInt: 'bigint',
  Symbol: 'symbol',
  Map: 'map-set', Set: 'map-set', WeakMap: 'map-set', WeakSet: 'map-set', WeakRef: 'map-set',
  Proxy: 'proxy-reflect', Reflect: 'proxy-reflect',
  RegExp: 'regexp',
  TextEncoder: 'text-codec', TextDecoder: 'text-codec',
  Promise: 'es2015-global', globalThis: 'es2015-global', eval: 'es2015-global', Function: 'es2015-global',
};

// Static members some engine lacks (Espruino 2v29, Duktape 2.7) that the prelude does not add.
const MISSING_STATICS = {
  Math: ['clz32', 'fround', 'trunc', 'sign', 'log2', 'hypot'],
  Array: ['from', 'of'],
  ArrayBuffer: ['isView'],
  Object: ['freeze', 'assign', 'entries', 'values', 'fromEntries', 'getOwnPropertySymbols'],
  Number: ['isInteger', 'isSafeInteger', 'isFinite', 'isNaN'],
  String: ['fromCodePoint', 'raw'],
};

const TYPED_ARRAYS = new Set(['Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array',
  'Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array']);
const TYPED_ARRAY_MEMBERS_ALLOWED = new Set(['length', 'subarray', 'set']);

function listFiles(target) {
  const st = statSync(target);
  if (st.isFile()) return /\.tsx?$/.test(target) && !target.endsWith('.d.ts') ? [target] : [];
  const out = [];
  for (const name of readdirSync(target).sort()) out.push(...listFiles(path.join(target, name)));
  return out;
}

function compilerOptions(root) {
  const configPath = ts.findConfigFile(root, ts.sys.fileExists, 'tsconfig.json');
  if (!configPath) return { target: ts.ScriptTarget.ES2020, lib: ['lib.es5.d.ts'], strict: true, noEmit: true };
  const { config } = ts.readConfigFile(configPath, ts.sys.readFile);
  return ts.parseJsonConfigFileContent(config, ts.sys, path.dirname(configPath)).options;
}

/**
 * Checks the given files and folders. `cryptoDirs` lists folders where typed-array methods are
 * allowed (the crypto primitives get a Lua backend of their own). Returns
 * [{ file, line, column, rule, text }] sorted by file and line.
 */
// Typed-array methods are banned for the later Lua build; crypto gets a Lua backend of its own,
// the prelude defines them, and a runtime's HAL backend never goes to Lua.
const RELAXED_DIRS = ['src/crypto', 'src/compat', 'hal/node', 'hal/espruino', 'hal/jerryscript', 'hal/emulator'];

export function checkSubset(targets, { root = process.cwd(), relaxedDirs = RELAXED_DIRS } = {}) {
  const files = targets.flatMap((t) => listFiles(path.resolve(root, t)));
  // Type information needs the project's declaration files too (src/compat/globals.d.ts says
  // what the prelude adds).
  const declarations = listAll(path.join(root, 'src')).filter((f) => f.endsWith('.d.ts'));
  const program = ts.createProgram(files.concat(declarations), compilerOptions(root));
  const checker = program.getTypeChecker();
  const found = [];
  const relaxed = relaxedDirs.map((d) => path.resolve(root, d) + path.sep);

  for (const file of files) {
    const sf = program.getSourceFile(file);
    const rel = path.relative(root, file);
    const typedArraysFree = relaxed.some((d) => file.startsWith(d));
    const report = (node, rule, detail) => {
      const { line, character } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
      found.push({ file: rel, line: line + 1, column: character + 1, rule, text: detail || RULES[rule] });
    };
    const visit = (node) => {
      // Types vanish in the output; what they name does not matter.
      if (ts.isTypeNode(node) && !ts.isExpressionWithTypeArguments(node)) return;
      if (ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) return;
      if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return;
      checkNode(node, report, checker, typedArraysFree);
      ts.forEachChild(node, visit);
    };
    visit(sf);
    for (const d of program.getSemanticDiagnostics(sf)) {
      if (!LIBRARY_DIAGNOSTICS.has(d.code) || d.start === undefined) continue;
      const { line, character } = sf.getLineAndCharacterOfPosition(d.start);
      // A banned global already reported on this line needs no second word.
      if (found.some((f) => f.file === rel && f.line === line + 1)) continue;
      const message = ts.flattenDiagnosticMessageText(d.messageText, ' ').split('. ')[0];
      found.push({ file: rel, line: line + 1, column: character + 1, rule: 'es5-library', text: message });
    }
  }
  return found.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
}

function listAll(dir) {
  const out = [];
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listAll(p));
    else out.push(p);
  }
  return out;
}

function hasModifier(node, kind) {
  return Boolean(ts.canHaveModifiers(node) && (ts.getModifiers(node) || []).some((m) => m.kind === kind));
}

/** Whether `id` names a global from the standard library rather than something of ours. */
function isLibraryGlobal(id, checker) {
  const parent = id.parent;
  if (parent && ts.isPropertyAccessExpression(parent) && parent.name === id) return false;
  if (parent && (ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent) || ts.isMethodDeclaration(parent)) && parent.name === id) return false;
  const sym = checker.getSymbolAtLocation(id);
  if (!sym) return true;
  const decls = sym.getDeclarations() || [];
  // Globals are declared in declaration files (TypeScript's lib files, src/compat/globals.d.ts);
  // our own names live in .ts files.
  return decls.length === 0 || decls.every((d) => d.getSourceFile().isDeclarationFile);
}

function typeName(type) {
  const sym = type.getSymbol() || type.aliasSymbol;
  return sym ? sym.getName() : '';
}

function isArrayType(type, checker) {
  if (type.isUnion()) return type.types.some((t) => isArrayType(t, checker));
  return checker.isArrayType(type) || checker.isTupleType(type);
}

function isTypedArrayType(type) {
  if (type.isUnion()) return type.types.some((t) => isTypedArrayType(t));
  return TYPED_ARRAYS.has(typeName(type));
}

/** The function (or source file) whose run executes `node` directly. */
function runScope(node) {
  let n = node.parent;
  while (n && !ts.isFunctionLike(n) && !ts.isSourceFile(n) && !ts.isClassStaticBlockDeclaration(n)) n = n.parent;
  return n;
}

function checkNode(node, report, checker, typedArraysFree) {
  switch (node.kind) {
    case ts.SyntaxKind.ClassDeclaration:
    case ts.SyntaxKind.ClassExpression:
      for (const h of node.heritageClauses || []) {
        if (h.token === ts.SyntaxKind.ExtendsKeyword) report(h, 'class-extends');
      }
      break;
    case ts.SyntaxKind.YieldExpression:
      report(node, 'generator');
      break;
    case ts.SyntaxKind.AwaitExpression:
      report(node, 'async-await');
      break;
    case ts.SyntaxKind.ObjectBindingPattern:
    case ts.SyntaxKind.ArrayBindingPattern:
      report(node, 'destructuring');
      break;
    case ts.SyntaxKind.SpreadElement:
    case ts.SyntaxKind.SpreadAssignment:
      report(node, 'spread');
      break;
    case ts.SyntaxKind.ForOfStatement:
      report(node, 'for-of');
      break;
    case ts.SyntaxKind.LabeledStatement:
      report(node, 'label');
      break;
    case ts.SyntaxKind.BreakStatement:
    case ts.SyntaxKind.ContinueStatement:
      if (node.label) report(node, 'label');
      break;
    case ts.SyntaxKind.GetAccessor:
    case ts.SyntaxKind.SetAccessor:
      report(node, 'accessor');
      break;
    case ts.SyntaxKind.BigIntLiteral:
      report(node, 'bigint');
      break;
    case ts.SyntaxKind.RegularExpressionLiteral:
      report(node, 'regexp');
      break;
    case ts.SyntaxKind.Parameter:
      if (node.dotDotDotToken) report(node, 'rest-parameter');
      if (node.initializer) report(node, 'default-parameter');
      break;
    case ts.SyntaxKind.BinaryExpression: {
      const op = node.operatorToken.kind;
      if (op === ts.SyntaxKind.AsteriskAsteriskToken || op === ts.SyntaxKind.AsteriskAsteriskEqualsToken) report(node.operatorToken, 'exponent');
      if (op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.QuestionQuestionEqualsToken) report(node.operatorToken, 'nullish-coalescing');
      if (op === ts.SyntaxKind.EqualsToken && (ts.isObjectLiteralExpression(node.left) || ts.isArrayLiteralExpression(node.left))) report(node.left, 'destructuring');
      break;
    }
    case ts.SyntaxKind.PropertyAccessExpression:
    case ts.SyntaxKind.ElementAccessExpression:
    case ts.SyntaxKind.CallExpression:
      if (node.questionDotToken) report(node, 'optional-chaining');
      if (ts.isPropertyAccessExpression(node)) checkMember(node, report, checker, typedArraysFree);
      break;
    case ts.SyntaxKind.Identifier:
      checkIdentifier(node, report, checker);
      break;
    default:
      break;
  }
  if (ts.isFunctionLike(node)) {
    if (node.asteriskToken) report(node, 'generator');
    if (hasModifier(node, ts.SyntaxKind.AsyncKeyword)) report(node, 'async-await');
  }
}

function checkMember(node, report, checker, typedArraysFree) {
  const member = node.name.text;
  if (ts.isIdentifier(node.expression) && MISSING_STATICS[node.expression.text] &&
      MISSING_STATICS[node.expression.text].includes(member) && isLibraryGlobal(node.expression, checker)) {
    report(node, 'missing-builtin', `${node.expression.text}.${member}: ${RULES['missing-builtin']}`);
    return;
  }
  if (!typedArraysFree && ts.isIdentifier(node.expression) && TYPED_ARRAYS.has(node.expression.text) &&
      (member === 'from' || member === 'of') && isLibraryGlobal(node.expression, checker)) {
    report(node, 'typed-array-method', `${node.expression.text}.${member}: ${RULES['typed-array-method']}`);
    return;
  }
  const type = checker.getTypeAtLocation(node.expression);
  if (member === 'slice' && isArrayType(type, checker)) report(node, 'array-slice');
  if (!typedArraysFree && isTypedArrayType(type) && !TYPED_ARRAY_MEMBERS_ALLOWED.has(member)) {
    report(node, 'typed-array-method', `.${member} on ${typeName(type.isUnion() ? type.types[0] : type)}: ${RULES['typed-array-method']}`);
  }
}

function checkIdentifier(id, report, checker) {
  const rule = GLOBAL_RULES[id.text];
  if (rule && isLibraryGlobal(id, checker)) {
    report(id, rule, `${id.text}: ${RULES[rule]}`);
    return;
  }
  // Use before declaration, in the same run: Espruino neither hoists functions nor reaches a
  // `var` before its line. A use inside a nested function runs later and is fine.
  const parent = id.parent;
  if (!parent || (ts.isPropertyAccessExpression(parent) && parent.name === id)) return;
  if (ts.isDeclaration(parent) && parent.name === id) return;
  const sym = checker.getSymbolAtLocation(id);
  if (!sym) return;
  for (const decl of sym.getDeclarations() || []) {
    if (decl.getSourceFile() !== id.getSourceFile()) continue;
    const isFn = ts.isFunctionDeclaration(decl);
    const isVar = ts.isVariableDeclaration(decl) || ts.isClassDeclaration(decl);
    if (!isFn && !isVar) continue;
    if (decl.getStart() <= id.getStart()) continue;
    if (runScope(decl) !== runScope(id)) continue;
    report(id, 'use-before-declare', `${id.text} is used before its ${isFn ? 'function' : 'variable'} declaration: ${RULES['use-before-declare']}`);
    return;
  }
}

export function formatFinding(f) {
  return `${f.file}:${f.line} ${f.rule}: ${f.text}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const targets = process.argv.slice(2);
  if (targets.length === 0) {
    console.error('usage: subset-check DIR_OR_FILE...');
    process.exit(2);
  }
  const found = checkSubset(targets);
  for (const f of found) console.log(formatFinding(f));
  const files = targets.flatMap((t) => listFiles(path.resolve(t))).length;
  console.log(found.length ? `subset: ${found.length} violation(s) in ${files} file(s)` : `subset: ${files} file(s) clean`);
  process.exit(found.length ? 1 : 0);
}
