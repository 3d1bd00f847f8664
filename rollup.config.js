// One ES5, minified bundle per board profile (dist/<board>/microtls.js) and the host build for
// Node (dist/node/microtls.{mjs,cjs}). `microtls:board` resolves to boards/<board>.ts.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import typescript from '@rollup/plugin-typescript';
import resolve from '@rollup/plugin-node-resolve';
import commonjs from '@rollup/plugin-commonjs';
import terser from '@rollup/plugin-terser';
import { es5Downlevel, assertES5 } from './tools/rollup-es5.mjs';

const root = path.dirname(new URL(import.meta.url).pathname);
export const boards = readdirSync(path.join(root, 'boards'))
  .filter((f) => f.endsWith('.ts') && f !== 'profile.ts')
  .map((f) => f.slice(0, -3))
  .sort();

function boardProfile(name) {
  return {
    name: 'microtls-board',
    resolveId(id) {
      if (id === 'microtls:board') return path.join(root, 'boards', name + '.ts');
      // tweetnacl reaches for Node's crypto to seed its own PRNG; the stack never uses that
      // PRNG (randomness comes from the HAL), so it gets an empty module instead.
      if (id === 'crypto') return '\0microtls-empty';
      return null;
    },
    load(id) {
      return id === '\0microtls-empty' ? 'export default {};' : null;
    },
  };
}

function plugins(board) {
  return [
    boardProfile(board),
    typescript({ tsconfig: './tsconfig.json', noEmitOnError: true, outputToFilesystem: false }),
    resolve({ browser: false, preferBuiltins: false }),
    commonjs(),
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
    plugins: [
      es5Downlevel({ globalName: 'microtls' }),
      terser({ ecma: 5, compress: { passes: 2 }, mangle: true, format: { comments: false } }),
      assertES5(),
    ],
  },
}));

const hostBuild = {
  input: 'src/index.ts',
  treeshake,
  plugins: plugins('generic'),
  external: (id) => /^@noble\/|^tweetnacl$/.test(id),
  output: [
    { file: 'dist/node/microtls.mjs', format: 'es' },
    { file: 'dist/node/microtls.cjs', format: 'cjs', exports: 'named' },
  ],
};

export default [...deviceBundles, hostBuild];
