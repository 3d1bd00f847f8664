// `microtls connect --engine espruino --board espruino-linux`: the board's bundle in the Espruino
// binary that ESPRUINO names (a Linux build of 2v29; VARIABLES=16383 gives the ESP32 pool), with
// the Espruino backend: Espruino's own require("net"), /dev/urandom, process.memory(). As on a
// device, the bundle runs from Storage (the emulated flash file, in a private directory) so its
// text costs no variables. The console is the channel: the device prints `@@K text` lines, and
// stdin reaches it as REPL calls of __in(kind, text) (echo is off).
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deviceConfig, espruinoScript } from './device-script.mjs';
import { boardNamed, hostChannel, pipeInput } from './common.mjs';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A loader that copies `file` into Storage in 4 KB pieces and evaluates it from there. */
function flashLoader(file, size) {
  return [
    '(function () {',
    '  var S = require("Storage"), f = E.openFile(' + JSON.stringify(file) + ', "r"), at = 0, piece;',
    '  S.eraseAll();',
    '  while ((piece = f.read(4096)) && piece.length) { S.write("microtls.js", piece, at, ' + size + '); at += piece.length; }',
    '  f.close();',
    '})();',
    'eval(require("Storage").read("microtls.js"));',
    '',
  ].join('\n');
}

/**
 * Runs one client connection in Espruino. options as in tools/runtime/quickjs.mjs, plus
 * espruino (the binary; default process.env.ESPRUINO). Resolves to { code, error, steps, info }.
 */
export async function runConnect(options) {
  const board = boardNamed(options.board || 'espruino-linux', ['espruino']);
  const binary = options.espruino || process.env.ESPRUINO;
  if (!binary) throw new Error('set ESPRUINO=/path/to/espruino (a Linux build of Espruino 2v29, BOARD=LINUX VARIABLES=16383)');
  const stdout = options.stdout || process.stdout;
  const stderr = options.stderr || process.stderr;
  const channel = hostChannel({ stdout, stderr, trace: options.trace });
  const dir = mkdtempSync(path.join(tmpdir(), 'microtls-espruino-'));
  const script = path.join(dir, 'device.js');
  writeFileSync(script, readFileSync(path.join(root, 'dist', board.name, 'microtls.js'), 'utf8') + '\n' +
    espruinoScript(deviceConfig(options)));
  writeFileSync(path.join(dir, 'loader.js'), flashLoader(script, statSync(script).size));
  const started = Date.now();
  // stdin is a pipe: Espruino runs what arrives there as REPL input, and must never see it closed.
  const child = spawn(binary, ['loader.js'], { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
  const other = [];
  let buf = '';
  child.stdout.on('data', (d) => {
    buf += d.toString('latin1');
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      // eslint-disable-next-line no-control-regex
      const line = buf.slice(0, i).replace(/\r$/, '').replace(/\x1b\[J/g, '').replace(/^>+/, '');
      buf = buf.slice(i + 1);
      const m = /^@@([A-Z]) ?(.*)$/.exec(line);
      if (m) channel.handle(m[1], m[2]);
      else if (line.trim()) other.push(line);
      // Out of variables, Espruino interrupts and keeps going in a broken state: stop it.
      if (/OUT OF MEMORY/.test(line) && channel.result.code === null) {
        channel.result.code = 1;
        channel.result.error = `Espruino ran out of memory (its pool of ${board.jsVars || 'its'} variables)`;
        child.kill('SIGKILL');
      }
    }
  });
  let errText = '';
  child.stderr.on('data', (d) => { errText += d; });
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs || 10 * 60 * 1000);
  let stopInput = () => {};
  // One input line at a time, the next after the device acknowledges the last: Espruino's
  // console input queue is small and loses what overflows it.
  const lines = [];
  let waiting = false;
  function sendNext() {
    if (waiting || !lines.length || !child.stdin.writable) return;
    waiting = true;
    child.stdin.write(lines.shift());
  }
  channel.onAck(() => { waiting = false; sendNext(); });
  channel.whenReady(() => {
    stopInput = pipeInput(options.stdin === undefined ? process.stdin : options.stdin, (kind, text) => {
      lines.push(`__in(${JSON.stringify(kind)},${JSON.stringify(text)})\n`);
      sendNext();
    }, 256);
  });
  const exitCode = await new Promise((resolve) => child.on('close', resolve));
  clearTimeout(timer);
  stopInput();
  rmSync(dir, { recursive: true, force: true });
  const r = channel.result;
  // Espruino's own complaints (uncaught errors, out of memory) are what is left on stdout.
  const banner = other.findIndex((l) => l.includes('espruino.com/Donate'));
  const noise = other.slice(banner + 1).filter((l) => !/^\s*$/.test(l));
  if (process.env.MICROTLS_DEBUG_RUNTIME) stderr.write(noise.join("\n") + "\n");
  if (r.code === null) {
    r.code = 1;
    r.error = r.error || `Espruino ended (exit ${exitCode}) without finishing: ${noise.slice(-4).join(' | ') || errText.trim()}`;
  }
  if (r.code !== 0 && r.error) stderr.write(`microtls connect: ${r.error.split('\n')[0]}\n`);
  if (options.trace) stderr.write(`microtls connect: board ${board.name} in Espruino (${binary}): ${((Date.now() - started) / 1000).toFixed(2)} s in all\n`);
  return { ...r, output: noise };
}

/** For the CLI: resolves to the exit code. */
export async function connect(options) {
  return (await runConnect(options)).code;
}
