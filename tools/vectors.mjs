// `npm run vectors -- --engine E [--only SUBSTRING]`: runs every Wycheproof file in
// ../shared/vectors/wycheproof that has a runner in test/engine/wycheproof/ inside engine E, a
// line per file, closing with `N passed, M failed, K skipped`. A runner names the files it
// handles on a `// files:` line at its top.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runInEngine } from './engines/index.mjs';
import { bundleFor, defaultBoard } from './selftest.mjs';
import { loadBoards } from './boards.mjs';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
export const vectorsDir = path.join(root, '..', 'shared', 'vectors', 'wycheproof');
const runnersDir = path.join(root, 'test', 'engine', 'wycheproof');

// Key encodings the runners do not read; dropping them keeps the script an engine must parse small.
const UNUSED_FIELDS = ['publicKeyPem', 'publicKeyJwk', 'publicKeyDer', 'publicKeyAsn', 'privateKeyPem', 'privateKeyJwk', 'privateKeyPkcs8', 'keyJwk', 'source'];

/** { vectorFile: runnerFile } from the `// files:` lines of the runners. */
export function runnerMap() {
  const map = {};
  for (const f of readdirSync(runnersDir).filter((n) => n.endsWith('.js') && n !== 'common.js')) {
    const m = /^\/\/ files: (.*)$/m.exec(readFileSync(path.join(runnersDir, f), 'utf8'));
    if (!m) throw new Error(`test/engine/wycheproof/${f} has no "// files:" line`);
    for (const v of m[1].split(/[ ,]+/).filter(Boolean)) map[v] = f;
  }
  return map;
}

function slim(data, from, count) {
  const groups = [];
  let index = 0;
  for (const g of data.testGroups) {
    const tests = [];
    for (const t of g.tests) {
      if (index >= from && index < from + count) tests.push(t);
      index++;
    }
    if (!tests.length) continue;
    const group = { ...g, tests };
    for (const k of UNUSED_FIELDS) delete group[k];
    groups.push(group);
  }
  return { algorithm: data.algorithm, testGroups: groups };
}

// Espruino keeps source text in its variable pool: it gets the tests in small batches.
const BATCH = { espruino: 25, jerryscript: 200 };

/** Runs one vector file in one engine; resolves to { file, passed, failed, skipped, lines, seconds }. */
export async function runVectorFile(engine, file, { board } = {}) {
  const runner = runnerMap()[file];
  const data = JSON.parse(readFileSync(path.join(vectorsDir, file), 'utf8'));
  const total = data.testGroups.reduce((n, g) => n + g.tests.length, 0);
  const profile = loadBoards()[board || defaultBoard(engine)];
  const prefix = bundleFor(profile.name) + '\n' + readFileSync(path.join(runnersDir, 'common.js'), 'utf8') + '\n' +
    readFileSync(path.join(runnersDir, runner), 'utf8') + '\n';
  const batch = BATCH[engine] || total;
  const out = { file, passed: 0, failed: 0, skipped: 0, lines: [], seconds: 0 };
  for (let from = 0; from < total; from += batch) {
    const script = prefix + 'var r = wycheproof.run(' + JSON.stringify(file) + ', ' + JSON.stringify(slim(data, from, batch)) +
      ', print);\nprint(r.passed + " passed, " + r.failed + " failed");\n';
    // A profile with nativeCrypto may leave the pure SHA-2 and AES out: it gets the runtime's.
    const r = await runInEngine(engine, script, { memoryLimit: profile.ramBudget * 4, timeoutMs: 20 * 60 * 1000,
      nativeCrypto: Boolean(profile.nativeCrypto) });
    out.seconds += r.seconds;
    const line = new RegExp('^' + file.replace(/\./g, '\\.') + ': (\\d+) passed, (\\d+) failed, (\\d+) skipped$', 'm').exec(r.stdout);
    if (!line || r.exitCode !== 0) {
      out.failed += batch;
      out.lines.push(`not ok - ${file} tests ${from}..${Math.min(total, from + batch) - 1}: engine exit ${r.exitCode}${r.timedOut ? ' (timed out)' : ''} ${r.stderr.trim().split('\n').slice(-2).join(' | ')}`);
      continue;
    }
    out.passed += Number(line[1]);
    out.failed += Number(line[2]);
    out.skipped += Number(line[3]);
    for (const l of r.stdout.split('\n')) if (/^(not ok|# )/.test(l)) out.lines.push(l);
  }
  return out;
}

export async function vectorsCommand({ engine, only }, print = console.log) {
  const runners = runnerMap();
  const files = readdirSync(vectorsDir).filter((f) => f.endsWith('.json')).sort();
  let passed = 0, failed = 0, skipped = 0;
  const missing = [];
  for (const file of files) {
    if (only && !file.includes(only)) continue;
    if (!runners[file]) { missing.push(file); continue; }
    const r = await runVectorFile(engine, file);
    for (const l of r.lines) print(l);
    print(`${file}: ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped (${engine}, ${r.seconds.toFixed(1)} s)`);
    passed += r.passed; failed += r.failed; skipped += r.skipped;
  }
  if (missing.length) print(`# no primitive yet for ${missing.length} file(s): ${missing.join(', ')}`);
  print(`${passed} passed, ${failed} failed, ${skipped} skipped`);
  return failed === 0 && passed > 0 ? 0 : 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { engine: { type: 'string', default: 'node' }, only: { type: 'string' } } });
  if (!existsSync(vectorsDir)) { console.error(`microtls: ${vectorsDir} is missing (the shared test material)`); process.exit(1); }
  vectorsCommand(values).then((code) => { process.exitCode = code; }, (e) => { console.error(`microtls: ${e.message}`); process.exitCode = 1; });
}
