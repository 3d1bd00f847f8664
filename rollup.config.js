// One ES5, minified bundle per board profile (dist/<board>/microtls.js) and the host build for
// Node (dist/node/microtls.{mjs,cjs}). `microtls:board` resolves to boards/<board>.json.
import typescript from '@rollup/plugin-typescript';
import resolve from '@rollup/plugin-node-resolve';
import commonjs from '@rollup/plugin-commonjs';
import terser from '@rollup/plugin-terser';
import { es5Downlevel, assertES5 } from './tools/rollup-es5.mjs';
import { loadBoards } from './tools/boards.mjs';

const profiles = loadBoards();
const boards = Object.keys(profiles);

function boardProfile(name) {
  return {
    name: 'microtls-board',
    resolveId(id) {
      if (id === 'microtls:board') return '\0microtls-board';
      // tweetnacl reaches for Node's crypto to seed its own PRNG; the stack never uses that
      // PRNG (randomness comes from the HAL), so it gets an empty module instead.
      if (id === 'crypto') return '\0microtls-empty';
      return null;
    },
    load(id) {
      if (id === '\0microtls-board') return 'export default ' + JSON.stringify(profiles[name]) + ';';
      return id === '\0microtls-empty' ? 'export default {};' : null;
    },
  };
}

function plugins(board) {
  return [
    boardProfile(board),
    typescript({ tsconfig: './tsconfig.json', noEmitOnError: true, outputToFilesystem: false }),
    resolve({ browser: false, preferBuiltins: false }),
    // tweetnacl's require('crypto') gets the empty module itself, not a namespace wrapper.
    commonjs({ requireReturnsDefault: 'auto' }),
  ];
}

const treeshake = { moduleSideEffects: (id) => !id.includes('node_modules') || id.includes('tweetnacl') };

const deviceBundles = boards.map((board) => ({
  input: 'src/index.ts',
  treeshake,
  plugins: plugins(board),
  output: {
    file: `dist/${board}/microtls.js`,
    format: 'iife',
    name: 'microtls',
    // Rollup freezes namespace objects by default; Espruino has no Object.freeze.
    freeze: false,
    plugins: [
      es5Downlevel({ globalName: 'microtls' }),
      // Espruino hoists neither `var` nor function declarations: a `var` declared in one branch
      // and assigned in another reaches an outer variable of the same name there. Terser moves
      // every declaration to the top of its function, which makes any code safe on it.
      // MICROTLS_DEBUG=1 keeps the bundle readable, for stack traces on a device.
      terser({
        ecma: 5,
        // reduce_funcs off: terser would inline a single-use function as a function expression,
        // even at the start of a for initializer, which Espruino 2v29 cannot parse.
        compress: process.env.MICROTLS_DEBUG ? false : { passes: 2, hoist_vars: true, hoist_funs: true, reduce_funcs: false },
        mangle: !process.env.MICROTLS_DEBUG,
        format: { comments: false, beautify: Boolean(process.env.MICROTLS_DEBUG) },
      }),
      assertES5(),
    ],
  },
}));

const hostBuild = {
  input: 'src/host.ts',
  treeshake,
  plugins: plugins('generic'),
  external: (id) => /^@noble\/|^tweetnacl$/.test(id),
  output: [
    { file: 'dist/node/microtls.mjs', format: 'es' },
    { file: 'dist/node/microtls.cjs', format: 'cjs', exports: 'named' },
  ],
};

export default [...deviceBundles, hostBuild];
