// `microtls verify --ca ROOTS.pem [--host NAME] [--time ISO-8601] [--purpose server|client]
// [--pin HEX]... CHAIN.pem`: validates a chain (the leaf first, then intermediates in any order)
// with the host build. Prints `OK` and returns 0, or prints one line naming the reason and
// returns 1 (2 for a usage error). Other checks rely on this contract.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export async function loadHostBuild() {
  return import(pathToFileURL(path.join(root, 'dist', 'node', 'microtls.mjs')).href);
}

export const VERIFY_USAGE = `  microtls verify --ca ROOTS.pem [--host NAME] [--time ISO-8601] [--purpose server|client] CHAIN.pem
      Validates CHAIN.pem (leaf first, intermediates in any order) against the roots in ROOTS.pem
      at --time (default: now). Prints OK, or one line naming the reason and exits 1.
      --pin HEX (repeatable) accepts a leaf whose SPKI SHA-256 is HEX.`;

export async function verifyCommand(args) {
  let values, positionals;
  try {
    ({ values, positionals } = parseArgs({
      args, allowPositionals: true,
      options: {
        ca: { type: 'string' }, host: { type: 'string' }, time: { type: 'string' },
        purpose: { type: 'string', default: 'server' }, pin: { type: 'string', multiple: true },
        'max-depth': { type: 'string' },
      },
    }));
  } catch (e) {
    console.error(`microtls verify: ${e.message}`);
    return 2;
  }
  if (positionals.length !== 1 || (!values.ca && !values.pin)) {
    console.error(`microtls verify: usage:\n${VERIFY_USAGE}`);
    return 2;
  }
  if (values.purpose !== 'server' && values.purpose !== 'client') {
    console.error('microtls verify: --purpose must be server or client');
    return 2;
  }
  let now = Math.floor(Date.now() / 1000);
  if (values.time !== undefined) {
    const ms = Date.parse(values.time);
    if (Number.isNaN(ms)) {
      console.error(`microtls verify: --time ${values.time} is not an ISO-8601 time`);
      return 2;
    }
    now = Math.floor(ms / 1000);
  }
  const m = await loadHostBuild();
  try {
    const anchors = values.ca ? m.anchorsFromPem(readFileSync(values.ca, 'utf8')) : [];
    if (values.ca && anchors.length === 0) throw new Error(`no CERTIFICATE block in ${values.ca}`);
    const chain = m.pemDecode(readFileSync(positionals[0], 'utf8'), 'CERTIFICATE');
    if (chain.length === 0) throw new Error(`no CERTIFICATE block in ${positionals[0]}`);
    const opts = { anchors, purpose: values.purpose, now };
    if (values.host !== undefined) opts.host = values.host;
    if (values.pin) opts.pins = values.pin.map((h) => m.fromHex(h.replace(/:/g, '').toLowerCase()));
    if (values['max-depth'] !== undefined) opts.maxDepth = Number(values['max-depth']);
    m.verifyChain(chain, opts);
  } catch (e) {
    const line = (e.code ? `${e.code}: ` : '') + String(e.message).split('\n')[0];
    console.log(`FAIL ${line}`);
    return 1;
  }
  console.log('OK');
  return 0;
}
