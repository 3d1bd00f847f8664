// The device runners behind `microtls connect --engine quickjs|espruino` (tools/runtime): the
// board's bundle loads, its HAL is wired, and stdin/stdout travel through the device's sockets
// to a host TCP server and back. `plain` runs the same path without TLS (the TLS client itself is
// checked by the interop tests). Espruino only when ESPRUINO is set. Expects `npm run build`.
import test from 'ava';
import net from 'node:net';
import crypto from 'node:crypto';
import { PassThrough } from 'node:stream';
import { runConnect as inQuickJS } from '../tools/runtime/quickjs.mjs';
import { runConnect as inEspruino } from '../tools/runtime/espruino.mjs';

async function echoServer(t) {
  const s = net.createServer((c) => c.pipe(c));
  await new Promise((r) => s.listen(0, '127.0.0.1', r));
  t.teardown(() => s.close());
  return s.address().port;
}

function sink() {
  const chunks = [];
  return { write: (b) => { chunks.push(Buffer.from(b)); return true; }, bytes: () => Buffer.concat(chunks), text: () => Buffer.concat(chunks).toString() };
}

const runs = [['quickjs', 'esp32', inQuickJS], ['quickjs', 'emulator', inQuickJS]];
if (process.env.ESPRUINO) runs.push(['espruino', 'espruino-linux', inEspruino]);

for (const [engine, board, run] of runs) {
  test(`${engine} --board ${board}: stdin reaches the peer through the device's socket and the reply reaches stdout`, async (t) => {
    const port = await echoServer(t);
    const input = crypto.randomBytes(3000);
    const stdin = new PassThrough();
    const stdout = sink();
    const stderr = sink();
    setTimeout(() => { stdin.write(input.subarray(0, 1500)); stdin.end(input.subarray(1500)); }, 50);
    const r = await run({ board, host: '127.0.0.1', port, plain: true, trace: true, stdin, stdout, stderr, timeoutMs: 60000 });
    t.is(r.code, 0, stderr.text() + JSON.stringify(r.output || ''));
    t.is(stdout.bytes().length, input.length, stderr.text() + JSON.stringify(r.output || ''));
    t.true(stdout.bytes().equals(input));
    // Each step is traced with its time and the memory the device reports.
    t.deepEqual(r.steps.map((s) => s.name), ['tcp connect', 'tcp connected', 'tcp closed']);
    for (const s of r.steps) t.true(s.memory > 0 && s.ms >= 0);
    t.regex(stderr.text(), /= tcp connected {2}\[RAM .*bytes\]/);
  });

  test(`${engine} --board ${board}: a refused connection ends with exit code 1 and one line naming it`, async (t) => {
    const probe = net.createServer();
    await new Promise((r) => probe.listen(0, '127.0.0.1', r));
    const port = probe.address().port;
    await new Promise((r) => probe.close(r));
    const stderr = sink();
    const r = await run({ board, host: '127.0.0.1', port, plain: true, stdin: null, stdout: sink(), stderr, timeoutMs: 60000 });
    t.is(r.code, 1);
    t.regex(stderr.text(), new RegExp(`microtls connect: cannot connect to 127\\.0\\.0\\.1:${port}`));
  });
}

test('the quickjs runner refuses a board of another runtime', async (t) => {
  await t.throwsAsync(inQuickJS({ board: 'esp32-jerryscript', host: 'x', port: 1, stdin: null }), { message: /runs jerryscript/ });
});

// A peer that closes TCP after its data without close_notify may have cut the data short: the
// device runner reports it as the host CLI does (exit 1, one line), and a clean close is exit 0.
test('quickjs --board esp32: a close without close_notify after the handshake is exit 1, with it exit 0', async (t) => {
  const tls = await import('node:tls');
  const { readFileSync } = await import('node:fs');
  const { makePki } = await import('./helpers/certs.mjs');
  const pki = makePki(['ecdsa']).ecdsa;
  for (const clean of [true, false]) {
    const server = tls.createServer({ cert: readFileSync(pki.chain), key: readFileSync(pki.key), minVersion: 'TLSv1.3' }, (s) => {
      s.write('hello');
      setTimeout(() => (clean ? s.end() : s.destroy()), 200);
    });
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    t.teardown(() => server.close());
    const stdout = sink();
    const stderr = sink();
    const stdin = new PassThrough();
    const r = await inQuickJS({ board: 'esp32', host: '127.0.0.1', port: server.address().port, servername: 'localhost',
      ca: readFileSync(pki.ca, 'utf8'), stdin, stdout, stderr, timeoutMs: 120000 });
    stdin.destroy();
    t.is(stdout.text(), 'hello', stderr.text());
    if (clean) t.is(r.code, 0, stderr.text());
    else {
      t.is(r.code, 1);
      t.regex(stderr.text(), /microtls connect: connection closed by the peer without close_notify/);
    }
  }
});
