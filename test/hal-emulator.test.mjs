// The emulator (tools/emulator): the esp32 bundle with its Espruino backend over the emulated
// Espruino globals, and the emulator bundle with its own backend, both bridged to host sockets.
// Checked against a host TCP server: bytes in = bytes out, close propagates both ways, refused
// connections are reported, the RAM budget stops a script that exceeds it, and peek32 answers
// only the profile's RNG register. Expects `npm run build`.
import test from 'ava';
import net from 'node:net';
import crypto from 'node:crypto';
import { createEmulator } from '../tools/emulator/index.mjs';
import { loadBoards } from '../tools/boards.mjs';

const boards = loadBoards();

async function emulator(t, board, extra = {}) {
  const lines = [];
  const emu = await createEmulator({ board: boards[board], out: (l) => lines.push(l), timeoutMs: 60000, ...extra });
  t.teardown(() => emu.dispose());
  emu.loadBundle();
  return { emu, lines };
}

async function server(t, onSocket) {
  const s = net.createServer(onSocket);
  await new Promise((r) => s.listen(0, '127.0.0.1', r));
  t.teardown(() => s.close());
  return s.address().port;
}

for (const board of ['esp32', 'emulator']) {
  test(`${board}: bytes written through the bridge come back unchanged from a host echo server`, async (t) => {
    const port = await server(t, (s) => s.pipe(s));
    const { emu, lines } = await emulator(t, board);
    const payload = crypto.randomBytes(20000);
    emu.eval(`
      var hal = microtls.createHal();
      var data = microtls.fromHex(${JSON.stringify(payload.toString('hex'))});
      var got = [];
      var total = 0;
      hal.net.connect('127.0.0.1', ${port}, function (s) {
        s.onData(function (d) {
          got.push(microtls.toHex(d));
          total += d.length;
          if (total >= data.length) s.end();
        });
        s.onClose(function (e) { print('closed ' + e); print('echo ' + got.join('')); });
        // Uneven pieces, one a view into a larger buffer.
        s.write(data.subarray(0, 1));
        s.write(data.subarray(1, 7001));
        s.write(data.subarray(7001));
      }, function (e) { print('error ' + e); });
    `);
    await emu.idle();
    t.true(lines.includes('closed null'), lines.join('\n').slice(0, 300));
    const echo = lines.find((l) => l.startsWith('echo ')).slice(5);
    t.is(echo, payload.toString('hex'));
    t.is(emu.counters.bytesOut, payload.length);
    t.is(emu.counters.bytesIn, payload.length);
  });

  test(`${board}: close propagates both ways and a refused connection is an error`, async (t) => {
    let hostSawEnd = false;
    const portA = await server(t, (s) => { s.on('data', () => s.end()); });
    const portB = await server(t, (s) => { s.on('end', () => { hostSawEnd = true; s.end(); }); s.resume(); });
    const { emu, lines } = await emulator(t, board);
    // A port nothing listens on: bind one, note it, close it.
    const probe = net.createServer();
    await new Promise((r) => probe.listen(0, '127.0.0.1', r));
    const deadPort = probe.address().port;
    await new Promise((r) => probe.close(r));
    emu.eval(`
      var hal = microtls.createHal();
      hal.net.connect('127.0.0.1', ${portA}, function (s) {
        s.onClose(function (e) { print('A closed by host ' + e); });
        s.write(new Uint8Array([1]));
      }, function (e) { print('A error ' + e); });
      hal.net.connect('127.0.0.1', ${portB}, function (s) {
        s.onClose(function (e) { print('B closed ' + e); });
        s.end();
      }, function (e) { print('B error ' + e); });
      hal.net.connect('127.0.0.1', ${deadPort}, function (s) { print('C connected?'); }, function (e) { print('C error ' + e); });
    `);
    await emu.idle();
    t.true(lines.includes('A closed by host null'), lines.join('\n'));
    t.true(lines.includes('B closed null'), lines.join('\n'));
    t.true(hostSawEnd);
    t.true(lines.some((l) => /^C error cannot connect to 127\.0\.0\.1:\d+: ECONNREFUSED/.test(l)), lines.join('\n'));
    t.false(lines.includes('C connected?'));
  });

  test(`${board}: a script that allocates past the RAM budget is stopped with a clear error`, async (t) => {
    const { emu } = await emulator(t, board);
    const budget = boards[board].ramBudget;
    // Within budget: fine, and the memory counter sees it.
    emu.eval('var hal = microtls.createHal(); var keep = new Uint8Array(' + Math.floor(budget / 4) + '); print(hal.memory());');
    t.true(emu.memory() >= budget / 4);
    const e = t.throws(() => emu.eval('var hog = []; for (var i = 0; i < 1000; i++) hog.push(new Uint8Array(4096));'));
    t.is(e.code, 'ram_budget');
    t.regex(e.message, new RegExp(`RAM budget exceeded: \\d+ bytes in use after the bundle loaded, board ${board} allows ${budget}`));
    await t.throwsAsync(emu.idle(), { message: /RAM budget exceeded/ });
  });
}

test('esp32: peek32 answers the profile RNG register with fresh words and nothing else', async (t) => {
  const { emu, lines } = await emulator(t, 'esp32');
  const address = parseInt(boards.esp32.rng.address, 16);
  emu.eval(`var w = []; for (var i = 0; i < 64; i++) w.push(peek32(${address})); print(w.join(','));`);
  const words = lines[0].split(',').map(Number);
  t.is(new Set(words).size, 64);
  t.true(words.every((w) => w >= 0 && w <= 0xffffffff));
  t.is(emu.counters.rngWords, 64);
  t.throws(() => emu.eval('peek32(0x3FF00000)'), { message: /only the RNG register 0x3ff75144 is emulated/ });
  // The Espruino backend draws its randomness from that register.
  emu.eval('var r = new Uint8Array(32); microtls.createHal().random.fill(r); print(microtls.toHex(r));');
  t.regex(lines[1], /^[0-9a-f]{64}$/);
  t.is(emu.counters.rngWords, 64 + 8);
});

test('esp32: the Espruino backend refuses an RNG register that repeats itself', async (t) => {
  const { emu, lines } = await emulator(t, 'esp32');
  emu.eval(`peek32 = function () { return 0x3fff; };
    try { microtls.createHal().random.fill(new Uint8Array(16)); print('no error'); }
    catch (e) { print(e.name + ' ' + e.code + ' ' + e.message); }`);
  t.regex(lines[0], /^TlsError rng_failure the RNG register at 0x3ff75144 repeated a word/);
});

test('esp32: the emulated accelerators answer like node:crypto and process.memory() speaks in blocks', async (t) => {
  const { emu, lines } = await emulator(t, 'esp32');
  const msg = crypto.randomBytes(300);
  emu.eval(`var c = require('crypto');
    var m = microtls.fromHex('${msg.toString('hex')}');
    print(microtls.toHex(new Uint8Array(c.SHA256(m.buffer))));
    print(microtls.toHex(new Uint8Array(c.SHA384(m.buffer))));
    var hal = microtls.createHal();
    var h = hal.provider.sha256.create(); h.update(m.subarray(0, 100)); h.update(m.subarray(100));
    print(microtls.toHex(h.digest()));
    var pm = process.memory(); print(pm.total + ' ' + pm.blocksize + ' ' + (pm.usage + pm.free));`);
  t.is(lines[0], crypto.createHash('sha256').update(msg).digest('hex'));
  t.is(lines[1], crypto.createHash('sha384').update(msg).digest('hex'));
  t.is(lines[2], lines[0]);
  t.true(emu.counters.sha >= 3);
  const [total, block, sum] = lines[3].split(' ').map(Number);
  t.is(block, 14);
  t.is(total, Math.floor(boards.esp32.ramBudget / 14));
  t.is(sum, total);
});
