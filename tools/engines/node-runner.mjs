// Runs a script file in a fresh V8 context that has only `print`: no require, console, timers or
// TextEncoder, so the bundle sees what an embedded engine offers.
import { readFileSync } from 'node:fs';
import vm from 'node:vm';

const file = process.argv[2];
const context = vm.createContext({
  print: (...args) => process.stdout.write(args.map(String).join(' ') + '\n'),
});
try {
  vm.runInContext(readFileSync(file, 'utf8'), context, { filename: file });
} catch (e) {
  process.stderr.write('uncaught: ' + (e && e.stack ? e.stack : String(e)) + '\n');
  process.exitCode = 1;
}
