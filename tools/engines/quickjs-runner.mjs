// Runs a script file in QuickJS (WebAssembly build from quickjs-emscripten) with a memory limit,
// the way the emulator holds a board to its RAM budget. Prints the script's output, then on
// stderr one line `quickjs-memory {json}` with QuickJS's own counters after the run.
// With a bundle file, the bundle loads first without a limit and the limit then counts from what
// the loaded bundle holds: a device keeps the code in flash (Espruino's Storage, a JerryScript
// snapshot), so the board's RAM budget is for what the stack allocates while it runs.
import { readFileSync } from 'node:fs';
import { getQuickJS, shouldInterruptAfterDeadline } from 'quickjs-emscripten';

const [file, limitArg, timeoutArg, bundleFile] = process.argv.slice(2);
const memoryLimit = Number(limitArg) || 0;
const timeoutMs = Number(timeoutArg) || 120000;

const QuickJS = await getQuickJS();
const runtime = QuickJS.newRuntime();
runtime.setInterruptHandler(shouldInterruptAfterDeadline(Date.now() + timeoutMs));
const vm = runtime.newContext();
const print = vm.newFunction('print', (...args) => {
  process.stdout.write(args.map((h) => String(vm.dump(h))).join(' ') + '\n');
});
vm.setProp(vm.global, 'print', print);
print.dispose();

// runInEngine's nativeCrypto option: Espruino's require("crypto") (one-shot SHA, AES-ECB),
// computed by the host like the emulator's accelerator.
if (process.env.MICROTLS_ESPRUINO_CRYPTO) {
  const { espruinoCrypto } = await import('./espruino-crypto.mjs');
  const c = espruinoCrypto();
  const bytesOf = (h) => {
    const lt = vm.getArrayBuffer(h);
    const copy = new Uint8Array(lt.value);
    lt.dispose();
    return copy;
  };
  const host = vm.newFunction('__hostCrypto', (nameH, dataH, keyH) => {
    const name = vm.getString(nameH);
    const data = bytesOf(dataH);
    const r = name === 'AES' ? c.AES.encrypt(data, bytesOf(keyH), { mode: 'ECB' }) : c[name](data);
    return vm.newArrayBuffer(r);
  });
  vm.setProp(vm.global, '__hostCrypto', host);
  host.dispose();
  const shim = vm.evalCode(`(function (g) {
    function ab(d) { if (d instanceof ArrayBuffer) return d; var u = new Uint8Array(d.length); u.set(d); return u.buffer; }
    function hash(n) { return function (d) { return __hostCrypto(n, ab(d)); }; }
    var c = { SHA1: hash('SHA1'), SHA256: hash('SHA256'), SHA384: hash('SHA384'), SHA512: hash('SHA512'),
      AES: { encrypt: function (d, k, o) {
        if (!o || o.mode !== 'ECB') throw new Error('this emulated crypto module does AES-ECB only');
        return __hostCrypto('AES', ab(d), ab(k));
      } } };
    g.require = function (n) { if (n === 'crypto') return c; throw new Error('Module ' + n + ' not found'); };
  })(this);`, 'espruino-crypto-shim.js');
  if (shim.error) throw new Error('espruino crypto shim: ' + JSON.stringify(vm.dump(shim.error)));
  shim.value.dispose();
}

function mallocSize() {
  const h = runtime.computeMemoryUsage();
  const u = vm.dump(h);
  h.dispose();
  return u.memory_used_size;
}

let result = null;
let base = 0;
if (bundleFile) {
  result = vm.evalCode(readFileSync(bundleFile, 'utf8'), bundleFile);
  if (!result.error) {
    result.value.dispose();
    result = null;
    base = mallocSize();
  }
}
if (result === null) {
  if (memoryLimit > 0) runtime.setMemoryLimit(base + memoryLimit);
  result = vm.evalCode(readFileSync(file, 'utf8'), file);
}
if (result.error) {
  const err = vm.dump(result.error);
  result.error.dispose();
  const text = err && typeof err === 'object' ? `${err.name}: ${err.message}\n${err.stack || ''}` : String(err);
  process.stderr.write('uncaught: ' + text + '\n');
  process.exitCode = 1;
} else {
  result.value.dispose();
}
const usageHandle = runtime.computeMemoryUsage();
const usage = vm.dump(usageHandle);
usageHandle.dispose();
process.stderr.write('quickjs-memory ' + JSON.stringify({ limit: memoryLimit, bundle: base, ...usage }) + '\n');
vm.dispose();
runtime.dispose();
