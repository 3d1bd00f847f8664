// Runs a script file in V8's main context with Node's own globals taken away (require is not a
// global in a module anyway; console, timers, Buffer, process, TextEncoder, crypto, fetch, ...),
// and `print` added, so the bundle sees what an embedded engine offers. Not a vm context: global
// lookups there go through interceptors and run ~30x slower, which would make Node benchmarks
// meaningless.
import { readFileSync } from 'node:fs';
import vm from 'node:vm';

const proc = process;
const file = proc.argv[2];
const out = proc.stdout;
const err = proc.stderr;
const NODE_GLOBALS = ['console', 'process', 'Buffer', 'global', 'setTimeout', 'setInterval', 'setImmediate',
  'clearTimeout', 'clearInterval', 'clearImmediate', 'queueMicrotask', 'structuredClone', 'TextEncoder',
  'TextDecoder', 'URL', 'URLSearchParams', 'crypto', 'fetch', 'atob', 'btoa', 'performance', 'navigator',
  'WebAssembly', 'AbortController', 'Blob', 'BroadcastChannel', 'MessageChannel', 'EventTarget', 'Event'];
for (const name of NODE_GLOBALS) {
  try { delete globalThis[name]; } catch (e) { /* non-configurable: leave it */ }
}
globalThis.print = (...args) => out.write(args.map(String).join(' ') + '\n');
// runInEngine's nativeCrypto option: Espruino's require("crypto"), computed by the host.
if (proc.env.MICROTLS_ESPRUINO_CRYPTO) globalThis.require = (await import('./espruino-crypto.mjs')).espruinoRequire();
try {
  vm.runInThisContext(readFileSync(file, 'utf8'), { filename: file });
} catch (e) {
  err.write('uncaught: ' + (e && e.stack ? e.stack : String(e)) + '\n');
  proc.exitCode = 1;
}
