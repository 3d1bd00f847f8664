// `npm test`: builds the bundles, runs the subset checker, then every ava test, and closes with
// one line `N passed, M failed` (what CI reads). A failed build or subset check counts as a
// failure and still lets the rest run, so one run shows everything that is wrong.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

function run(cmd, args, onLine) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', onLine ? 'pipe' : 'inherit', 'inherit'] });
    if (onLine) {
      let buf = '';
      child.stdout.on('data', (d) => {
        buf += d;
        let i;
        while ((i = buf.indexOf('\n')) >= 0) { onLine(buf.slice(0, i)); buf = buf.slice(i + 1); }
      });
      child.stdout.on('end', () => { if (buf) onLine(buf); });
    }
    child.on('close', (code) => resolve(code));
  });
}

let failed = 0;
const npmCli = process.env.npm_execpath;
const npm = (script) => (npmCli ? run(process.execPath, [npmCli, 'run', '--silent', script]) : run('npm', ['run', '--silent', script]));

console.log('# build');
if ((await npm('build')) !== 0) { console.log('not ok - npm run build failed'); failed++; }
console.log('# lint:subset');
if ((await npm('lint:subset')) !== 0) { console.log('not ok - npm run lint:subset found constructs outside the subset'); failed++; }

console.log('# ava');
let pass = 0;
let fail = 0;
let sawPlan = false;
const avaCode = await run(process.execPath, [path.join(root, 'node_modules/ava/entrypoints/cli.mjs'), '--tap'], (line) => {
  console.log(line);
  let m;
  if ((m = /^# pass (\d+)$/.exec(line))) { pass = Number(m[1]); sawPlan = true; }
  if ((m = /^# fail (\d+)$/.exec(line))) fail = Number(m[1]);
});
if (!sawPlan) { console.log(`not ok - ava ended (exit ${avaCode}) without a count`); failed++; }
else if (avaCode !== 0 && fail === 0) { console.log(`not ok - ava exited ${avaCode}`); failed++; }

failed += fail;
console.log(`${pass} passed, ${failed} failed`);
process.exitCode = failed === 0 && pass > 0 ? 0 : 1;
