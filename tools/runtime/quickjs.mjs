// `microtls connect --engine quickjs --board B`: the board's bundle in the emulator (QuickJS under
// the board's RAM budget, tools/emulator), with its own HAL: the Espruino backend over emulated
// Espruino globals for Espruino boards, the emulator backend for the emulator board. stdin goes
// to the peer, the peer's data to stdout; with trace, each handshake step with its time and
// memory goes to stderr, then the peak memory.
import { createEmulator } from '../emulator/index.mjs';
import { deviceConfig, emulatorScript } from './device-script.mjs';
import { boardNamed, hostChannel, pipeInput } from './common.mjs';

/**
 * Runs one client connection. options: board (default 'esp32'), host, port, servername, ca (PEM
 * text), insecure, alpn, psk ({identity, key hex}), pskModes (['psk_ke'] for no public-key work), trace, maxRecordSize, plain (TCP without TLS:
 * a plumbing check), stdin, stdout, stderr, timeoutMs. Resolves to { code, error, steps, info,
 * peak, counters }.
 */
export async function runConnect(options) {
  const board = boardNamed(options.board || 'esp32', ['espruino', 'quickjs']);
  const stdout = options.stdout || process.stdout;
  const stderr = options.stderr || process.stderr;
  const channel = hostChannel({ stdout, stderr, trace: options.trace, showVars: false });
  const emu = await createEmulator({
    board,
    out: (line) => stderr.write(`[${board.name}] ${line}\n`),
    onSend: channel.handle,
    timeoutMs: options.timeoutMs,
  });
  let stopInput = () => {};
  try {
    emu.loadBundle();
    emu.eval(emulatorScript(deviceConfig(options)), 'connect.js');
    stopInput = pipeInput(options.stdin === undefined ? process.stdin : options.stdin, (k, t) => emu.deliver(k, t));
    await emu.idle();
    if (options.trace) {
      stderr.write(`microtls connect: board ${board.name} in QuickJS: peak ${emu.peak()} bytes above the loaded bundle` +
        ` (budget ${board.ramBudget}), ${emu.counters.rngWords} RNG register reads, ${emu.counters.sha} SHA and ${emu.counters.aes} AES accelerator calls\n`);
    }
  } catch (e) {
    channel.result.error = channel.result.error || e.message;
    if (channel.result.code === null) channel.result.code = 1;
  } finally {
    stopInput();
  }
  const r = channel.result;
  if (r.code === null) r.code = 1;
  if (r.code !== 0 && r.error) stderr.write(`microtls connect: ${r.error.split('\n')[0]}\n`);
  const out = { ...r, peak: emu.peak(), counters: { ...emu.counters } };
  emu.dispose();
  return out;
}

/** For the CLI: resolves to the exit code. */
export async function connect(options) {
  return (await runConnect(options)).code;
}
