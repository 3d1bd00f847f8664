// In-memory client/server pairs over the sans-I/O engine, for the tls-* tests.
import { readFileSync } from 'node:fs';
import { randomFillSync } from 'node:crypto';
import path from 'node:path';
import * as m from '../../dist/node/microtls.mjs';

export { m };
const fixtures = path.resolve(import.meta.dirname, '../fixtures/tls');

export const random = { fill: (out) => { randomFillSync(out); } };
export const clock = { now: () => Date.now() / 1000 };

/** { chain, key } of a fixture certificate (ed25519, p256, p384, rsa2048). */
export function identity(name) {
  const chain = m.pemDecode(readFileSync(path.join(fixtures, name + '.crt'), 'utf8'), 'CERTIFICATE');
  const key = m.parsePrivateKey(readFileSync(path.join(fixtures, name + '.key'), 'utf8'));
  return { chain, key };
}

export function engines(clientCfg = {}, serverCfg = {}, certName = 'ed25519') {
  const id = identity(certName);
  const client = m.createEngine({ role: 'client', random, clock, insecure: true, serverName: 'localhost', ...clientCfg });
  const server = m.createEngine({ role: 'server', random, clock, certChain: id.chain, privateKey: id.key, ...serverCfg });
  return { client, server };
}

/** Moves every pending byte between the two until neither has anything to send; `chunk` limits
 * each feed (1 splits at every byte). Returns the bytes moved. */
export function pump(a, b, chunk = 1 << 20) {
  let moved = 0;
  const buf = new Uint8Array(1 << 17);
  for (let round = 0; round < 1000; round++) {
    let any = false;
    for (const [from, to] of [[a, b], [b, a]]) {
      while (from.pending() > 0) {
        const n = from.pull(buf, 0, Math.min(chunk, buf.length));
        let off = 0;
        while (off < n) {
          const k = to.feed(buf, off, n - off);
          off += k;
          // as an application would: take out what arrived (records wait behind unread data)
          const got = drain(to);
          if (k === 0 && got === 0) throw new Error('engine refused input without unread data');
        }
        moved += n;
        any = true;
      }
    }
    if (!any) return moved;
  }
  throw new Error('pump did not settle');
}

const inboxes = new WeakMap();

/** Feeds all of `bytes` to `e`, taking application data out whenever its buffer is full. */
export function deliver(e, bytes) {
  let off = 0;
  while (off < bytes.length) {
    const k = e.feed(bytes, off, bytes.length - off);
    off += k;
    if (k === 0 && drain(e) === 0) throw new Error('engine refused input without unread data');
  }
}

function drain(e) {
  const out = new Uint8Array(1 << 16);
  let total = 0;
  for (;;) {
    const n = e.read(out, 0, out.length);
    if (n === 0) return total;
    if (!inboxes.has(e)) inboxes.set(e, []);
    inboxes.get(e).push(Buffer.from(out.subarray(0, n)));
    total += n;
  }
}

/** Every byte of application data the engine has received so far (drained by pump or now). */
export function readAll(e) {
  drain(e);
  const all = Buffer.concat(inboxes.get(e) || []);
  inboxes.set(e, []);
  return new Uint8Array(all);
}
