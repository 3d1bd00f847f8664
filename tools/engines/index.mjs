// The engine harness: runs a bundle plus a test script inside one JavaScript engine and reads
// the script's closing line `N passed, M failed`. Engines that CI must have (node, quickjs,
// duktape) fail the run when missing; espruino and jerryscript run when ESPRUINO / JERRY name a
// binary built locally.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

export const ENGINES = ['node', 'quickjs', 'duktape', 'espruino', 'jerryscript'];
export const REQUIRED_ENGINES = ['node', 'quickjs', 'duktape'];

export class EngineMissingError extends Error {
  constructor(engine, hint) {
    super(`engine ${engine} is missing: ${hint}`);
    this.name = 'EngineMissingError';
    this.engine = engine;
  }
}

const INSTALL_HINTS = {
  duktape: 'install it with `apt-get install -y duktape` (or set DUK=/path/to/duk)',
  espruino: 'set ESPRUINO=/path/to/espruino (built from its repository, BOARD=LINUX)',
  jerryscript: 'set JERRY=/path/to/jerry (built from its repository with tools/build.py)',
};

function onPath(name) {
  const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** Whether an optional engine was given (ESPRUINO / JERRY set). */
export function engineGiven(engine, env = process.env) {
  if (engine === 'espruino') return Boolean(env.ESPRUINO);
  if (engine === 'jerryscript') return Boolean(env.JERRY);
  return true;
}

/** The command that runs one script file in `engine`, or EngineMissingError. */
export function engineCommand(engine, { memoryLimit = 0, timeoutMs = 120000, env = process.env } = {}) {
  switch (engine) {
    case 'node':
      return { cmd: process.execPath, args: (f) => [path.join(here, 'node-runner.mjs'), f] };
    case 'quickjs':
      return {
        cmd: process.execPath,
        args: (f, bundleFile) => [path.join(here, 'quickjs-runner.mjs'), f, String(memoryLimit), String(timeoutMs)]
          .concat(bundleFile ? [bundleFile] : []),
      };
    case 'duktape': {
      const duk = env.DUK || onPath('duk');
      if (!duk) throw new EngineMissingError('duktape', INSTALL_HINTS.duktape);
      return { cmd: duk, args: (f) => [f] };
    }
    case 'espruino': {
      if (!env.ESPRUINO) throw new EngineMissingError('espruino', INSTALL_HINTS.espruino);
      return { cmd: env.ESPRUINO, args: (f) => [espruinoLoader(f)] };
    }
    case 'jerryscript': {
      if (!env.JERRY) throw new EngineMissingError('jerryscript', INSTALL_HINTS.jerryscript);
      return { cmd: env.JERRY, args: (f) => [f] };
    }
    default:
      throw new Error(`unknown engine ${engine}; one of ${ENGINES.join(', ')}`);
  }
}

/**
 * Espruino keeps the source text of a script in its variable pool, so a bundle plus test data
 * would not fit. On a device, code runs from Storage (flash) instead, where the text costs no
 * variables; this loader does the same in the Linux build: it copies the script into the
 * emulated flash (espruino.flash in the working directory) in 4 KB pieces, then evaluates it
 * from there. Returns the loader's path, beside the script.
 */
function espruinoLoader(file) {
  const size = statSync(file).size;
  const loader = path.join(path.dirname(file), 'loader.js');
  writeFileSync(loader, [
    '(function () {',
    '  var S = require("Storage"), f = E.openFile(' + JSON.stringify(file) + ', "r"), at = 0, piece;',
    '  S.eraseAll();',
    '  while ((piece = f.read(4096)) && piece.length) { S.write("run.js", piece, at, ' + size + '); at += piece.length; }',
    '  f.close();',
    '})();',
    'eval(require("Storage").read("run.js"));',
    '',
  ].join('\n'));
  return loader;
}

/** An engine's stdout without what the engine itself adds: Espruino's CRLF line ends, its
 * start-up banner (up to the donation line) and its `>` prompt. */
export function cleanOutput(engine, stdout) {
  let text = stdout.replace(/\r\n/g, '\n');
  if (engine === 'espruino') {
    const donate = text.indexOf('espruino.com/Donate\n');
    if (donate >= 0) text = text.slice(donate + 'espruino.com/Donate\n'.length).replace(/^\n/, '');
    text = text.split('\n').map((l) => l.replace(/^>+/, '')).filter((l, i, a) => l !== '' || i < a.length - 1).join('\n');
  }
  return text;
}

/** The last `N passed, M failed` line of an engine's output, or null. */
export function parseSummary(stdout) {
  const lines = stdout.split(/\r?\n/);
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = /^(\d+) passed, (\d+) failed\b/.exec(lines[i].trim());
    if (m) return { passed: Number(m[1]), failed: Number(m[2]) };
  }
  return null;
}

/**
 * Runs `code` (bundle and test script, already joined, or the script alone with the bundle as
 * `options.bundle`) in `engine`. With `bundle`, QuickJS's memoryLimit counts from what the loaded
 * bundle holds (code lives in flash on a device); other engines run bundle and script joined.
 * With `nativeCrypto`, the script sees Espruino's require("crypto") (one-shot SHA, AES-ECB): the
 * esp32-family bundles take those primitives from it (espruino has it; node and quickjs get one
 * computed by the host, tools/engines/espruino-crypto.mjs).
 * Resolves to { engine, stdout, stderr, exitCode, timedOut, passed, failed, ok, memory }.
 * `ok` means: exited 0, printed a summary, and the summary has no failures.
 */
export async function runInEngine(engine, code, options = {}) {
  const timeoutMs = options.timeoutMs || 120000;
  const command = engineCommand(engine, { ...options, timeoutMs });
  if (options.nativeCrypto && !['node', 'quickjs', 'espruino'].includes(engine)) {
    throw new Error(`engine ${engine} has no Espruino require("crypto") (nativeCrypto)`);
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'microtls-engine-'));
  const file = path.join(dir, 'run.js');
  let bundleFile = null;
  if (options.bundle && engine === 'quickjs') {
    bundleFile = path.join(dir, 'bundle.js');
    writeFileSync(bundleFile, options.bundle);
    writeFileSync(file, code);
  } else {
    writeFileSync(file, options.bundle ? options.bundle + '\n' + code : code);
  }
  const started = Date.now();
  return new Promise((resolve, reject) => {
    // Espruino runs whatever reaches its stdin as REPL input, and a closed stdin lets the next
    // file it opens take that slot: it gets a pipe that stays open and is never written.
    const stdin = engine === 'espruino' ? 'pipe' : 'ignore';
    const env = options.nativeCrypto ? { ...process.env, MICROTLS_ESPRUINO_CRYPTO: '1' } : process.env;
    const child = spawn(command.cmd, command.args(file, bundleFile), { stdio: [stdin, 'pipe', 'pipe'], cwd: dir, env });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, timeoutMs + 5000);
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', (e) => {
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
      reject(e.code === 'ENOENT' ? new EngineMissingError(engine, `${command.cmd} not found; ${INSTALL_HINTS[engine]}`) : e);
    });
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
      stdout = cleanOutput(engine, stdout);
      const summary = parseSummary(stdout);
      let memory = null;
      const m = /^quickjs-memory (.*)$/m.exec(stderr);
      if (m) memory = JSON.parse(m[1]);
      resolve({
        engine,
        stdout,
        stderr,
        exitCode,
        timedOut,
        seconds: (Date.now() - started) / 1000,
        passed: summary ? summary.passed : 0,
        failed: summary ? summary.failed : 0,
        summaryFound: Boolean(summary),
        ok: exitCode === 0 && !timedOut && Boolean(summary) && summary.failed === 0 && summary.passed > 0,
        memory,
      });
    });
  });
}
