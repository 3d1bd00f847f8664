// `microtls connect HOST:PORT [...]`: a TLS client on standard input and output. What comes in on
// stdin goes to the peer, what the peer sends goes to stdout. Exit 0 after the peer's
// close_notify or the end of input; otherwise non-zero with one line on stderr naming the alert
// and the reason.
import { parseArgs } from 'node:util';
import { COMMON_FLAGS, UsageError, commonOptions, loadMicrotls, oneLine, tracer } from './common.mjs';

export const CONNECT_USAGE = `  microtls connect HOST:PORT [--servername N] [--ca FILE] [--insecure] [--alpn LIST]
      [--tls 1.3|1.2] [--suites LIST] [--groups LIST] [--cert FILE --key FILE]
      [--psk-identity ID --psk HEX] [--psk-modes LIST] [--keylog FILE] [--trace]
      [--max-record-size N] [--engine node|quickjs|espruino] [--board B]
      A TLS client: stdin goes to the peer, the peer's data to stdout. IANA suite/group names.
      --psk-modes psk_ke resumes without public-key work (where the server allows it).
      --engine quickjs runs the board's bundle in the emulator (default board esp32); --engine
      espruino runs it in the Espruino binary ESPRUINO names (default board espruino-linux).`;

function parseTarget(s) {
  if (!s) throw new UsageError('connect needs HOST:PORT');
  const i = s.lastIndexOf(':');
  let host = i > 0 ? s.slice(0, i) : '';
  const port = Number(s.slice(i + 1));
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  if (!host || !Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`connect needs HOST:PORT, not ${s}`);
  return { host, port };
}

// What the device runners (tools/runtime) take; other flags are host-only so far.
const DEVICE_FLAGS = ['servername', 'ca', 'insecure', 'alpn', 'psk-identity', 'psk', 'psk-modes', 'trace', 'max-record-size', 'board', 'engine'];
const PSK_MODES = ['psk_ke', 'psk_dhe_ke'];

/** --psk-modes: a comma list of psk_ke and psk_dhe_ke, in the client's order of preference. */
function pskModes(text) {
  if (text === undefined) return undefined;
  const modes = text.split(',').filter(Boolean);
  if (!modes.length || modes.some((m) => !PSK_MODES.includes(m))) throw new UsageError(`--psk-modes takes a list of ${PSK_MODES.join(' and ')}, not ${text}`);
  return modes;
}
const DEVICE_ENGINES = { quickjs: 'esp32', espruino: 'espruino-linux' };

/** The client inside an engine, as a board runs it: tools/runtime/<engine>.mjs. */
async function connectOnDevice(values, target) {
  for (const k of Object.keys(values)) {
    if (values[k] !== undefined && !DEVICE_FLAGS.includes(k)) throw new UsageError(`--${k} is not available with --engine ${values.engine} yet`);
  }
  const o = commonOptions({ ...values, board: undefined });
  const runtime = await import(`../runtime/${values.engine}.mjs`);
  return runtime.connect({
    board: values.board || DEVICE_ENGINES[values.engine], host: target.host, port: target.port,
    servername: values.servername, ca: o.ca, insecure: values.insecure, alpn: values.alpn, psk: o.psk,
    pskModes: pskModes(values['psk-modes']), trace: values.trace, maxRecordSize: o.maxRecordSize,
  });
}

/** Resolves to the exit code. */
export async function connectCommand(args) {
  let values, positionals;
  try {
    ({ values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { ...COMMON_FLAGS, servername: { type: 'string' }, insecure: { type: 'boolean' }, 'psk-modes': { type: 'string' } },
    }));
  } catch (e) {
    console.error(`microtls connect: ${oneLine(e)}`);
    return 2;
  }
  let options, target;
  try {
    if (values.engine !== 'node' && !DEVICE_ENGINES[values.engine]) {
      throw new UsageError(`--engine takes node, ${Object.keys(DEVICE_ENGINES).join(' or ')}, not ${values.engine}`);
    }
    if (positionals.length !== 1) throw new UsageError('connect needs exactly one HOST:PORT');
    target = parseTarget(positionals[0]);
    if (values.engine === 'node') {
      options = commonOptions({ ...values, 'psk-modes': undefined });
      const modes = pskModes(values['psk-modes']);
      if (modes) options.pskModes = modes;
    }
  } catch (e) {
    console.error(`microtls connect: ${oneLine(e)}`);
    return 2;
  }
  if (values.engine !== 'node') {
    try {
      return await connectOnDevice(values, target);
    } catch (e) {
      console.error(`microtls connect: ${oneLine(e)}`);
      return e instanceof UsageError ? 2 : 1;
    }
  }
  const microtls = await loadMicrotls();
  if (values.servername) options.servername = values.servername;
  if (values.insecure) options.insecure = true;
  if (values.trace) options.onStep = tracer('microtls connect: ');
  return new Promise((resolve) => {
    let failure = null;
    let socket;
    try {
      socket = microtls.connect({ host: target.host, port: target.port, ...options });
    } catch (e) {
      console.error(`microtls connect: ${oneLine(e)}`);
      resolve(1);
      return;
    }
    const finish = (code) => {
      process.stdin.pause();
      process.stdout.write('', () => resolve(code));
    };
    socket.on('secureConnect', () => {
      if (values.trace) {
        const i = socket.info();
        if (i) process.stderr.write(`microtls connect: ${i.version} ${i.suite}${i.group ? ' ' + i.group : ''}` +
          `${i.alpn ? ' alpn ' + i.alpn : ''}${i.resumed ? ' resumed' : ''}\n`);
      }
    });
    socket.on('data', (d) => process.stdout.write(d));
    socket.on('error', (e) => {
      if (!failure) failure = e;
    });
    let inputEnded = false;
    socket.on('close', () => {
      if (failure) {
        console.error(`microtls connect: ${oneLine(failure)}`);
        finish(1);
      } else if (socket.cleanClose() || inputEnded) {
        finish(0);
      } else {
        // Without close_notify the data may have been cut short (a truncation attack looks so).
        console.error('microtls connect: connection closed by the peer without close_notify');
        finish(1);
      }
    });
    const endInput = () => { inputEnded = true; socket.end(); };
    process.stdin.on('data', (d) => socket.write(new Uint8Array(d.buffer, d.byteOffset, d.length)));
    process.stdin.on('end', endInput);
    process.stdin.on('error', endInput);
  });
}
