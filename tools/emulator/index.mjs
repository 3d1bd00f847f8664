// The emulator: a board's bundle inside QuickJS (quickjs-emscripten), held to the board's RAM
// budget, with the board's peripherals answered by the host.
//
// - Sockets: the VM asks the host (the `__emu` bridge) to connect, listen, write and end; the
//   host calls back into the VM (a dispatcher the VM registers) when a socket opens, gets data or
//   closes. After every call into the VM, QuickJS's pending jobs run.
// - RNG: `__emu.peek32(address)` answers host randomness at the profile's RNG register address,
//   and only there; `__emu.random(n)` gives the emulator board's HAL bytes directly.
// - Accelerators: one-shot SHA and AES-ECB/CBC computed by node:crypto (the Espruino shim's
//   require("crypto")); each call is counted.
// - Memory: QuickJS's own memory_used_size. Code lives in flash on a device (Storage on Espruino,
//   a snapshot on JerryScript), so the budget is charged from a baseline taken after the bundle
//   loads (`markBaseline`): what the stack allocates at run time must stay within ramBudget.
//   QuickJS's built-in malloc limit cannot be used for this: in this WebAssembly build it does
//   not see the size of large blocks (malloc_usable_size is missing), so typed arrays escape it.
//   The emulator checks the count from QuickJS's interrupt handler (at most every few
//   milliseconds of running) and after every call into the VM, and stops the script with
//   `RAM budget exceeded` when it goes over.
import { readFileSync } from 'node:fs';
import net from 'node:net';
import crypto from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getQuickJS } from 'quickjs-emscripten';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '..', '..');
const PRELUDE = readFileSync(path.join(here, 'vm-prelude.js'), 'utf8');
const ESPRUINO_SHIM = readFileSync(path.join(here, 'espruino-shim.js'), 'utf8');
/** Espruino's native atob and btoa (Espruino bundles decode base64 with them). */
export const ESPRUINO_BASE64 = readFileSync(path.join(here, 'espruino-base64.js'), 'utf8');

export class EmulatorError extends Error {
  constructor(code, message) {
    super(message);
    this.name = 'EmulatorError';
    this.code = code;
  }
}

/** The bundle a board runs: dist/<board>/microtls.js. */
export function boardBundle(board) {
  return readFileSync(path.join(root, 'dist', board.name, 'microtls.js'), 'utf8');
}

/**
 * Creates an emulated board. options: board (a profile from tools/boards.mjs), out (a line of
 * the VM's print), timeoutMs (the whole run), checkEveryMs (memory check interval),
 * budget (bytes; default board.ramBudget), connectHost (rewrites host names, for tests).
 */
export async function createEmulator(options) {
  const board = options.board;
  const out = options.out || ((line) => process.stdout.write(line + '\n'));
  const budget = options.budget || board.ramBudget;
  const checkEveryMs = options.checkEveryMs || 5;
  const QuickJS = await getQuickJS();
  const runtime = QuickJS.newRuntime();
  const vm = runtime.newContext();
  const deadline = Date.now() + (options.timeoutMs || 10 * 60 * 1000);

  const sockets = new Map();
  const servers = new Map();
  const timers = new Map();
  const counters = { rngWords: 0, randomBytes: 0, sha: 0, shaBytes: 0, aes: 0, aesBytes: 0, bytesIn: 0, bytesOut: 0 };
  let nextAccepted = 1000000;
  let dispatcher = null;
  let timerDispatcher = null;
  let channel = null;
  let baseline = 0;
  let peak = 0;
  let lastCheck = 0;
  let failure = null;
  let exitCode = null;
  let settle = null;
  const errors = [];

  function memoryUsed() {
    const h = runtime.computeMemoryUsage();
    const u = vm.dump(h);
    h.dispose();
    return u.memory_used_size;
  }
  function inUse() { return Math.max(0, memoryUsed() - baseline); }

  function fail(err) {
    if (!failure) failure = err;
    for (const s of sockets.values()) s.destroy();
    for (const s of servers.values()) s.close();
    for (const t of timers.values()) clearTimeout(t);
    sockets.clear();
    servers.clear();
    timers.clear();
    maybeSettle();
  }

  function checkMemory() {
    lastCheck = Date.now();
    const used = inUse();
    if (used > peak) peak = used;
    if (baseline && used > budget && !failure) {
      failure = new EmulatorError('ram_budget', `RAM budget exceeded: ${used} bytes in use after the bundle loaded, board ${board.name} allows ${budget} (ramBudget)`);
      return false;
    }
    return true;
  }

  runtime.setInterruptHandler(() => {
    if (failure) return true;
    if (Date.now() > deadline) {
      failure = new EmulatorError('timeout', `the emulated board ran past its time limit (${options.timeoutMs || 600000} ms)`);
      return true;
    }
    if (Date.now() - lastCheck >= checkEveryMs) return !checkMemory();
    return false;
  });

  function vmError(handle) {
    const e = vm.dump(handle);
    handle.dispose();
    if (e && typeof e === 'object') {
      const err = new EmulatorError('uncaught', `${e.name || 'Error'}: ${e.message}${e.stack ? '\n' + e.stack : ''}`);
      err.vmName = e.name;
      err.vmCode = e.code;
      return err;
    }
    return new EmulatorError('uncaught', String(e));
  }

  function afterVm() {
    for (;;) {
      const r = runtime.executePendingJobs();
      if (r.error) { errors.push(vmError(r.error)); continue; }
      if (r.value === 0) break;
    }
    checkMemory();
    if (failure) fail(failure);
    maybeSettle();
  }

  /** Calls a VM function (a retained handle) with host values. */
  function callVm(fnHandle, args) {
    if (failure || !fnHandle) return;
    const handles = args.map((a) => {
      if (a === null || a === undefined) return vm.null;
      if (typeof a === 'number') return vm.newNumber(a);
      if (typeof a === 'string') return vm.newString(a);
      if (a instanceof Uint8Array) return vm.newArrayBuffer(a.buffer.slice(a.byteOffset, a.byteOffset + a.length));
      throw new Error('cannot pass ' + typeof a + ' into the VM');
    });
    const r = vm.callFunction(fnHandle, vm.undefined, ...handles);
    for (const h of handles) if (h !== vm.null) h.dispose();
    if (r.error) {
      const err = vmError(r.error);
      if (failure) fail(failure);
      else { errors.push(err); out('uncaught: ' + err.message.split('\n')[0]); }
    } else r.value.dispose();
    afterVm();
  }

  function dispatch(id, event, data) { callVm(dispatcher, [id, event, data]); }

  function bytesOf(handle) {
    const lt = vm.getArrayBuffer(handle);
    const copy = Buffer.from(lt.value);
    lt.dispose();
    return copy;
  }

  function attach(id, socket) {
    sockets.set(id, socket);
    socket.on('data', (d) => { counters.bytesIn += d.length; dispatch(id, 'data', new Uint8Array(d)); });
    let error = null;
    socket.on('error', (e) => { error = e.code ? `${e.code}: ${e.message}` : e.message; });
    socket.on('close', () => {
      if (!sockets.has(id)) return;
      sockets.delete(id);
      dispatch(id, 'close', error);
    });
  }

  // The bridge object. Functions get QuickJS handles and return handles (or undefined).
  const emu = vm.newObject();
  const fns = {
    print: (...args) => { out(args.map((h) => String(vm.dump(h))).join(' ')); },
    log: (h) => { out(String(vm.dump(h))); },
    now: () => vm.newNumber(Date.now()),
    budget: () => vm.newNumber(budget),
    memory: () => vm.newNumber(inUse()),
    random: (nh) => {
      const n = vm.getNumber(nh);
      counters.randomBytes += n;
      return vm.newArrayBuffer(crypto.randomBytes(n).buffer.slice(0));
    },
    peek32: (ah) => {
      const address = vm.getNumber(ah) >>> 0;
      const rng = board.rng && board.rng.kind === 'register' ? parseInt(board.rng.address, 16) >>> 0 : -1;
      if (address !== rng) {
        throw new Error(`peek32(0x${address.toString(16)}): only the RNG register 0x${rng >= 0 ? rng.toString(16) : 'none'} is emulated on board ${board.name}`);
      }
      counters.rngWords++;
      return vm.newNumber(crypto.randomBytes(4).readUInt32LE(0));
    },
    hash: (nameH, dataH) => {
      const name = vm.getString(nameH);
      const data = bytesOf(dataH);
      counters.sha++;
      counters.shaBytes += data.length;
      const d = crypto.createHash(name).update(data).digest();
      return vm.newArrayBuffer(d.buffer.slice(d.byteOffset, d.byteOffset + d.length));
    },
    aes: (encH, dataH, keyH, modeH, ivH) => {
      const enc = vm.dump(encH);
      const data = bytesOf(dataH);
      const key = bytesOf(keyH);
      const mode = vm.getString(modeH).toLowerCase();
      const iv = vm.typeof(ivH) === 'object' && vm.dump(ivH) !== null ? bytesOf(ivH) : null;
      if (mode !== 'ecb' && mode !== 'cbc') throw new Error('the emulated AES accelerator does ECB and CBC only');
      const alg = `aes-${key.length * 8}-${mode}`;
      const c = enc ? crypto.createCipheriv(alg, key, mode === 'ecb' ? null : iv) : crypto.createDecipheriv(alg, key, mode === 'ecb' ? null : iv);
      c.setAutoPadding(false);
      const r = Buffer.concat([c.update(data), c.final()]);
      counters.aes++;
      counters.aesBytes += data.length;
      return vm.newArrayBuffer(r.buffer.slice(r.byteOffset, r.byteOffset + r.length));
    },
    setDispatcher: (fh) => { if (dispatcher) dispatcher.dispose(); dispatcher = fh.dup(); },
    // A text channel between a script in the VM and its host runner (tools/runtime/quickjs.mjs).
    send: (kindH, textH) => { if (options.onSend) options.onSend(vm.getString(kindH), vm.getString(textH)); },
    setChannel: (fh) => { if (channel) channel.dispose(); channel = fh.dup(); },
    setTimerDispatcher: (fh) => { if (timerDispatcher) timerDispatcher.dispose(); timerDispatcher = fh.dup(); },
    timer: (idH, msH) => {
      const id = vm.getNumber(idH);
      const ms = vm.getNumber(msH);
      if (timers.has(id)) clearTimeout(timers.get(id));
      timers.set(id, setTimeout(() => { timers.delete(id); callVm(timerDispatcher, [id]); }, ms));
    },
    untimer: (idH) => {
      const id = vm.getNumber(idH);
      clearTimeout(timers.get(id));
      timers.delete(id);
    },
    connect: (idH, hostH, portH) => {
      const id = vm.getNumber(idH);
      let host = vm.getString(hostH);
      const port = vm.getNumber(portH);
      if (options.connectHost) host = options.connectHost(host);
      const s = net.connect({ host, port });
      let open = false;
      s.once('connect', () => { open = true; attach(id, s); dispatch(id, 'open'); });
      s.once('error', (e) => {
        if (open) return;
        sockets.delete(id);
        dispatch(id, 'error', e.code || e.message);
      });
      // Counted while connecting so the run does not end before the connection settles.
      sockets.set(id, s);
    },
    listen: (idH, portH) => {
      const id = vm.getNumber(idH);
      const port = vm.getNumber(portH);
      const server = net.createServer((s) => {
        const sid = nextAccepted++;
        attach(sid, s);
        dispatch(id, 'accept', sid);
      });
      servers.set(id, server);
      server.on('error', (e) => { servers.delete(id); dispatch(id, 'error', e.code || e.message); });
      server.listen(port, '127.0.0.1', () => dispatch(id, 'listening', server.address().port));
    },
    unlisten: (idH) => {
      const id = vm.getNumber(idH);
      const s = servers.get(id);
      if (s) { servers.delete(id); s.close(); }
      maybeSettle();
    },
    write: (idH, bufH, offH, lenH) => {
      const id = vm.getNumber(idH);
      const data = bytesOf(bufH);
      const off = vm.getNumber(offH);
      const len = vm.getNumber(lenH);
      const s = sockets.get(id);
      if (!s || s.destroyed) return;
      counters.bytesOut += len;
      s.write(data.subarray(off, off + len));
    },
    end: (idH) => {
      const s = sockets.get(vm.getNumber(idH));
      if (s) s.end();
    },
    exit: (codeH) => { exitCode = codeH ? vm.getNumber(codeH) : 0; fail(null); },
  };
  for (const [name, fn] of Object.entries(fns)) {
    const h = vm.newFunction(name, fn);
    vm.setProp(emu, name, h);
    h.dispose();
  }
  vm.setProp(vm.global, '__emu', emu);
  emu.dispose();
  const printFn = vm.newFunction('print', fns.print);
  vm.setProp(vm.global, 'print', printFn);
  printFn.dispose();

  function evalScript(code, name) {
    if (failure) throw failure;
    const r = vm.evalCode(code, name || 'script.js');
    if (r.error) {
      const err = vmError(r.error);
      if (failure) { fail(failure); throw failure; }
      throw err;
    }
    r.value.dispose();
    afterVm();
    if (failure) throw failure;
  }

  function busy() { return sockets.size + servers.size + timers.size > 0; }

  function maybeSettle() {
    if (settle && (failure !== null || exitCode !== null || !busy())) {
      const s = settle;
      settle = null;
      s();
    }
  }

  evalScript(PRELUDE, 'vm-prelude.js');
  if (board.runtime === 'espruino') {
    evalScript(ESPRUINO_SHIM, 'espruino-shim.js');
    evalScript(ESPRUINO_BASE64, 'espruino-base64.js');
  }

  return {
    board,
    counters,
    errors,
    /** Evaluates a script in the VM; throws the VM's error (EmulatorError 'uncaught'). */
    eval: evalScript,
    /** Loads the board's bundle and takes the memory baseline after it. */
    loadBundle(code) {
      evalScript(code || boardBundle(board), `dist/${board.name}/microtls.js`);
      this.markBaseline();
    },
    /** Calls the VM's channel function (registered with __emu.setChannel) with (kind, text). */
    deliver(kind, text) { callVm(channel, [kind, text]); },
    markBaseline() { baseline = memoryUsed(); peak = 0; },
    /** Bytes QuickJS counts above the baseline. */
    memory: () => inUse(),
    peak: () => peak,
    /** Resolves when nothing is left to run (no sockets, listeners or timers), or exit() ran;
     * rejects with the failure that stopped the board (RAM budget, time limit). */
    idle() {
      return new Promise((resolve, reject) => {
        const done = () => (failure ? reject(failure) : resolve({ exitCode: exitCode === null ? 0 : exitCode, errors }));
        if (failure || exitCode !== null || !busy()) done();
        else settle = done;
      });
    },
    /** Stops everything the board had open and frees the VM. */
    dispose() {
      if (!failure) failure = new EmulatorError('disposed', 'the emulator was disposed');
      fail(failure);
      if (dispatcher) dispatcher.dispose();
      if (timerDispatcher) timerDispatcher.dispose();
      if (channel) channel.dispose();
      channel = null;
      dispatcher = null;
      timerDispatcher = null;
      vm.dispose();
      runtime.dispose();
    },
  };
}
