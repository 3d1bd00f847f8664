// tools/firmware.mjs: the Espruino module of each Espruino board loads as a module (in Node's vm
// with CommonJS-style `module`, and in Espruino from Storage with require("microtls") when
// ESPRUINO is set), and the JerryScript snapshot runs in jerry when JERRY and JERRY_SNAPSHOT are
// set. Expects `npm run build` (which runs tools/firmware.mjs).
import test from 'ava';
import { readFileSync, writeFileSync, mkdtempSync, rmSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import crypto from 'node:crypto';
import { loadBoards } from '../tools/boards.mjs';
import { buildFirmware, espruinoModule } from '../tools/firmware.mjs';

const root = path.resolve(import.meta.dirname, '..');
const boards = loadBoards();
const espruinoBoards = Object.keys(boards).filter((b) => boards[b].runtime === 'espruino');

test('the Espruino module of every Espruino board exports the bundle through module.exports', (t) => {
  t.throws(() => espruinoModule('(function(){})()'), { message: /var microtls=/ });
  for (const b of espruinoBoards) {
    const file = path.join(root, 'dist', 'firmware', b, 'microtls.js');
    t.true(existsSync(file), `${file}: run npm run build`);
    const module = { exports: {} };
    vm.runInContext(readFileSync(file, 'latin1'), vm.createContext({ module, exports: module.exports }));
    t.is(module.exports.board.name, b);
    t.is(typeof module.exports.createHal, 'function');
  }
});

test('buildFirmware without JERRY_SNAPSHOT copies the JerryScript source and says no snapshot was made', (t) => {
  const lines = [];
  const { made, failed } = buildFirmware({ out: (l) => lines.push(l), env: {} });
  t.is(failed, 0);
  const jerry = made.filter((m) => m.kind.startsWith('jerryscript'));
  t.true(jerry.length >= 3);
  t.true(jerry.every((m) => m.kind === 'jerryscript-source'));
  t.true(lines.some((l) => /no snapshot: set JERRY_SNAPSHOT/.test(l)));
});

if (process.env.ESPRUINO) {
  test('espruino: the module saved to Storage loads with require("microtls")', (t) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'microtls-fw-'));
    t.teardown(() => rmSync(dir, { recursive: true, force: true }));
    const file = path.join(root, 'dist', 'firmware', 'espruino-linux', 'microtls.js');
    const size = readFileSync(file).length;
    writeFileSync(path.join(dir, 'boot.js'), [
      'var S = require("Storage"), f = E.openFile(' + JSON.stringify(file) + ', "r"), at = 0, p;',
      'S.eraseAll();',
      'while ((p = f.read(4096)) && p.length) { S.write("microtls", p, at, ' + size + '); at += p.length; }',
      'f.close();',
      'var m = require("microtls");',
      'print("@@ " + m.board.name + " " + typeof m.createHal + " " + m.toHex(m.x25519Base(new Uint8Array(32))));',
      '',
    ].join('\n'));
    const r = spawnSync(process.env.ESPRUINO, ['boot.js'], { cwd: dir, input: '', encoding: 'latin1', timeout: 60000 });
    const line = r.stdout.split(/\r?\n/).find((l) => l.startsWith('@@ '));
    // X25519 of the zero scalar times the base point, by node:crypto.
    const zero = crypto.createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b656e04220420', 'hex'), Buffer.alloc(32)]), format: 'der', type: 'pkcs8' });
    const pub = crypto.createPublicKey(zero).export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
    t.is(line, `@@ espruino-linux function ${pub}`, r.stdout);
  });
}

if (process.env.JERRY && process.env.JERRY_SNAPSHOT) {
  test('jerryscript: the snapshot of each JerryScript board runs in jerry', (t) => {
    const { failed } = buildFirmware({ out: () => {}, env: process.env });
    t.is(failed, 0);
    const dir = mkdtempSync(path.join(tmpdir(), 'microtls-fw-'));
    t.teardown(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(path.join(dir, 'after.js'), 'print(microtls.board.name + " " + typeof microtls.createHal);\n');
    for (const b of Object.keys(boards).filter((n) => boards[n].runtime === 'jerryscript')) {
      const snap = path.join(root, 'dist', 'firmware', b, 'microtls.snapshot');
      const r = spawnSync(process.env.JERRY, ['--exec-snapshot', snap, path.join(dir, 'after.js')], { encoding: 'utf8', timeout: 60000 });
      t.is(r.status, 0, r.stderr);
      t.is(r.stdout.trim(), `${b} function`);
    }
  });
}
