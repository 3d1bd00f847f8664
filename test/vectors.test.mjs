// Every Wycheproof file that has a runner (test/engine/wycheproof/) passes in every CI engine,
// and in Espruino / JerryScript when ESPRUINO / JERRY name a binary. Skips are listed with their
// reason by the runner; here only their count is bounded by what the runner reports.
import test from 'ava';
import { REQUIRED_ENGINES, engineGiven } from '../tools/engines/index.mjs';
import { runnerMap, runVectorFile } from '../tools/vectors.mjs';

const engines = REQUIRED_ENGINES.concat(['espruino', 'jerryscript'].filter((e) => engineGiven(e)));
const files = Object.keys(runnerMap()).sort();

test('at least one Wycheproof file has a runner', (t) => {
  t.true(files.length > 0);
});

for (const engine of engines) {
  for (const file of files) {
    test(`wycheproof ${file} in ${engine}`, async (t) => {
      const r = await runVectorFile(engine, file);
      t.log(`${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped, ${r.seconds.toFixed(1)} s`);
      for (const l of r.lines) t.log(l);
      t.is(r.failed, 0, r.lines.filter((l) => l.startsWith('not ok')).slice(0, 5).join('\n'));
      t.true(r.passed > 0);
    });
  }
}
