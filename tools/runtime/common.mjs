// What the device runners share: the board lookup, the line channel's host side, and the
// closing summary of a traced handshake.
import { loadBoards } from '../boards.mjs';
import { traceLine } from './device-script.mjs';

export function boardNamed(name, runtimes) {
  const boards = loadBoards();
  const board = boards[name];
  if (!board) throw new Error(`unknown board ${name}; one of ${Object.keys(boards).join(', ')}`);
  if (runtimes && !runtimes.includes(board.runtime)) {
    throw new Error(`board ${name} runs ${board.runtime}; this engine runs boards of ${runtimes.join(' or ')}`);
  }
  return board;
}

/**
 * The host end of the channel. Returns handle(kind, text) for device lines and a result
 * promise (showVars: print Espruino's variable count; the emulator's is only derived from bytes).
 * stdout gets O bytes; stderr gets trace lines when tracing, and the error line.
 */
export function hostChannel({ stdout, stderr, trace, prefix = 'microtls connect: ', showVars = true }) {
  const result = { code: null, error: null, steps: [], info: null, ready: false };
  let onReady = null;
  let onAck = null;
  function handle(kind, text) {
    if (kind === 'R') { result.ready = true; if (onReady) onReady(); }
    else if (kind === 'A') { if (onAck) onAck(); }
    else if (kind === 'O') stdout.write(Buffer.from(text, 'hex'));
    else if (kind === 'T') {
      const t = JSON.parse(text);
      result.steps.push(t);
      if (trace) stderr.write(traceLine(prefix, t, showVars) + '\n');
    } else if (kind === 'I') {
      result.info = JSON.parse(text);
      const i = result.info;
      if (trace) stderr.write(`${prefix}${i.version} ${i.suite}${i.group ? ' ' + i.group : ''}${i.alpn ? ' alpn ' + i.alpn : ''}${i.resumed ? ' resumed' : ''} after ${i.ms} ms\n`);
    } else if (kind === 'E') result.error = text;
    else if (kind === 'X') result.code = Number(text);
  }
  return {
    handle,
    result,
    whenReady(fn) { if (result.ready) fn(); else onReady = fn; },
    onAck(fn) { onAck = fn; },
  };
}

/** Feeds a readable (stdin) to the device in pieces of at most `piece` bytes. */
export function pipeInput(stdin, send, piece = 1024) {
  if (!stdin) return () => {};
  const onData = (d) => {
    for (let i = 0; i < d.length; i += piece) send('I', Buffer.from(d.subarray(i, i + piece)).toString('hex'));
  };
  const onEnd = () => send('C', '');
  stdin.on('data', onData);
  stdin.on('end', onEnd);
  return () => { stdin.off('data', onData); stdin.off('end', onEnd); if (stdin.pause) stdin.pause(); };
}
