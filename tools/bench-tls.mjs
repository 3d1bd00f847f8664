// TLS benchmarks over sockets and in QuickJS, run by `npm run bench` after the in-engine tables
// (or alone: `node tools/bench-tls.mjs`). Every figure is a median of several runs next to a
// peer measured in the same run:
//   - handshakes per second against one openssl s_server: microtls's connect() vs node:tls, in
//     process, and the `microtls connect` command vs a node:tls one-liner, as processes;
//   - application-data throughput to a node:tls sink: microtls client vs node:tls client;
//   - QuickJS's memory counters across 10,000 records of 4 KB (does memory grow per record?).
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import tls from 'node:tls';
import { fileURLToPath } from 'node:url';
import { makePki } from '../test/helpers/certs.mjs';
import { opensslServer, nodeTlsServer } from '../test/helpers/peers.mjs';
import { bundleFor } from './selftest.mjs';
import nodeCrypto from 'node:crypto';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

function median(xs) { const s = xs.slice().sort((a, b) => a - b); return s[s.length >> 1]; }

/** Calls `once` (async) repeatedly for `ms`; returns operations per second. */
async function rate(once, ms) {
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < ms) { await once(); n++; }
  return n / ((performance.now() - start) / 1000);
}

async function runs(once, count = 5, ms = 1500) {
  await once();
  const out = [];
  for (let i = 0; i < count; i++) out.push(await rate(once, ms));
  return median(out);
}

function microtlsHandshake(microtls, port, extra = {}) {
  return () => new Promise((resolve, reject) => {
    const s = microtls.connect({ host: '127.0.0.1', port, insecure: true, ...extra }, () => { s.destroy(); resolve(); });
    s.on('error', reject);
  });
}

function nodeHandshake(port, extra = {}) {
  return () => new Promise((resolve, reject) => {
    const s = tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false, ...extra }, () => { s.destroy(); resolve(); });
    s.on('error', reject);
  });
}

function processOnce(cmd, args) {
  return () => new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d) => { err += d; });
    p.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')}: exit ${code}: ${err}`))));
  });
}

async function throughput(connect, port, total) {
  return new Promise((resolve, reject) => {
    const chunk = Buffer.alloc(65536, 7);
    let sent = 0;
    const start = performance.now();
    const s = connect(port, () => {
      const pump = () => {
        while (sent < total) {
          sent += chunk.length;
          if (s.write(chunk) === false && s.once) { s.once('drain', pump); return; }
        }
        s.end();
      };
      pump();
    });
    s.on('error', reject);
    s.on('close', () => resolve((total / 1048576) / ((performance.now() - start) / 1000)));
  });
}

/** QuickJS, generic bundle: a client/server engine pair with 4 KB records sends 10,000 records;
 * the runtime's counters are read at checkpoints through a host function. */
async function quickjsMemory(pki) {
  const { getQuickJS } = await import('quickjs-emscripten');
  const QuickJS = await getQuickJS();
  const runtime = QuickJS.newRuntime();
  const vm = runtime.newContext();
  const marks = [];
  const fnPrint = vm.newFunction('print', (...a) => { process.stdout.write(a.map((h) => String(vm.dump(h))).join(' ') + '\n'); });
  const fnMark = vm.newFunction('mark', (h) => {
    const u = runtime.computeMemoryUsage();
    const usage = vm.dump(u);
    u.dispose();
    marks.push({ records: vm.dump(h), ...usage });
  });
  vm.setProp(vm.global, 'print', fnPrint);
  vm.setProp(vm.global, 'mark', fnMark);
  fnPrint.dispose();
  fnMark.dispose();
  const script = bundleFor('generic') + `\nvar BENCH_PKI = ${JSON.stringify({ cert: readFileSync(pki.ecdsa.cert, 'utf8'), key: readFileSync(pki.ecdsa.key, 'utf8') })};\n` +
    readFileSync(path.join(root, 'tools', 'bench-tls-records.js'), 'utf8');
  const r = vm.evalCode(script, 'records.js');
  if (r.error) { const e = vm.dump(r.error); r.error.dispose(); vm.dispose(); runtime.dispose(); throw new Error('quickjs: ' + JSON.stringify(e)); }
  r.value.dispose();
  vm.dispose();
  runtime.dispose();
  return marks;
}

export async function main() {
  const microtls = await import(path.join(root, 'dist', 'node', 'microtls.mjs'));
  const pki = makePki(['ecdsa']);
  const teardown = [];
  const t = { teardown: (f) => teardown.push(f) };
  try {
    console.log('\n## TLS over sockets (Node), medians of 5 runs');
    const srv = await opensslServer(t, ['-cert', pki.ecdsa.cert, '-key', pki.ecdsa.key, '-tls1_3', '-groups', 'X25519', '-ciphersuites', 'TLS_AES_128_GCM_SHA256']);
    // The same stack with Node's hashes and AES-GCM swapped in (hal/node/crypto.ts).
    const nodeProvider = microtls.withOverrides(microtls.defaultProvider, microtls.nodeCryptoMembers(nodeCrypto));
    const m = await runs(microtlsHandshake(microtls, srv.port));
    const mp = await runs(microtlsHandshake(microtls, srv.port, { provider: nodeProvider }));
    const n = await runs(nodeHandshake(srv.port));
    console.log('| measure | microtls | node:tls | microtls / node:tls |');
    console.log('|---|---|---|---|');
    console.log(`| handshakes/s vs openssl s_server (ECDSA P-256, x25519, AES-128-GCM), in process | ${m.toFixed(1)} | ${n.toFixed(1)} | ${(m / n).toFixed(2)} |`);
    console.log(`| the same, microtls with node:crypto hashes and AES-GCM | ${mp.toFixed(1)} | ${n.toFixed(1)} | ${(mp / n).toFixed(2)} |`);
    const cliM = await runs(processOnce(process.execPath, [path.join(root, 'bin/microtls.mjs'), 'connect', `127.0.0.1:${srv.port}`, '--insecure']), 3, 3000);
    const cliN = await runs(processOnce(process.execPath, ['-e', `const s=require('tls').connect({host:'127.0.0.1',port:${srv.port},rejectUnauthorized:false},()=>s.end())`]), 3, 3000);
    console.log(`| handshakes/s, one process each: \`microtls connect\` vs a node:tls one-liner | ${cliM.toFixed(1)} | ${cliN.toFixed(1)} | ${(cliM / cliN).toFixed(2)} |`);

    let received = 0;
    const sink = await nodeTlsServer(t, { cert: readFileSync(pki.ecdsa.cert), key: readFileSync(pki.ecdsa.key), ciphersuites: 'TLS_AES_128_GCM_SHA256' },
      (s) => s.on('data', (d) => { received += d.length; }));
    const total = 32 * 1048576;
    const tm = [], tp = [], tn = [];
    for (let i = 0; i < 3; i++) {
      tm.push(await throughput((port, cb) => microtls.connect({ host: '127.0.0.1', port, insecure: true, suites: ['TLS_AES_128_GCM_SHA256'] }, cb), sink.port, total));
      tp.push(await throughput((port, cb) => microtls.connect({ host: '127.0.0.1', port, insecure: true, suites: ['TLS_AES_128_GCM_SHA256'], provider: nodeProvider }, cb), sink.port, total));
      tn.push(await throughput((port, cb) => tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false }, cb), sink.port, total));
    }
    console.log(`| application data MB/s to a node:tls sink (AES-128-GCM, 32 MB) | ${median(tm).toFixed(1)} | ${median(tn).toFixed(1)} | ${(median(tm) / median(tn)).toFixed(2)} |`);
    console.log(`| the same, microtls with node:crypto hashes and AES-GCM | ${median(tp).toFixed(1)} | ${median(tn).toFixed(1)} | ${(median(tp) / median(tn)).toFixed(2)} |`);
    if (received < total) console.log(`(sink saw ${received} bytes)`);

    console.log('\n## QuickJS memory counters, 10,000 records of 4 KB (client and server engines, maxRecordSize 4096)');
    const marks = await quickjsMemory(pki);
    console.log('| records | memory_used_size | memory_used_count | malloc_count | obj_count | str_count | array_count |');
    console.log('|---|---|---|---|---|---|---|');
    for (const k of marks) {
      console.log(`| ${k.records} | ${k.memory_used_size} | ${k.memory_used_count} | ${k.malloc_count} | ${k.obj_count} | ${k.str_count} | ${k.array_count} |`);
    }
    const first = marks.find((k) => k.records === 1000);
    const last = marks[marks.length - 1];
    if (first && last) {
      const per = (last.memory_used_size - first.memory_used_size) / (last.records - first.records);
      console.log(`growth from record 1,000 to ${last.records}: ${last.memory_used_size - first.memory_used_size} bytes (${per.toFixed(3)} bytes per record)`);
    }
  } finally {
    for (const f of teardown.reverse()) await f();
    pki.cleanup();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main().catch((e) => { console.error(e); process.exitCode = 1; });
