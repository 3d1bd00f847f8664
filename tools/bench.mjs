// `npm run bench [-- --engine E,E] [--only SUBSTRING]`: runs test/engine/bench/*.js with the
// generic bundle inside each engine, measures the Node peers of tools/bench-peers.mjs in the same
// run, and prints a table per engine: median ms per operation, throughput, and the ratio of
// microtls's time to each peer's (below 1: microtls is faster).
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { REQUIRED_ENGINES, engineGiven, runInEngine } from './engines/index.mjs';
import { bundleFor } from './selftest.mjs';
import { peers } from './bench-peers.mjs';
// --- net ---
import { makePki } from '../test/helpers/certs.mjs';
// --- end net ---

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = path.join(root, 'test', 'engine', 'bench');

/** Median milliseconds per call of fn, with the in-engine protocol (5 runs of >= minMs each). */
export function timeOnNode(fn, minMs = 300) {
  fn();
  const runs = [];
  for (let r = 0; r < 5; r++) {
    let n = 0;
    const start = process.hrtime.bigint();
    let t;
    do { fn(); n++; t = Number(process.hrtime.bigint() - start) / 1e6; } while (t < minMs);
    runs.push(t / n);
  }
  runs.sort((a, b) => a - b);
  return runs[2];
}

export function parseBenchLines(stdout) {
  const out = [];
  for (const line of stdout.split('\n')) {
    const m = /^bench (.+) ms=([\d.]+)(?: bytes=(\d+))?$/.exec(line.trim());
    if (m) out.push({ name: m[1], ms: Number(m[2]), bytes: m[3] ? Number(m[3]) : 0 });
  }
  return out;
}

function fmtMs(ms) { return ms >= 100 ? ms.toFixed(0) : ms >= 1 ? ms.toFixed(2) : ms.toFixed(4); }

async function main() {
  const { values } = parseArgs({ options: { engine: { type: 'string' }, only: { type: 'string' } } });
  const engines = values.engine ? values.engine.split(',') : REQUIRED_ENGINES.concat(['espruino', 'jerryscript'].filter((e) => engineGiven(e)));
  const files = readdirSync(benchDir).filter((f) => f.endsWith('.js') && f !== 'common.js').sort();
  // --- net ---
  // tls.js needs a server certificate and key: made now with openssl, passed in as PEM text.
  const pki = makePki(['ecdsa']);
  const benchPki = 'var BENCH_PKI = ' + JSON.stringify({ cert: readFileSync(pki.ecdsa.cert, 'utf8'), key: readFileSync(pki.ecdsa.key, 'utf8') }) + ';\n';
  pki.cleanup();
  // --- end net ---
  const script = bundleFor('generic') + '\n' + benchPki + readFileSync(path.join(benchDir, 'common.js'), 'utf8') + '\n' +
    files.map((f) => readFileSync(path.join(benchDir, f), 'utf8')).join('\n') + '\nprint("0 passed, 0 failed");\n';
  const peerTimes = {};
  for (const [name, list] of Object.entries(peers)) {
    if (values.only && !name.includes(values.only)) continue;
    peerTimes[name] = list.map(([peer, setup]) => ({ peer, ms: timeOnNode(setup()) }));
  }
  let failed = 0;
  for (const engine of engines) {
    const only = values.only ? 'var BENCH_ONLY = ' + JSON.stringify(values.only) + ';\n' : '';
    const r = await runInEngine(engine, only + script, { timeoutMs: 30 * 60 * 1000 });
    const rows = parseBenchLines(r.stdout);
    console.log(`\n## ${engine}${r.exitCode !== 0 ? ` (exit ${r.exitCode}: ${r.stderr.trim().split('\n').pop()})` : ''}`);
    if (r.exitCode !== 0) failed++;
    console.log('| operation | ms/op | MB/s | vs peers on Node (microtls time / peer time) |');
    console.log('|---|---|---|---|');
    for (const b of rows) {
      const mbs = b.bytes ? (b.bytes / 1048576 / (b.ms / 1000)).toFixed(1) : '';
      const ratios = (peerTimes[b.name] || []).map((p) => `${p.peer} ${fmtMs(p.ms)} ms: ${(b.ms / p.ms).toFixed(2)}x`).join('; ');
      console.log(`| ${b.name} | ${fmtMs(b.ms)} | ${mbs} | ${ratios} |`);
    }
  }
  // --- net ---
  if (!values.engine && (!values.only || 'tls'.includes(values.only) || values.only.includes('tls'))) {
    try {
      await (await import('./bench-tls.mjs')).main();
    } catch (e) {
      console.log(`\nTLS socket benchmarks failed: ${e.message}`);
      failed++;
    }
  }
  // --- end net ---
  process.exitCode = failed ? 1 : 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
