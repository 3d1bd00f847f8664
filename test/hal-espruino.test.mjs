// The Espruino backend in a real Espruino (local only: ESPRUINO names a Linux build of 2v29 with
// net support, e.g. make BOARD=LINUX VARIABLES=16383). The espruino-linux bundle connects to a
// host echo server through require("net"), draws randomness from /dev/urandom, and reports
// process.memory(). Registers only when ESPRUINO is set.
import test from 'ava';
import net from 'node:net';
import crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runInEngine } from '../tools/engines/index.mjs';

const root = path.resolve(import.meta.dirname, '..');

function lines(stdout) {
  // eslint-disable-next-line no-control-regex
  return stdout.replace(/\x1b\[J/g, '').split('\n').map((l) => l.replace(/^>+/, '').trim()).filter(Boolean);
}

// Always: no device bundle can reach E.hwRand() or Math.random() (DESIGN.md section 3), and the
// Espruino backend reads the RNG register or /dev/urandom.
test('device bundles never call E.hwRand() or Math.random()', (t) => {
  for (const board of ['esp32', 'esp32s3', 'esp32c3', 'espruino-linux', 'esp32-jerryscript', 'emulator']) {
    const code = readFileSync(path.join(root, 'dist', board, 'microtls.js'), 'utf8');
    t.false(/hwRand|Math\.random/.test(code), board);
  }
  const src = readFileSync(path.join(root, 'hal', 'espruino', 'index.ts'), 'utf8');
  t.regex(src, /peek32\)/);
  t.regex(src, /E\.openFile\('\/dev\/urandom'/);
});

if (process.env.ESPRUINO) {
  const bundle = () => readFileSync(path.join(root, 'dist', 'espruino-linux', 'microtls.js'), 'utf8');

  test('espruino: require("net") exists and the backend echoes bytes through a host server', async (t) => {
    const srv = net.createServer((s) => s.pipe(s));
    await new Promise((r) => srv.listen(0, '127.0.0.1', r));
    t.teardown(() => srv.close());
    const payload = crypto.randomBytes(3000);
    const code = bundle() + `
      print('net ' + typeof require('net').connect);
      var hal = microtls.createHal();
      var data = microtls.fromHex('${payload.toString('hex')}');
      var got = '';
      var n = 0;
      hal.net.connect('127.0.0.1', ${srv.address().port}, function (s) {
        s.onData(function (d) { got += microtls.toHex(d); n += d.length; if (n >= data.length) s.end(); });
        s.onClose(function (e) {
          print('closed ' + e);
          print('echo ' + got);
          var m = hal.vars();
          print('vars ' + m.usage + ' ' + m.total + ' bytes ' + hal.memory());
          print('1 passed, 0 failed');
        });
        s.write(data.subarray(0, 1234));
        s.write(data.subarray(1234));
      }, function (e) { print('error ' + e); print('0 passed, 1 failed'); });
    `;
    const r = await runInEngine('espruino', code, { timeoutMs: 60000 });
    const out = lines(r.stdout);
    t.true(out.includes('net function'), r.stdout);
    t.true(out.includes('closed null'), r.stdout);
    t.is(out.find((l) => l.startsWith('echo ')).slice(5), payload.toString('hex'));
    const [, usage, total] = out.find((l) => l.startsWith('vars ')).split(' ').map(Number);
    t.is(total, 16383, 'the ESP32 pool (VARIABLES=16383)');
    t.true(usage > 0 && usage < total);
  });

  test('espruino: a refused connection reaches onError', async (t) => {
    const probe = net.createServer();
    await new Promise((r) => probe.listen(0, '127.0.0.1', r));
    const port = probe.address().port;
    await new Promise((r) => probe.close(r));
    const code = bundle() + `
      microtls.createHal().net.connect('127.0.0.1', ${port}, function () { print('connected?'); },
        function (e) { print('error ' + e); });
    `;
    const r = await runInEngine('espruino', code, { timeoutMs: 30000 });
    const out = lines(r.stdout);
    t.false(out.includes('connected?'));
    t.true(out.some((l) => l.startsWith(`error cannot connect to 127.0.0.1:${port}`)), r.stdout);
  });

  test('espruino: randomness comes from /dev/urandom, and the clock is trusted after the floor', async (t) => {
    const code = bundle() + `
      var hal = microtls.createHal();
      var seen = {};
      var distinct = 0;
      for (var i = 0; i < 8; i++) {
        var r = new Uint8Array(32);
        hal.random.fill(r);
        var h = microtls.toHex(r);
        if (!seen[h]) { seen[h] = 1; distinct++; }
        print('rand ' + h);
      }
      print('distinct ' + distinct);
      print('clock ' + hal.clock.now() + ' ' + Math.floor(Date.now() / 1000));
      print('1 passed, 0 failed');
    `;
    const r = await runInEngine('espruino', code, { timeoutMs: 30000 });
    const out = lines(r.stdout);
    t.true(out.includes('distinct 8'), r.stdout);
    // 256 random bytes: every byte value frequency stays far from degenerate.
    const bytes = Buffer.from(out.filter((l) => l.startsWith('rand ')).map((l) => l.slice(5)).join(''), 'hex');
    t.is(bytes.length, 256);
    t.true(new Set(bytes).size > 100);
    const [, now, host] = out.find((l) => l.startsWith('clock ')).split(' ').map(Number);
    t.true(Math.abs(now - host) <= 2);
  });
}
