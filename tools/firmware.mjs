// `npm run firmware` (also the last step of `npm run build`): what goes onto a device, from the
// board bundles under dist/.
//   - Espruino boards: dist/firmware/<board>/microtls.js, the bundle as an Espruino module
//     (`module.exports = ...`). Saved to Storage as the file "microtls" (Espruino IDE's Storage
//     upload, or `espruino --storage microtls:dist/firmware/esp32/microtls.js`), it loads with
//     require("microtls") from flash, so its text costs no variables; the same file baked into a
//     firmware build with JSMODULESOURCES+=microtls:dist/firmware/esp32/microtls.js.
//   - JerryScript boards, when JERRY_SNAPSHOT names jerry-snapshot: dist/firmware/<board>/
//     microtls.snapshot, the bundle compiled to JerryScript 3.0 bytecode (a firmware runs it from
//     flash with jerry_exec_snapshot and JERRY_SNAPSHOT_EXEC_ALLOW_STATIC). Without
//     JERRY_SNAPSHOT the source bundle is copied there instead, and the snapshot is reported
//     as not made.
// Prints one line per file. Exits non-zero if a bundle is missing or jerry-snapshot fails.
import { readFileSync, writeFileSync, mkdirSync, existsSync, copyFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadBoards } from './boards.mjs';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The Espruino module text of a bundle: `var microtls=` becomes `module.exports=`. */
export function espruinoModule(bundle) {
  if (!bundle.startsWith('var microtls=')) throw new Error('a bundle starts with `var microtls=`');
  return 'module.exports=' + bundle.slice('var microtls='.length);
}

export function buildFirmware({ out = console.log, env = process.env } = {}) {
  const made = [];
  let failed = 0;
  for (const [name, board] of Object.entries(loadBoards())) {
    if (board.runtime !== 'espruino' && board.runtime !== 'jerryscript') continue;
    const bundleFile = path.join(root, 'dist', name, 'microtls.js');
    if (!existsSync(bundleFile)) { out(`not ok - ${name}: dist/${name}/microtls.js is missing (npm run build)`); failed++; continue; }
    const dir = path.join(root, 'dist', 'firmware', name);
    mkdirSync(dir, { recursive: true });
    const bundle = readFileSync(bundleFile, 'latin1');
    if (board.runtime === 'espruino') {
      const file = path.join(dir, 'microtls.js');
      writeFileSync(file, espruinoModule(bundle), 'latin1');
      made.push({ board: name, kind: 'espruino-module', file: path.relative(root, file) });
      out(`${path.relative(root, file)}  Espruino module for ${name} (${bundle.length} bytes): Storage file "microtls"`);
    } else if (env.JERRY_SNAPSHOT) {
      const file = path.join(dir, 'microtls.snapshot');
      const r = spawnSync(env.JERRY_SNAPSHOT, ['generate', '-o', file, bundleFile], { encoding: 'utf8' });
      if (r.status !== 0) {
        out(`not ok - ${name}: ${env.JERRY_SNAPSHOT} generate failed: ${(r.stderr || r.stdout || String(r.error)).trim().split('\n').pop()}`);
        failed++;
        continue;
      }
      made.push({ board: name, kind: 'jerryscript-snapshot', file: path.relative(root, file) });
      out(`${path.relative(root, file)}  JerryScript snapshot for ${name} (${readFileSync(file).length} bytes)`);
    } else {
      const file = path.join(dir, 'microtls.js');
      copyFileSync(bundleFile, file);
      made.push({ board: name, kind: 'jerryscript-source', file: path.relative(root, file) });
      out(`${path.relative(root, file)}  JerryScript source for ${name} (no snapshot: set JERRY_SNAPSHOT=/path/to/jerry-snapshot)`);
    }
  }
  return { made, failed };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { failed } = buildFirmware();
  process.exitCode = failed ? 1 : 0;
}
