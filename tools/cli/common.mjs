// What `microtls connect` and `microtls serve` share: loading the host build, reading key and
// certificate files, --keylog, --trace, and the options both commands turn into API options.
import { readFileSync, appendFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadBoards } from '../boards.mjs';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export class UsageError extends Error {}

/** The host build (dist/node/microtls.mjs). */
export async function loadMicrotls() {
  const file = path.join(root, 'dist', 'node', 'microtls.mjs');
  if (!existsSync(file)) throw new UsageError('dist/node/microtls.mjs is missing: run `npm run build` first');
  return import(file);
}

function readText(file, what) {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${what} ${file}: ${e.code || e.message}`);
  }
}

const HEX = /^([0-9a-fA-F]{2})+$/;

/** API options from the flags both commands take. */
export function commonOptions(values) {
  const o = {};
  if (values.alpn) o.alpn = values.alpn;
  if (values.tls) {
    if (values.tls !== '1.3' && values.tls !== '1.2') throw new UsageError(`--tls takes 1.3 or 1.2, not ${values.tls}`);
    o.tls = values.tls;
  }
  if (values.suites) o.suites = values.suites;
  if (values.groups) o.groups = values.groups;
  if (values.ca) o.ca = readText(values.ca, '--ca');
  if (Boolean(values.cert) !== Boolean(values.key)) throw new UsageError('--cert and --key go together');
  if (values.cert) {
    o.cert = readText(values.cert, '--cert');
    o.key = readText(values.key, '--key');
  }
  if (Boolean(values['psk-identity']) !== Boolean(values.psk)) throw new UsageError('--psk-identity and --psk go together');
  if (values.psk) {
    if (!HEX.test(values.psk)) throw new UsageError('--psk takes the key in hex');
    o.psk = { identity: values['psk-identity'], key: values.psk };
  }
  if (values['max-record-size']) {
    const n = Number(values['max-record-size']);
    if (!(n >= 64 && n <= 16384)) throw new UsageError('--max-record-size takes 64..16384');
    o.maxRecordSize = n;
  }
  if (values.board) {
    // A board profile's record size, so the host behaves like that device on the wire.
    const boards = loadBoards();
    if (!Object.prototype.hasOwnProperty.call(boards, values.board)) {
      throw new UsageError(`unknown board ${values.board}; one of ${Object.keys(boards).join(', ')}`);
    }
    if (!o.maxRecordSize && boards[values.board].maxRecordSize) o.maxRecordSize = boards[values.board].maxRecordSize;
  }
  if (values.keylog) {
    const file = values.keylog;
    o.keylog = (line) => appendFileSync(file, line + '\n');
  }
  return o;
}

/** --trace: one stderr line per handshake step with its size and the time since `start`. */
export function tracer(prefix) {
  const start = process.hrtime.bigint();
  return (step) => {
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    const arrow = step.direction === 'sent' ? '>' : step.direction === 'received' ? '<' : '=';
    process.stderr.write(`${prefix}${ms.toFixed(1).padStart(8)} ms ${arrow} ${step.name}${step.bytes ? ` (${step.bytes} bytes)` : ''}\n`);
  };
}

/** One line for an error: the message of a MicrotlsError names the alert and the reason. */
export function oneLine(e) {
  return String(e && e.message ? e.message : e).split('\n')[0];
}

export const COMMON_FLAGS = {
  alpn: { type: 'string' },
  tls: { type: 'string' },
  suites: { type: 'string' },
  groups: { type: 'string' },
  ca: { type: 'string' },
  cert: { type: 'string' },
  key: { type: 'string' },
  'psk-identity': { type: 'string' },
  psk: { type: 'string' },
  keylog: { type: 'string' },
  trace: { type: 'boolean' },
  'max-record-size': { type: 'string' },
  engine: { type: 'string', default: 'node' },
  board: { type: 'string' },
};
