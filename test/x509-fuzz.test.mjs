// Malformed DER from a seeded fuzzer (the same inputs on every run): truncations at every length,
// random byte flips, lengths rewritten to run past the end / be indefinite / be huge, deep
// nesting, huge integers and bad OIDs, into certificate parsing, chain validation, SPKI and
// private-key parsing and PEM. Only typed errors (X509Error with a code and an alert) may come
// out, never a TypeError/RangeError, and every call returns promptly.
import test from 'ava';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import * as m from '../dist/node/microtls.mjs';

const pkits = path.resolve(import.meta.dirname, '../../shared/pki/nist-pkits/certs');
const load = (n) => new Uint8Array(readFileSync(path.join(pkits, `${n}.crt`)));
const rootDer = load('TrustAnchorRootCertificate');
const caDer = load('GoodCACert');
const leafDer = load('ValidCertificatePathTest1EE');
const ncDer = load('nameConstraintsDN1CACert');
const anchors = [m.anchorFromCertificate(rootDer)];
const NOW = Date.parse('2026-01-01') / 1000;

// xorshift32 with a fixed seed: the fuzzer is deterministic
function rng(seed) {
  let s = seed >>> 0;
  return () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s; };
}

const stats = { calls: 0, errors: {}, slowest: 0 };
function expectTyped(t, fn, what) {
  const start = process.hrtime.bigint();
  try {
    fn();
  } catch (e) {
    if (!(e && e.name === 'X509Error' && typeof e.code === 'string' && typeof e.alert === 'number')) {
      t.fail(`${what}: untyped ${e && e.name}: ${e && e.message}`);
      throw e;
    }
    stats.errors[e.code] = (stats.errors[e.code] || 0) + 1;
  }
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (ms > stats.slowest) stats.slowest = ms;
  if (ms > 2000) t.fail(`${what}: took ${ms} ms`);
  stats.calls++;
}

function allCertPaths(t, der, what) {
  expectTyped(t, () => m.parseCertificate(der), `${what} parse`);
  expectTyped(t, () => m.certPublicKey(der), `${what} key`);
  expectTyped(t, () => m.verifyChain([leafDer, der], { anchors, purpose: 'server', now: NOW }), `${what} as CA`);
  expectTyped(t, () => m.verifyChain([der, caDer], { anchors, purpose: 'server', now: NOW, host: 'a.b' }), `${what} as leaf`);
}

/** Offsets of every TLV header in der (a plain walker written for the test). */
function headers(der) {
  const out = [];
  (function walk(at, end, depth) {
    while (at < end && depth < 20) {
      const tag = der[at]; let len = der[at + 1], body = at + 2;
      if (len & 0x80) { const n = len & 0x7f; len = 0; for (let i = 0; i < n; i++) len = len * 256 + der[body + i]; body += n; }
      out.push({ at, tag, body, end: body + len });
      if (tag & 0x20) walk(body, body + len, depth + 1);
      at = body + len;
    }
  })(0, der.length, 0);
  return out;
}

function splice(der, at, remove, insert) {
  const out = new Uint8Array(der.length - remove + insert.length);
  out.set(der.subarray(0, at)); out.set(insert, at); out.set(der.subarray(at + remove), at + insert.length);
  return out;
}

test('truncation at every length', (t) => {
  const before = stats.calls;
  for (const der of [caDer, leafDer, ncDer]) {
    for (let n = 0; n < der.length; n++) expectTyped(t, () => m.parseCertificate(der.subarray(0, n)), `truncated ${n}`);
  }
  for (let n = 0; n < leafDer.length; n += 7) allCertPaths(t, leafDer.subarray(0, n), `truncated ${n}`);
  // every call came back (a typed error or a value): none threw past expectTyped
  t.is(stats.calls - before, caDer.length + leafDer.length + ncDer.length + 4 * Math.ceil(leafDer.length / 7));
});

test('random byte flips (seeded)', (t) => {
  const before = stats.calls;
  const r = rng(0x6d746c73);
  for (let i = 0; i < 1500; i++) {
    const src = [caDer, leafDer, ncDer][i % 3];
    const der = new Uint8Array(src);
    const flips = 1 + (r() % 4);
    for (let k = 0; k < flips; k++) der[r() % der.length] = r() & 255;
    allCertPaths(t, der, `flip ${i}`);
  }
  t.is(stats.calls - before, 1500 * 4);
});

test('every length rewritten: past the end, indefinite, huge, non-minimal', (t) => {
  const before = stats.calls;
  for (const h of headers(caDer)) {
    const lenAt = h.at + 1, lenBytes = h.body - h.at - 1;
    for (const repl of [[0x80], [0x84, 0xff, 0xff, 0xff, 0xff], [0x83, 0x7f, 0xff, 0xff], [0x81, 0x05], [0x82, 0x00, 0x10], [0x7f], [0x89, 1, 2, 3, 4, 5, 6, 7, 8, 9]]) {
      allCertPaths(t, splice(caDer, lenAt, lenBytes, repl), `length at ${lenAt} -> ${repl}`);
    }
    const shorter = splice(caDer, lenAt, lenBytes, [0x82, (h.end - h.body + 1) >> 8, (h.end - h.body + 1) & 255]);
    allCertPaths(t, shorter, `length at ${lenAt} + 1`);
  }
  t.is(stats.calls - before, headers(caDer).length * 8 * 4);
});

test('deep nesting is refused, not recursed into', (t) => {
  for (const depth of [17, 100, 5000]) {
    let inner = new Uint8Array([0x05, 0x00]);
    for (let i = 0; i < depth; i++) {
      const n = inner.length;
      const hdr = n < 128 ? [0x30, n] : n < 256 ? [0x30, 0x81, n] : n < 65536 ? [0x30, 0x82, n >> 8, n & 255] : [0x30, 0x83, n >> 16, (n >> 8) & 255, n & 255];
      const out = new Uint8Array(hdr.length + n); out.set(hdr); out.set(inner, hdr.length); inner = out;
    }
    allCertPaths(t, inner, `nesting ${depth}`);
    const e = t.throws(() => m.derCheck(inner, 0, inner.length, 16));
    t.is(e.code, 'bad_der');
  }
});

test('huge integers and keys, bad OIDs', (t) => {
  const before = stats.calls;
  const hs = headers(leafDer);
  const serial = hs.find((h) => h.tag === 0x02);
  const big = new Uint8Array(4 + 10000); big.set([0x02, 0x82, 10000 >> 8, 10000 & 255]); big[4] = 0x7f;
  allCertPaths(t, splice(leafDer, serial.at, serial.end - serial.at, big), 'huge serial');
  // SPKIs: huge and zero RSA moduli, exponents, EC points of every wrong length
  const enc = (tag, body) => { const n = body.length; const hdr = n < 128 ? [tag, n] : n < 256 ? [tag, 0x81, n] : [tag, 0x82, n >> 8, n & 255]; const o = new Uint8Array(hdr.length + n); o.set(hdr); o.set(body, hdr.length); return o; };
  const cat = (...a) => { const o = new Uint8Array(a.reduce((s, x) => s + x.length, 0)); let p = 0; for (const x of a) { o.set(x, p); p += x.length; } return o; };
  const rsaAlg = enc(0x30, cat(enc(0x06, m.fromHex('2a864886f70d010101')), new Uint8Array([5, 0])));
  for (const [n, e] of [[new Uint8Array(5000).fill(0xff), [1, 0, 1]], [[0], [3]], [new Uint8Array(256).fill(0x7f), [0]], [new Uint8Array(256).fill(0x7e), new Uint8Array(300).fill(1)]]) {
    const spki = enc(0x30, cat(rsaAlg, enc(0x03, cat([0], enc(0x30, cat(enc(0x02, new Uint8Array(n)), enc(0x02, new Uint8Array(e))))))));
    expectTyped(t, () => m.parsePublicKeyInfo(spki), 'rsa spki');
  }
  const ecAlg = enc(0x30, cat(enc(0x06, m.fromHex('2a8648ce3d0201')), enc(0x06, m.fromHex('2a8648ce3d030107'))));
  for (let len = 0; len < 100; len += 3) {
    const pt = new Uint8Array(len).fill(0x11); if (len) pt[0] = 4;
    const spki = enc(0x30, cat(ecAlg, enc(0x03, cat([0], pt))));
    expectTyped(t, () => {
      const k = m.parsePublicKeyInfo(spki);
      m.verifySignature(k, { key: 'ecdsa', hash: 'sha256' }, new Uint8Array(3), new Uint8Array(70));
    }, `ec point ${len}`);
  }
  // bad OIDs in the algorithm of a certificate and of an SPKI
  const oidAt = hs.find((h) => h.tag === 0x06);
  for (const oid of [[], [0x80, 0x01], [0x2a, 0x86], new Array(100).fill(0x81).concat([1]), [0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]]) {
    allCertPaths(t, splice(leafDer, oidAt.at, oidAt.end - oidAt.at, enc(0x06, new Uint8Array(oid))), `oid ${oid.length}`);
  }
  // huge serial (4), RSA keys (4), EC points (34), OIDs (5 x 4)
  t.is(stats.calls - before, 4 + 4 + 34 + 20);
});

test('private keys and PEM: damaged inputs give typed errors', (t) => {
  const r = rng(12345);
  const keys = [
    crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey,
    crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey,
    crypto.generateKeyPairSync('ed25519').privateKey,
  ];
  for (const k of keys) {
    for (const type of k.asymmetricKeyType === 'rsa' ? ['pkcs8', 'pkcs1'] : k.asymmetricKeyType === 'ec' ? ['pkcs8', 'sec1'] : ['pkcs8']) {
      const der = new Uint8Array(k.export({ type, format: 'der' }));
      for (let n = 0; n < der.length; n += Math.max(1, der.length >> 6)) expectTyped(t, () => m.parsePrivateKey(der.subarray(0, n)), 'truncated key');
      for (let i = 0; i < 150; i++) {
        const d = new Uint8Array(der); d[r() % d.length] = r() & 255;
        expectTyped(t, () => m.parsePrivateKey(d), 'flipped key');
      }
    }
  }
  const pem = keys[1].export({ type: 'pkcs8', format: 'pem' });
  for (let i = 0; i < 300; i++) {
    const at = r() % pem.length;
    const s = pem.slice(0, at) + String.fromCharCode(r() % 128) + pem.slice(at + 1);
    expectTyped(t, () => m.parsePrivateKey(s), 'damaged pem');
    expectTyped(t, () => m.pemDecode(s, null), 'damaged pem decode');
  }
  for (let i = 0; i < 200; i++) {
    const junk = new Uint8Array(r() % 64); for (let k = 0; k < junk.length; k++) junk[k] = r() & 255;
    if (i % 2) junk[0] = 0x30;
    expectTyped(t, () => m.parsePrivateKey(junk), 'junk key');
    expectTyped(t, () => m.parseCertificate(junk), 'junk cert');
    expectTyped(t, () => m.anchorsDecode(junk), 'junk anchors');
  }
  t.log(`${stats.calls} calls, slowest ${stats.slowest.toFixed(1)} ms, error codes ${JSON.stringify(stats.errors)}`);
  t.true(stats.calls > 1000);
});
