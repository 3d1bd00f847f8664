// Size profiles rename internal property names (rollup.config.js, tools/public-props.mjs): what a
// user or firmware sees by name must come through unchanged, and the renaming must really happen.
import test from 'ava';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { loadBoards } from '../tools/boards.mjs';

const root = path.resolve(import.meta.dirname, '..');
const profiles = loadBoards();

function load(board) {
  const code = readFileSync(path.join(root, 'dist', board, 'microtls.js'), 'utf8');
  const context = vm.createContext({});
  vm.runInContext(code, context);
  return { code, lib: context.microtls };
}

const generic = load('generic');
const size = Object.keys(profiles).filter((b) => profiles[b].prefer === 'size');

test('there are size profiles', (t) => {
  t.true(size.includes('esp32'));
});

for (const board of size) {
  test(`${board}: every export and every profile key keeps its name`, (t) => {
    const { lib } = load(board);
    // a device bundle adds its runtime's createHal
    t.deepEqual(Object.keys(lib).sort(), Object.keys(generic.lib).concat(['createHal']).sort());
    const keys = (o) => Object.keys(o).sort();
    t.deepEqual(keys(lib.board), keys(JSON.parse(JSON.stringify(lib.board))));
    t.is(lib.board.name, board);
    t.is(lib.board.jsVars, profiles[board].jsVars);
    t.deepEqual(lib.board.features, profiles[board].features);
  });

  test(`${board}: internal state fields are renamed, public option names are not`, (t) => {
    const { code } = load(board);
    // record-layer bookkeeping (src/tls/conn.ts) is internal; serverName is a public option
    t.true(generic.code.includes('hsNeed'));
    t.false(code.includes('hsNeed'));
    t.true(code.includes('.serverName'));
  });

  test(`${board}: an error keeps its code, alert and message`, (t) => {
    const { lib } = load(board);
    const bad = () => lib.parseCertificate(new Uint8Array([1, 2, 3]));
    const e = t.throws(bad);
    const g = t.throws(() => generic.lib.parseCertificate(new Uint8Array([1, 2, 3])));
    t.is(e.name, 'X509Error');
    t.is(e.code, g.code);
    t.is(e.alert, 42);
    t.is(e.message, g.message);
    t.true(lib.isMicrotlsError(e));
  });
}
