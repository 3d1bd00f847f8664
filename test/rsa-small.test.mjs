// RSA verification of the size-preferring bundles (src/crypto/rsapub.small.ts on the Montgomery
// engine of ecfield.small.ts, in dist/esp32): PKCS #1 v1.5 and PSS signatures made by node:crypto
// on 2048, 3072 and 4096-bit keys and on moduli of odd bit and byte lengths, 1024 bits with
// allow1024, an exponent as long as the modulus (signed here with BigInt, an independent
// reference), malformed signatures, and the key checks with their codes and messages. Also: the
// esp32 bundle carries no bignum.ts, and the same checks run inside QuickJS (and Espruino when
// ESPRUINO names a binary). Expects `npm run build`.
import test from 'ava';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import crypto from 'node:crypto';
import { runInEngine, engineGiven } from '../tools/engines/index.mjs';
import { espruinoRequire } from '../tools/engines/espruino-crypto.mjs';

const root = path.resolve(import.meta.dirname, '..');
const bundleText = (board) => readFileSync(path.join(root, 'dist', board, 'microtls.js'), 'utf8');
const C = crypto.constants;

const context = vm.createContext({ require: espruinoRequire() });
vm.runInContext(bundleText('esp32'), context);
const m = context.microtls;
const U8 = vm.runInContext('Uint8Array', context);
const bytes = (b) => { const u = new U8(b.length); for (let i = 0; i < b.length; i++) u[i] = b[i]; return u; };
const b64 = (s) => bytes(Buffer.from(s, 'base64url'));
const HASH = { sha256: m.SHA256, sha384: m.SHA384, sha512: m.SHA512 };
const digestOf = (name, msg) => bytes(crypto.createHash(name).update(msg).digest());

function keyPair(bits, e = 65537) {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: bits, publicExponent: e });
  const j = privateKey.export({ format: 'jwk' });
  return { privateKey, publicKey, j, n: b64(j.n), e: b64(j.e) };
}

function throwsKey(t, fn, re) {
  const e = t.throws(fn);
  t.is(e.name, 'CryptoError', String(e));
  t.is(e.code, 'bad_key');
  t.regex(e.message, re);
}

test('the esp32 bundle does RSA on rsapub.small.ts and carries no bignum.ts', (t) => {
  const modules = JSON.parse(readFileSync(path.join(root, 'dist/esp32/modules.json'), 'utf8')).modules.map((x) => x.module);
  t.true(modules.includes('src/crypto/rsapub.small.ts'), modules.join(' '));
  t.false(modules.includes('src/crypto/bignum.ts'), modules.join(' '));
  t.false(modules.includes('src/crypto/rsapub.ts'), modules.join(' '));
});

const PSS = (saltLength) => ({ padding: C.RSA_PKCS1_PSS_PADDING, saltLength });

for (const bits of [2048, 3072, 4096]) {
  test(`${bits}: PKCS#1 v1.5 and PSS signatures of node:crypto verify, altered ones do not`, (t) => {
    const k = keyPair(bits);
    const pub = m.rsaPublicKey(k.n, k.e);
    t.is(pub.bits, bits);
    t.is(pub.size, bits / 8);
    for (const hash of ['sha256', 'sha384', 'sha512']) {
      const msg = crypto.randomBytes(33);
      const dig = digestOf(hash, msg);
      const other = digestOf(hash, Buffer.concat([msg, Buffer.of(0)]));
      const sig = bytes(crypto.sign(hash, msg, k.privateKey));
      t.true(m.rsaPkcs1Verify(pub, hash, dig, sig), hash);
      t.false(m.rsaPkcs1Verify(pub, hash, other, sig), hash);
      const bad = bytes(sig); bad[bits / 16] ^= 0x10;
      t.false(m.rsaPkcs1Verify(pub, hash, dig, bad), hash);
      const hLen = dig.length;
      for (const salt of [hLen, 0]) {
        const ps = bytes(crypto.sign(hash, msg, { key: k.privateKey, ...PSS(salt) }));
        t.true(m.rsaPssVerify(pub, HASH[hash], dig, ps, salt), hash + ' PSS ' + salt);
        t.false(m.rsaPssVerify(pub, HASH[hash], other, ps, salt), hash + ' PSS ' + salt);
        const badPs = bytes(ps); badPs[7] ^= 1;
        t.false(m.rsaPssVerify(pub, HASH[hash], dig, badPs, salt), hash + ' PSS ' + salt);
      }
    }
  });
}

test('moduli of odd bit and byte lengths, e = 3, and 1024 bits only with allow1024', (t) => {
  const lengths = [];
  for (const [bits, e] of [[2056, 3], [2072, 3], [3071, 65537], [4095, 3]]) {
    // OpenSSL may make a modulus a bit shorter than asked: its length is taken from n
    const k = keyPair(bits, e);
    const pub = m.rsaPublicKey(k.n, k.e);
    t.is(pub.bits, big(k.n).toString(2).length);
    t.is(pub.size, k.n.length);
    lengths.push(pub.bits);
    const msg = crypto.randomBytes(20);
    const dig = digestOf('sha256', msg);
    t.true(m.rsaPkcs1Verify(pub, 'sha256', dig, bytes(crypto.sign('sha256', msg, k.privateKey))), String(bits));
    t.true(m.rsaPssVerify(pub, m.SHA256, dig, bytes(crypto.sign('sha256', msg, { key: k.privateKey, ...PSS(32) })), 32), String(bits));
    t.false(m.rsaPssVerify(pub, m.SHA256, dig, bytes(crypto.sign('sha256', msg, { key: k.privateKey, ...PSS(20) })), 32), String(bits));
  }
  t.true(lengths.some((b) => b % 8 !== 0) && lengths.some((b) => ((b + 7) >> 3) % 2 === 1), lengths.join(' '));
  const k = keyPair(1024);
  throwsKey(t, () => m.rsaPublicKey(k.n, k.e), /RSA modulus of 1024 bits: 2048 to 4096 are accepted/);
  const pub = m.rsaPublicKey(k.n, k.e, { allow1024: true });
  const msg = Buffer.from('RFC 8448');
  const dig = digestOf('sha256', msg);
  t.true(m.rsaPssVerify(pub, m.SHA256, dig, bytes(crypto.sign('sha256', msg, { key: k.privateKey, ...PSS(32) })), 32));
  t.true(m.rsaPkcs1Verify(pub, 'sha256', dig, bytes(crypto.sign('sha256', msg, k.privateKey))));
});

// BigInt helpers for a key node:crypto does not make: e as long as n.
const big = (b) => BigInt('0x' + Buffer.from(b).toString('hex'));
const toBytes = (x, len) => bytes(Buffer.from(x.toString(16).padStart(2 * len, '0'), 'hex'));
function powMod(b, e, n) {
  let r = 1n;
  for (b %= n; e > 0n; e >>= 1n, b = b * b % n) if (e & 1n) r = r * b % n;
  return r;
}
function invMod(a, n) {
  let [r0, r1, s0, s1] = [n, a % n, 0n, 1n];
  while (r1) { const q = r0 / r1; [r0, r1, s0, s1] = [r1, r0 - q * r1, s1, s0 - q * s1]; }
  return r0 === 1n ? ((s0 % n) + n) % n : null;
}
const gcd = (a, b) => (b ? gcd(b, a % b) : a);
// EMSA-PKCS1-v1_5 with SHA-256 (RFC 8017 section 9.2, the DigestInfo prefix of its note 1).
const DI256 = Buffer.from('3031300d060960864801650304020105000420', 'hex');
function emsa(dig, k) {
  return Buffer.concat([Buffer.of(0, 1), Buffer.alloc(k - 3 - DI256.length - dig.length, 0xff), Buffer.of(0), DI256, Buffer.from(dig)]);
}

test('an exponent as long as the modulus (BigInt reference), and the e < n check at its edge', (t) => {
  const k = keyPair(2048);
  const n = big(k.n), p = big(b64(k.j.p)), q = big(b64(k.j.q));
  const lambda = (p - 1n) * (q - 1n) / gcd(p - 1n, q - 1n);
  let e = 0n, d = null;
  while (d === null) {
    e = big(crypto.randomBytes(256)) % n | 1n;
    if (e >> 2040n === 0n) continue; // same byte length as n
    d = invMod(e, lambda);
  }
  const dig = digestOf('sha256', 'long exponent');
  const sig = toBytes(powMod(big(emsa(dig, 256)), d, n), 256);
  const pub = m.rsaPublicKey(k.n, toBytes(e, 256));
  t.true(m.rsaPkcs1Verify(pub, 'sha256', dig, sig));
  t.false(m.rsaPkcs1Verify(pub, 'sha256', digestOf('sha256', 'other'), sig));
  // n - 2 is the largest odd exponent below n; n and n + 2 are refused, with a leading zero too
  // (each differs from n in the last bytes only)
  t.is(m.rsaPublicKey(k.n, toBytes(n - 2n, 256)).e.length, 256);
  for (const bad of [toBytes(n, 256), toBytes(n + 2n, 256), toBytes(n, 257)]) {
    throwsKey(t, () => m.rsaPublicKey(k.n, bad), /RSA public exponent not below the modulus/);
  }
});

// A key with a 2049-bit modulus (257 bytes, emBits = 2048: the encoded message is one byte
// shorter than the modulus), made from node:crypto's primes (OpenSSL sets their top two bits, so
// 1025 and 1024-bit primes make 2049 bits).
function key2049() {
  for (let tries = 0; tries < 20; tries++) {
    const p = crypto.generatePrimeSync(1025, { bigint: true }), q = crypto.generatePrimeSync(1024, { bigint: true });
    const n = p * q;
    if (n.toString(2).length !== 2049) continue;
    const e = 65537n, d = invMod(e, (p - 1n) * (q - 1n) / gcd(p - 1n, q - 1n));
    if (d === null) continue;
    const enc = (x) => Buffer.from(x.toString(16).padStart(x.toString(16).length + (x.toString(16).length & 1), '0'), 'hex').toString('base64url');
    const jwk = { kty: 'RSA', n: enc(n), e: enc(e), d: enc(d), p: enc(p), q: enc(q), dp: enc(d % (p - 1n)), dq: enc(d % (q - 1n)), qi: enc(invMod(q, p)) };
    return { n, e, d, jwk, privateKey: crypto.createPrivateKey({ key: jwk, format: 'jwk' }) };
  }
  throw new Error('no 2049-bit modulus');
}

test('PSS: an encoded message at or above 2^emBits is refused (emBits = bits - 1), both bundles', async (t) => {
  const host = await import('../dist/node/microtls.mjs');
  const k2048 = keyPair(2048);
  const keys = [{ n: big(k2048.n), d: big(b64(k2048.j.d)), privateKey: k2048.privateKey }, key2049()];
  const msg = Buffer.from('pss top bit');
  const dig = digestOf('sha256', msg);
  for (const k of keys) {
    const bits = k.n.toString(2).length, size = (bits + 7) >> 3;
    const nb = toBytes(k.n, size), e = bytes([1, 0, 1]);
    // a signature whose encoded message with bit emBits set stays below n (salts are random),
    // then that message signed again
    let sig, em, tries = 0;
    do {
      sig = bytes(crypto.sign('sha256', msg, { key: k.privateKey, ...PSS(32) }));
      em = powMod(big(sig), 65537n, k.n) | (1n << BigInt(bits - 1));
    } while (em >= k.n && ++tries < 200);
    t.true(em < k.n, 'the altered message stays below n');
    t.is(sig.length, size);
    const bad = toBytes(powMod(em, k.d, k.n), size);
    for (const mt of [m, host]) {
      const pub = mt.rsaPublicKey(mt === m ? nb : new Uint8Array(nb), mt === m ? e : new Uint8Array(e));
      t.is(pub.bits, bits);
      const cv = (u) => (mt === m ? u : new Uint8Array(u));
      t.true(mt.rsaPssVerify(pub, mt.SHA256, cv(dig), cv(sig), 32), bits + ' good');
      t.false(mt.rsaPssVerify(pub, mt.SHA256, cv(dig), cv(bad), 32), bits + ' top bit');
      t.true(mt.rsaPkcs1Verify(pub, 'sha256', cv(dig), cv(bytes(crypto.sign('sha256', msg, k.privateKey)))), bits + ' pkcs1');
    }
  }
});

test('malformed signatures are refused without throwing', (t) => {
  const k = keyPair(2048);
  const pub = m.rsaPublicKey(k.n, k.e);
  const dig = digestOf('sha256', 'x');
  const sig = bytes(crypto.sign('sha256', Buffer.from('x'), k.privateKey));
  t.true(m.rsaPkcs1Verify(pub, 'sha256', dig, sig));
  const nPlus1 = bytes(k.n); nPlus1[255] += 1;
  const padded = new U8(257); padded.set(sig, 1);
  for (const s of [sig.subarray(1), padded, new U8(257), new U8(0), k.n, nPlus1, new U8(256).fill(255), new U8(256)]) {
    t.false(m.rsaPkcs1Verify(pub, 'sha256', dig, s));
    t.false(m.rsaPssVerify(pub, m.SHA256, dig, s, 32));
  }
});

test('malformed keys are refused with bad_key and the messages of rsa.ts', (t) => {
  const k = keyPair(2048);
  const even = bytes(k.n); even[255] &= 0xfe;
  throwsKey(t, () => m.rsaPublicKey(even, k.e), /^RSA modulus is even$/);
  const short = k.n.subarray(1), shortBits = big(short).toString(2).length;
  t.true(shortBits > 2032 && shortBits <= 2040);
  throwsKey(t, () => m.rsaPublicKey(short, k.e), new RegExp('^RSA modulus of ' + shortBits + ' bits: 2048 to 4096 are accepted$'));
  throwsKey(t, () => m.rsaPublicKey(new U8(513).fill(0xff), k.e), /^RSA modulus of 4104 bits/);
  const n4097 = new U8(513).fill(0xff); n4097[0] = 1;
  throwsKey(t, () => m.rsaPublicKey(n4097, k.e), /^RSA modulus of 4097 bits/);
  throwsKey(t, () => m.rsaPublicKey(new U8(0), k.e), /^RSA modulus of 0 bits/);
  throwsKey(t, () => m.rsaPublicKey(new U8(300), k.e), /^RSA modulus of 0 bits/);
  for (const e of [[1], [0, 1], [2], [1, 0, 0], [], [0], [0, 0, 0]]) {
    throwsKey(t, () => m.rsaPublicKey(k.n, bytes(e)), /^RSA public exponent must be odd and at least 3$/);
  }
  const long = new U8(257).fill(1);
  throwsKey(t, () => m.rsaPublicKey(k.n, long), /^RSA public exponent must be odd and at least 3$/);
  // leading zeros are ignored, on n and on e
  const n0 = new U8(260); n0.set(k.n, 4);
  const pub = m.rsaPublicKey(n0, bytes([0, 0, 1, 0, 1]));
  t.is(pub.size, 256);
  t.is(pub.bits, 2048);
  const msg = Buffer.from('zeros');
  t.true(m.rsaPkcs1Verify(pub, 'sha256', digestOf('sha256', msg), bytes(crypto.sign('sha256', msg, k.privateKey))));
  t.is(m.rsaPublicKey(k.n, bytes([3])).bits, 2048);
});

// The same verification inside the interpreters: a 2048-bit key (PKCS #1 v1.5 and PSS), a
// 4096-bit one (PKCS #1 v1.5), and a key check, with the elapsed time of one verification.
function engineScript() {
  const k2 = keyPair(2048), k4 = keyPair(4096);
  const msg = Buffer.from('engine');
  const hex = (b) => JSON.stringify(Buffer.from(b).toString('hex'));
  const dig = crypto.createHash('sha256').update(msg).digest();
  const lines = [
    '(function () {',
    'var m = microtls, passed = 0, failed = 0;',
    'function h(s) { var u = new Uint8Array(s.length / 2); for (var i = 0; i < u.length; i++) u[i] = parseInt(s.substr(2 * i, 2), 16); return u; }',
    'function check(name, ok) { if (ok) passed++; else { failed++; print("FAIL " + name); } }',
    'var e = h("010001"), dig = h(' + hex(dig) + '), other = h(' + hex(crypto.createHash('sha256').update('x').digest()) + ');',
    'var t0 = Date.now(), pub2 = m.rsaPublicKey(h(' + hex(k2.n) + '), e), t1 = Date.now();',
    'var s2 = h(' + hex(crypto.sign('sha256', msg, k2.privateKey)) + ');',
    'check("2048 pkcs1", m.rsaPkcs1Verify(pub2, "sha256", dig, s2)); var t2 = Date.now();',
    'print("rsa-2048 key " + (t1 - t0) + " ms, PKCS#1 verify " + (t2 - t1) + " ms");',
    'check("2048 pkcs1 other", !m.rsaPkcs1Verify(pub2, "sha256", other, s2));',
    'check("2048 pss", m.rsaPssVerify(pub2, m.SHA256, dig, h(' + hex(crypto.sign('sha256', msg, { key: k2.privateKey, ...PSS(32) })) + '), 32));',
    't0 = Date.now(); var pub4 = m.rsaPublicKey(h(' + hex(k4.n) + '), e);',
    'check("4096 pkcs1", m.rsaPkcs1Verify(pub4, "sha256", dig, h(' + hex(crypto.sign('sha256', msg, k4.privateKey)) + ')));',
    'print("rsa-4096 key and PKCS#1 verify " + (Date.now() - t0) + " ms");',
    'var even = h(' + hex(k2.n) + '); even[255] &= 0xfe;',
    'try { m.rsaPublicKey(even, e); check("even", false); } catch (x) { check("even " + x.message, x.code === "bad_key" && x.message === "RSA modulus is even"); }',
    'print(passed + " passed, " + failed + " failed");',
    '})();',
  ];
  return lines.join('\n') + '\n';
}

test('quickjs: the same verifications inside the esp32 bundle', async (t) => {
  const r = await runInEngine('quickjs', engineScript(), { bundle: bundleText('esp32'), nativeCrypto: true });
  t.log(r.stdout.trim());
  t.true(r.ok, r.stdout + r.stderr);
  t.is(r.passed, 5);
});

if (engineGiven('espruino')) {
  test('espruino: the same verifications inside the espruino-linux bundle', async (t) => {
    const r = await runInEngine('espruino', engineScript(), { bundle: bundleText('espruino-linux'), nativeCrypto: true, timeoutMs: 600000 });
    t.log(r.stdout.trim());
    t.true(r.ok, r.stdout + r.stderr);
    t.is(r.passed, 5);
  });
}
