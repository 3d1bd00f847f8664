// Prints the size of every bundle under dist/ (bytes and gzip bytes, per board) and writes the
// same table as dist/size.json. Run by `npm run build` after rollup.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadBoards } from './boards.mjs';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

export function sizeOf(file) {
  const data = readFileSync(file);
  return { bytes: data.length, gzipBytes: gzipSync(data, { level: 9 }).length };
}

export function sizeTable() {
  const rows = [];
  for (const name of Object.keys(loadBoards())) {
    rows.push({ board: name, file: `dist/${name}/microtls.js`, ...sizeOf(path.join(root, 'dist', name, 'microtls.js')) });
  }
  for (const file of ['dist/node/microtls.mjs', 'dist/node/microtls.cjs']) {
    if (existsSync(path.join(root, file))) rows.push({ board: 'node (host)', file, ...sizeOf(path.join(root, file)) });
  }
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = sizeTable();
  const w = Math.max(...rows.map((r) => r.file.length));
  console.log(`${'bundle'.padEnd(w)}  ${'board'.padEnd(12)} ${'bytes'.padStart(8)} ${'gzip'.padStart(8)}`);
  for (const r of rows) {
    console.log(`${r.file.padEnd(w)}  ${r.board.padEnd(12)} ${String(r.bytes).padStart(8)} ${String(r.gzipBytes).padStart(8)}`);
  }
  writeFileSync(path.join(root, 'dist', 'size.json'), JSON.stringify({ bundles: rows }, null, 2) + '\n');
  console.log('wrote dist/size.json');
}
