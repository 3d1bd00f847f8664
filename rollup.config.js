// One ES5, minified bundle per board profile (dist/<board>/microtls.js) and the host build for
// Node (dist/node/microtls.{mjs,cjs}). `microtls:board` resolves to boards/<board>.json.
//
// Per-board composition: a device bundle's entry is src/index.ts plus its runtime's HAL
// (hal/<runtime>/index.ts, exported as `createHal`). What a profile leaves out (its `features`,
// tools/boards.mjs) is replaced after the TypeScript step by generated stubs that keep every
// exported name and throw MicrotlsError('TlsError', 'not_in_build', ...), so tree-shaking drops
// the code behind them without the stack needing feature flags.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import typescript from '@rollup/plugin-typescript';
import resolve from '@rollup/plugin-node-resolve';
import commonjs from '@rollup/plugin-commonjs';
import terser from '@rollup/plugin-terser';
import { es5Downlevel, assertES5 } from './tools/rollup-es5.mjs';
import { assertDeclaredBeforeUse } from './tools/espruino-scope.mjs';
import { stringPool } from './tools/rollup-string-pool.mjs';
import { loadBoards, stubsFor, featuresOf, FEATURES } from './tools/boards.mjs';
import { stubPlugin } from './tools/rollup-stubs.mjs';
import { publicPropertyNames } from './tools/public-props.mjs';

const root = path.dirname(fileURLToPath(import.meta.url));
const profiles = loadBoards();
const boards = Object.keys(profiles);

/** The HAL folder a runtime's bundle carries, if it has one. */
const HAL_OF_RUNTIME = { espruino: 'espruino', jerryscript: 'jerryscript', quickjs: 'emulator' };

function halEntry(profile) {
  const dir = HAL_OF_RUNTIME[profile.runtime];
  const file = dir && path.join(root, 'hal', dir, 'index.ts');
  return file && existsSync(file) ? file : null;
}

/** The profile as a bundle carries it (`microtls.board`): what code reads at run time, without
 * the prose (description, the RNG register's source and notes) that only people read. */
export function embeddedProfile(profile) {
  const out = {};
  for (const k of Object.keys(profile)) if (k !== 'description') out[k] = profile[k];
  if (profile.rng) out.rng = { kind: profile.rng.kind, address: profile.rng.address };
  return out;
}

/** A profile with "prefer": "size" takes `name.small.ts` wherever a module `name.ts` has one:
 * the same API and answers in less code, at some cost in speed (boards/README.md). */
function smallVariant(file, profile) {
  if (profile.prefer !== 'size' || !file || !/\.ts$/.test(file) || /\.small\.ts$/.test(file)) return null;
  const small = file.replace(/\.ts$/, '.small.ts');
  return existsSync(small) ? small : null;
}

function boardProfile(profile) {
  return {
    name: 'microtls-board',
    async resolveId(id, importer) {
      if (id === 'microtls:board') return '\0microtls-board';
      if (id === 'microtls:entry') return '\0microtls-entry';
      // tweetnacl reaches for Node's crypto to seed its own PRNG; the stack never uses that
      // PRNG (randomness comes from the HAL), so it gets an empty module instead.
      if (id === 'crypto') return '\0microtls-empty';
      // tweetnacl comes in two builds with the same API and answers: nacl-fast.js (unrolled,
      // 32 KB minified) and nacl.js (18 KB, about 3 times slower: X25519 60 s instead of 19 s in
      // Espruino on this host). A profile picks one with "tweetnacl": "small" | "fast" (default).
      if (id === 'tweetnacl' && profile.tweetnacl === 'small') {
        return this.resolve('tweetnacl/nacl.js', importer, { skipSelf: true });
      }
      if (profile.prefer === 'size' && importer && id.startsWith('.')) {
        const r = await this.resolve(id, importer, { skipSelf: true });
        const small = r && !r.external ? smallVariant(r.id, profile) : null;
        if (small) return small;
      }
      return null;
    },
    // `boardHas('feature')` (src/board.ts) with a literal name becomes a literal true or false in
    // a device bundle, so the minifier drops the branches a profile leaves out.
    transform(code, id) {
      if (id.startsWith('\0') || id.includes('node_modules') || !/\.ts$/.test(id) || /[\\/]src[\\/]board\.ts$/.test(id)) return null;
      if (code.indexOf('boardHas(') < 0) return null;
      const has = new Set(featuresOf(profile));
      const out = code.replace(/\bboardHas\(\s*'([a-z0-9-]+)'\s*\)/g, (m, f) => {
        if (!FEATURES[f]) this.error(`${path.relative(root, id)}: boardHas('${f}') names no feature of tools/boards.mjs`);
        return has.has(f) ? '(true)' : '(false)';
      });
      return out === code ? null : { code: out, map: null };
    },
    load(id) {
      if (id === '\0microtls-board') return 'export default ' + JSON.stringify(embeddedProfile(profile)) + ';';
      if (id === '\0microtls-entry') {
        const hal = halEntry(profile);
        return 'export * from ' + JSON.stringify(path.join(root, 'src', 'index.ts')) + ';\n' +
          (hal ? 'export { createHal } from ' + JSON.stringify(hal) + ';\n' : '');
      }
      return id === '\0microtls-empty' ? 'export default {};' : null;
    },
  };
}

function plugins(profile) {
  return [
    boardProfile(profile),
    typescript({ tsconfig: './tsconfig.json', noEmitOnError: true, outputToFilesystem: false }),
    stubPlugin({ root, board: profile.name, stubs: stubsFor(profile) }),
    resolve({ browser: false, preferBuiltins: false }),
    // tweetnacl's require('crypto') gets the empty module itself, not a namespace wrapper.
    commonjs({ requireReturnsDefault: 'auto' }),
  ];
}

/** Writes dist/<board>/modules.json: each module's rendered size before minification, and what
 * was stubbed; tools/size-report.mjs prints the largest. */
function moduleSizes(board) {
  return {
    name: 'microtls-module-sizes',
    generateBundle(options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        const modules = Object.entries(chunk.modules)
          .map(([id, m]) => ({ module: path.relative(root, id.replace(/^\0/, '')).split(path.sep).join('/'), rendered: m.renderedLength }))
          .filter((m) => m.rendered > 0)
          .sort((a, b) => b.rendered - a.rendered);
        mkdirSync(path.join(root, 'dist', board), { recursive: true });
        writeFileSync(path.join(root, 'dist', board, 'modules.json'), JSON.stringify({ board, modules }, null, 1) + '\n');
      }
    },
  };
}

// Espruino's parser takes some contextual words for keywords: a name minified to `of` fails there
// with "Got of expected EOF".
const ESPRUINO_WORDS = ['of', 'get', 'set', 'let', 'static', 'async', 'await', 'yield', 'from', 'as'];

/** Size profiles also rename internal property names (`cs.hsNeed` becomes `cs.Ab`). What stays is
 * tools/public-props.mjs's list, the engines' built-ins (terser's list), and every
 * identifier-like string literal of the chunk, which `keepStrings` adds just before the minifier
 * runs: a property reached as `o[name]` keeps its name. Quoted keys are never renamed. */
function propertyMangling(profile) {
  if (profile.prefer !== 'size' || process.env.MICROTLS_DEBUG) return { options: undefined, plugin: null };
  const reserved = [...publicPropertyNames()].concat(ESPRUINO_WORDS);
  const plugin = {
    name: 'microtls-keep-strings',
    renderChunk(code) {
      for (const m of code.matchAll(/(['"])([A-Za-z_$][\w$]*)\1/g)) reserved.push(m[2]);
      return null;
    },
  };
  return { options: { reserved, keep_quoted: true }, plugin };
}

const treeshake = { moduleSideEffects: (id) => !id.includes('node_modules') || id.includes('tweetnacl') };

/** The Rollup options of one device bundle (also used by tools/size-report.mjs --costs). */
export function deviceBundle(profile, file) {
  const board = profile.name;
  const props = propertyMangling(profile);
  return {
    input: 'microtls:entry',
    treeshake,
    plugins: plugins(profile),
    output: {
      file: file || `dist/${board}/microtls.js`,
      format: 'iife',
      name: 'microtls',
      // Rollup freezes namespace objects by default; Espruino has no Object.freeze.
      freeze: false,
      plugins: [
        moduleSizes(board),
        es5Downlevel({ globalName: 'microtls' }),
        props.plugin,
        // Espruino hoists neither `var` nor function declarations: a `var` runs where it stands.
        // Terser's hoist_vars may put a function's `var` list after its `return` (fine where
        // JavaScript hoists; in Espruino the names then reach the enclosing scope's functions),
        // so declarations stay where they are and assertDeclaredBeforeUse proves each use
        // follows its declaration (tools/espruino-scope.mjs).
        // MICROTLS_DEBUG=1 keeps the bundle readable, for stack traces on a device.
        terser({
          ecma: 5,
          // reduce_funcs off: terser would inline a single-use function as a function expression,
          // even at the start of a for initializer, which Espruino 2v29 cannot parse.
          compress: process.env.MICROTLS_DEBUG ? false : { passes: 2, hoist_vars: false, hoist_funs: true, reduce_funcs: false },
          mangle: process.env.MICROTLS_DEBUG ? false : { reserved: ESPRUINO_WORDS, properties: props.options || false },
          format: { comments: false, beautify: Boolean(process.env.MICROTLS_DEBUG) },
        }),
        // Size profiles name the string literals repeated often enough (an interpreter's
        // literal table makes them cheap in the speed profiles, a name lookup would not be).
        profile.prefer === 'size' && !process.env.MICROTLS_DEBUG ? stringPool() : null,
        assertES5(),
        assertDeclaredBeforeUse(),
      ],
    },
  };
}

const deviceBundles = boards.map((b) => deviceBundle(profiles[b]));

const hostBuild = {
  input: 'src/host.ts',
  treeshake,
  plugins: plugins(profiles.generic),
  external: (id) => /^@noble\/|^tweetnacl$/.test(id),
  output: [
    { file: 'dist/node/microtls.mjs', format: 'es' },
    { file: 'dist/node/microtls.cjs', format: 'cjs', exports: 'named' },
  ],
};

// MICROTLS_BOARDS=esp32,emulator builds only those bundles (and the host build).
const only = process.env.MICROTLS_BOARDS ? process.env.MICROTLS_BOARDS.split(',') : null;
export default [...deviceBundles.filter((c, i) => !only || only.includes(boards[i])), hostBuild];
