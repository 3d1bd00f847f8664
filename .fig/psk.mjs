import { runConnect as q } from '../tools/runtime/quickjs.mjs';
import { runConnect as e } from '../tools/runtime/espruino.mjs';
import { Readable, Writable } from 'node:stream';
const [engine, board, port] = process.argv.slice(2);
const run = engine === 'espruino' ? e : q;
const out = new Writable({ write(c, _e, cb) { cb(); } });
const r = await run({ board, host: '127.0.0.1', port: Number(port), psk: { identity: 'dev1', key: '000102030405060708090a0b0c0d0e0f000102030405060708090a0b0c0d0e0f' }, pskModes: ['psk_ke'], trace: true,
  stdin: Readable.from([Buffer.from('GET / HTTP/1.0\r\n\r\n')]), stdout: out, stderr: process.stderr, timeoutMs: 900000 });
console.log('code', r.code, r.error || '', 'peak', r.peak, JSON.stringify(r.info || {}));
