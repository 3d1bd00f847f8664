// Prints the size of every bundle under dist/ (bytes and gzip bytes, per board, with the board's
// runtime and features) and writes the same table as dist/size.json. Run by `npm run build` after
// rollup. `node tools/size-report.mjs --modules esp32` lists that bundle's modules by their
// rendered size before minification (dist/<board>/modules.json, written by the build), and
// `--costs esp32` rebuilds that bundle without each of its features to show what each costs, and
// `--files esp32` rebuilds it with a source map to give each source file its minified bytes.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadBoards, featuresOf, ALL_FEATURES } from './boards.mjs';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

export function sizeOf(file) {
  const data = readFileSync(file);
  return { bytes: data.length, gzipBytes: gzipSync(data, { level: 9 }).length };
}

export function sizeTable() {
  const rows = [];
  const boards = loadBoards();
  for (const [name, profile] of Object.entries(boards)) {
    if (!existsSync(path.join(root, 'dist', name, 'microtls.js'))) continue;
    const features = featuresOf(profile);
    rows.push({
      board: name,
      runtime: profile.runtime,
      features: features.length === ALL_FEATURES.length ? 'all' : features.join(' '),
      file: `dist/${name}/microtls.js`,
      ...sizeOf(path.join(root, 'dist', name, 'microtls.js')),
    });
  }
  for (const file of ['dist/node/microtls.mjs', 'dist/node/microtls.cjs']) {
    if (existsSync(path.join(root, file))) rows.push({ board: 'node (host)', runtime: 'node', features: 'all', file, ...sizeOf(path.join(root, file)) });
  }
  return rows;
}

function printModules(board, out) {
  const file = path.join(root, 'dist', board, 'modules.json');
  if (!existsSync(file)) throw new Error(`${file} is missing: build the ${board} bundle first`);
  const { modules } = JSON.parse(readFileSync(file, 'utf8'));
  const total = modules.reduce((a, m) => a + m.rendered, 0);
  out(`modules of dist/${board}/microtls.js, rendered bytes before minification (total ${total}):`);
  for (const m of modules) out(`${String(m.rendered).padStart(8)}  ${(100 * m.rendered / total).toFixed(1).padStart(5)}%  ${m.module.replace(/^(\.\.\/)+(main\/)?/, '')}`);
}

/** What each feature of a board costs: the bundle rebuilt without it (and with the other
 * tweetnacl build), minified bytes saved. Slow: one build per feature. */
async function printCosts(board, out) {
  const { rollup } = await import('rollup');
  const { deviceBundle } = await import('../rollup.config.js');
  const profile = loadBoards()[board];
  if (!profile) throw new Error(`unknown board ${board}`);
  const dir = path.join(root, 'dist', '.costs');
  async function size(p) {
    const options = deviceBundle(p, path.join(dir, 'b.js'));
    const bundle = await rollup({ ...options, onwarn() {} });
    // Without the module-size writer: dist/<board>/modules.json stays the real build's.
    const outputOptions = { ...options.output, plugins: options.output.plugins.filter((pl) => pl.name !== 'microtls-module-sizes') };
    const { output } = await bundle.generate(outputOptions);
    await bundle.close();
    return Buffer.byteLength(output[0].code);
  }
  const full = await size(profile);
  out(`dist/${board}/microtls.js as built: ${full} bytes; without each feature:`);
  for (const f of featuresOf(profile)) {
    const n = await size({ ...profile, features: featuresOf(profile).filter((x) => x !== f) });
    out(`${String(full - n).padStart(8)} bytes  ${f}`);
  }
  const other = profile.tweetnacl === 'small' ? 'fast' : 'small';
  const n = await size({ ...profile, tweetnacl: other });
  out(`${String(full - n).padStart(8)} bytes  tweetnacl ${profile.tweetnacl || 'fast'} instead of ${other}`);
}

/** Each source file's share of a board's minified bundle: every output byte is charged to the
 * source file its source-map segment points at. */
async function printFiles(board, out) {
  const { rollup } = await import('rollup');
  const { deviceBundle } = await import('../rollup.config.js');
  const { TraceMap, originalPositionFor } = await import('@jridgewell/trace-mapping');
  const profile = loadBoards()[board];
  if (!profile) throw new Error(`unknown board ${board}`);
  const options = deviceBundle(profile, path.join(root, 'dist', '.costs', 'b.js'));
  const bundle = await rollup({ ...options, onwarn() {} });
  const outputOptions = { ...options.output, sourcemap: true, plugins: options.output.plugins.filter((pl) => pl.name !== 'microtls-module-sizes') };
  const { output } = await bundle.generate(outputOptions);
  await bundle.close();
  const map = new TraceMap(output[0].map);
  const lines = output[0].code.split('\n');
  const per = {};
  for (let l = 0; l < lines.length; l++) {
    for (let c = 0; c < lines[l].length; c++) {
      const p = originalPositionFor(map, { line: l + 1, column: c });
      const file = p.source ? p.source.replace(/^.*?\b(src|hal|node_modules)\//, '$1/') : '(bundle glue)';
      per[file] = (per[file] || 0) + 1;
    }
  }
  out(`dist/${board}/microtls.js: ${Buffer.byteLength(output[0].code)} bytes minified, by source file:`);
  for (const [file, n] of Object.entries(per).sort((a, b) => b[1] - a[1])) out(`${String(n).padStart(8)}  ${file}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--modules');
  const costs = process.argv.indexOf('--costs');
  const files = process.argv.indexOf('--files');
  if (files >= 0) {
    await printFiles(process.argv[files + 1] || 'esp32', console.log);
  } else if (costs >= 0) {
    await printCosts(process.argv[costs + 1] || 'esp32', console.log);
  } else if (at >= 0) {
    printModules(process.argv[at + 1] || 'esp32', console.log);
  } else {
    const rows = sizeTable();
    const w = Math.max(...rows.map((r) => r.file.length));
    console.log(`${'bundle'.padEnd(w)}  ${'board'.padEnd(20)} ${'runtime'.padEnd(12)} ${'bytes'.padStart(8)} ${'gzip'.padStart(8)}  features`);
    for (const r of rows) {
      console.log(`${r.file.padEnd(w)}  ${r.board.padEnd(20)} ${r.runtime.padEnd(12)} ${String(r.bytes).padStart(8)} ${String(r.gzipBytes).padStart(8)}  ${r.features}`);
    }
    writeFileSync(path.join(root, 'dist', 'size.json'), JSON.stringify({ bundles: rows }, null, 2) + '\n');
    console.log('wrote dist/size.json');
  }
}
