// `microtls selftest`: the board's bundle plus test/engine/selftest.js, run in one engine or in
// all of them. Node, QuickJS and Duktape must be present; Espruino and JerryScript run when
// ESPRUINO / JERRY name a binary.
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENGINES, REQUIRED_ENGINES, engineGiven, runInEngine } from './engines/index.mjs';
import { loadBoards } from './boards.mjs';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The board a given engine runs by default: QuickJS is the emulator, the rest run generic. */
export function defaultBoard(engine) {
  return engine === 'quickjs' ? 'emulator' : 'generic';
}

export function bundleFor(board) {
  const file = path.join(root, 'dist', board, 'microtls.js');
  if (!existsSync(file)) throw new Error(`${path.relative(process.cwd(), file)} is not built: run \`npm run build\``);
  return readFileSync(file, 'utf8');
}

/** Runs the self-checks in one engine; resolves to the harness result plus the board used. */
export async function selftestIn(engine, boardName) {
  const board = loadBoards()[boardName || defaultBoard(engine)];
  if (!board) throw new Error(`unknown board ${boardName}; one of ${Object.keys(loadBoards()).join(', ')}`);
  const script = readFileSync(path.join(root, 'test', 'engine', 'selftest.js'), 'utf8');
  const result = await runInEngine(engine, script, { bundle: bundleFor(board.name), memoryLimit: board.ramBudget });
  return { ...result, board: board.name };
}

function report(r, out) {
  const lines = r.stdout.split('\n').filter((l) => l && !/^\d+ passed, \d+ failed/.test(l));
  for (const l of lines) out(l);
  if (r.memory) out(`# quickjs memory after the checks: ${r.memory.memory_used_size} bytes in use (QuickJS estimate; the loaded bundle ${r.memory.bundle}), limit ${r.memory.limit} beyond the bundle`);
  if (!r.summaryFound) out(`not ok - ${r.engine}: no summary line (exit ${r.exitCode}${r.timedOut ? ', timed out' : ''}) ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  else if (r.exitCode !== 0) out(`not ok - ${r.engine}: exit code ${r.exitCode} ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
}

export async function selftestCommand({ engine, board }, out = console.log) {
  const engines = engine === 'all' ? ENGINES : [engine];
  if (engine !== 'all' && !ENGINES.includes(engine)) throw new Error(`unknown engine ${engine}; one of ${ENGINES.join(', ')}, all`);
  let passed = 0;
  let failed = 0;
  for (const e of engines) {
    if (engine === 'all' && !REQUIRED_ENGINES.includes(e) && !engineGiven(e)) {
      out(`# ${e}: not run (${e === 'espruino' ? 'ESPRUINO' : 'JERRY'} names no binary)`);
      continue;
    }
    if (engines.length > 1) out(`# ${e}`);
    let r;
    try {
      r = await selftestIn(e, board);
    } catch (err) {
      out(`not ok - ${e}: ${err.message}`);
      failed++;
      continue;
    }
    report(r, out);
    passed += r.passed;
    failed += r.failed + (r.ok || r.failed > 0 ? 0 : 1);
    if (engines.length > 1) out(`# ${e} (board ${r.board}): ${r.passed} passed, ${r.failed} failed, ${r.seconds.toFixed(2)} s`);
  }
  out(`${passed} passed, ${failed} failed`);
  return failed === 0 && passed > 0 ? 0 : 1;
}
