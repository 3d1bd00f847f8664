// The size variants of the elliptic-curve code (ecfield/ecscalar/ecpoint.small.ts, built into
// the "prefer": "size" bundles) against node:crypto and @noble/curves: the esp32 bundle (P-256
// ECDH, key generation, ECDSA verification) and the esp32s3 bundle (P-384 verification too), run
// in Node's vm so that many random cases fit in a test run. test/vectors-size.test.mjs runs the
// Wycheproof files through the esp32 bundle in QuickJS.
import test from 'ava';
import crypto from 'node:crypto';
import vm from 'node:vm';
import { readFileSync } from 'node:fs';
import { p256, p384 } from '@noble/curves/nist.js';
import { loadBoards, featuresOf } from '../tools/boards.mjs';
import { espruinoRequire } from '../tools/engines/espruino-crypto.mjs';

const hex = (b) => Buffer.from(b).toString('hex');
const unhex = (s) => new Uint8Array(Buffer.from(s, 'hex'));
const be = (v, len) => unhex(v.toString(16).padStart(2 * len, '0'));

function loadBundle(board) {
  const ctx = vm.createContext({ print: () => {}, require: espruinoRequire() });
  vm.runInContext(readFileSync(new URL(`../dist/${board}/microtls.js`, import.meta.url), 'utf8'), ctx);
  return ctx.microtls;
}

const CURVES = {
  p256: { node: 'prime256v1', noble: p256, len: 32, hash: 'sha256', n: BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551') },
  p384: { node: 'secp384r1', noble: p384, len: 48, hash: 'sha384',
    n: BigInt('0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973') },
};

/** A private key of exactly len bytes, its node:crypto key objects and raw public key. */
function keyPair(name) {
  const c = CURVES[name];
  for (;;) {
    const e = crypto.createECDH(c.node);
    e.generateKeys();
    const priv = new Uint8Array(e.getPrivateKey());
    if (priv.length !== c.len) continue;
    const pub = new Uint8Array(e.getPublicKey());
    const b64 = (b) => Buffer.from(b).toString('base64url');
    const jwk = { kty: 'EC', crv: name === 'p256' ? 'P-256' : 'P-384', x: b64(pub.subarray(1, 1 + c.len)), y: b64(pub.subarray(1 + c.len)) };
    return { ecdh: e, priv, pub, key: crypto.createPrivateKey({ key: { ...jwk, d: b64(priv) }, format: 'jwk' }) };
  }
}

function refused(fn) {
  try { fn(); } catch (e) { return e && typeof e.code === 'string' ? e.code : 'not a MicrotlsError: ' + e; }
  return null;
}

for (const board of ['esp32', 'esp32s3']) {
  const profile = loadBoards()[board];
  const has = new Set(featuresOf(profile));

  test(`${board}: prefers size, keeps P-256, and carries the size variant (the addition's step program)`, (t) => {
    t.is(profile.prefer, 'size');
    t.true(has.has('p256'));
    t.true(readFileSync(new URL(`../dist/${board}/microtls.js`, import.meta.url), 'utf8').includes('*jad*kbe*lcf'));
  });

  test(`${board}: P-256 public keys and ECDH agree with node:crypto both ways`, (t) => {
    const m = loadBundle(board);
    let n = 0;
    for (let i = 0; i < 8; i++) {
      const a = keyPair('p256'), b = keyPair('p256');
      t.is(hex(m.p256PublicKey(a.priv)), hex(a.pub));
      t.is(hex(m.p256Ecdh(a.priv, b.pub)), hex(b.ecdh.computeSecret(Buffer.from(a.pub))));
      t.is(hex(m.p256Ecdh(b.priv, a.pub)), hex(a.ecdh.computeSecret(Buffer.from(b.pub))));
      n += 3;
    }
    t.log(`${n} results matched`);
  });

  test(`${board}: P-256 edge-case scalars agree with @noble/curves`, (t) => {
    const m = loadBundle(board), c = CURVES.p256;
    // Small scalars and scalars near n: windows of zeros and of all ones, the table's infinity entry.
    const ks = [1n, 2n, 3n, 15n, 16n, 17n, 255n, 256n, c.n - 1n, c.n - 2n, c.n - 16n, 1n << 255n, (1n << 255n) - 1n, c.n >> 1n];
    const peer = keyPair('p256');
    for (const k of ks) {
      const kb = be(k, c.len);
      t.is(hex(m.p256PublicKey(kb)), hex(c.noble.getPublicKey(kb, false)), `k = ${k}`);
      t.is(hex(m.p256Ecdh(kb, peer.pub)), hex(c.noble.getSharedSecret(kb, peer.pub, true).subarray(1)), `k = ${k}`);
    }
    // ECDH with the generator's multiples as the peer: the peer point is then small multiples of G.
    const priv = keyPair('p256').priv;
    for (const j of [1n, 2n, 3n, c.n - 1n]) {
      const pt = c.noble.getPublicKey(be(j, c.len), false);
      t.is(hex(m.p256Ecdh(priv, pt)), hex(c.noble.getSharedSecret(priv, pt, true).subarray(1)), `peer ${j} G`);
    }
  });

  test(`${board}: bad private keys and peer points are refused with the same codes as the default build`, (t) => {
    const m = loadBundle(board), c = CURVES.p256;
    const good = keyPair('p256');
    for (const k of [0n, c.n, c.n + 1n, (1n << 256n) - 1n]) {
      t.is(refused(() => m.p256PublicKey(be(k, c.len))), 'bad_key');
      t.is(refused(() => m.p256Ecdh(be(k, c.len), good.pub)), 'bad_key');
    }
    t.is(refused(() => m.p256PublicKey(new Uint8Array(31).fill(1))), 'bad_length');
    const off = good.pub.slice();
    off[64] ^= 1;
    const xBig = good.pub.slice();
    xBig.set(new Uint8Array(32).fill(255), 1);
    const yIsP = good.pub.slice();
    yIsP.set(be(BigInt('0xffffffff00000001000000000000000000000000ffffffffffffffffffffffff'), 32), 33);
    const compressed = c.noble.getPublicKey(good.priv, true);
    for (const p of [off, xBig, yIsP, compressed, new Uint8Array(65), new Uint8Array([6, ...good.pub.subarray(1)]),
      new Uint8Array(0), new Uint8Array([4]), good.pub.subarray(0, 64), new Uint8Array([...good.pub, 0])]) {
      t.is(refused(() => m.p256Ecdh(good.priv, p)), 'bad_point');
    }
    t.is(refused(() => m.ecdsaVerify('p256', off, new Uint8Array(32), new Uint8Array(64).fill(1), 'raw')), 'bad_point');
  });

  for (const name of ['p256', 'p384']) {
    if (!has.has(name) && name !== 'p256') continue;
    test(`${board}: ECDSA ${name} signatures by node:crypto verify (DER and raw); tampered ones, r or s out of range do not`, (t) => {
      const m = loadBundle(board), c = CURVES[name];
      let n = 0;
      for (let i = 0; i < 6; i++) {
        const kp = keyPair(name);
        const msg = crypto.randomBytes(10 + i);
        const digest = new Uint8Array(crypto.createHash(c.hash).update(msg).digest());
        const der = new Uint8Array(crypto.sign(c.hash, msg, kp.key));
        const raw = new Uint8Array(crypto.sign(c.hash, msg, { key: kp.key, dsaEncoding: 'ieee-p1363' }));
        t.true(m.ecdsaVerify(name, kp.pub, digest, der, 'der'));
        t.true(m.ecdsaVerify(name, kp.pub, digest, raw, 'raw'));
        const d2 = digest.slice();
        d2[i] ^= 1;
        t.false(m.ecdsaVerify(name, kp.pub, d2, der, 'der'));
        t.false(m.ecdsaVerify(name, keyPair(name).pub, digest, raw, 'raw'));
        const r = BigInt('0x' + hex(raw.subarray(0, c.len))), s = BigInt('0x' + hex(raw.subarray(c.len)));
        // s and n - s both verify (no low-s rule); r = 0, s = 0, r + n and s = n do not.
        t.true(m.ecdsaVerify(name, kp.pub, digest, new Uint8Array([...be(r, c.len), ...be(c.n - s, c.len)]), 'raw'));
        t.false(m.ecdsaVerify(name, kp.pub, digest, new Uint8Array([...be(0n, c.len), ...be(s, c.len)]), 'raw'));
        t.false(m.ecdsaVerify(name, kp.pub, digest, new Uint8Array([...be(r, c.len), ...be(0n, c.len)]), 'raw'));
        t.false(m.ecdsaVerify(name, kp.pub, digest, new Uint8Array([...be(r, c.len), ...be(c.n, c.len)]), 'raw'));
        if (r + c.n < 1n << BigInt(8 * c.len)) {
          t.false(m.ecdsaVerify(name, kp.pub, digest, new Uint8Array([...be(r + c.n, c.len), ...be(s, c.len)]), 'raw'));
        }
        n += 8;
      }
      t.log(`${n} verifications answered as node:crypto's signatures require`);
    });
  }

  test(`${board}: ECDSA P-256 with the key d = 1 (Q = G: both tables hold the same point)`, (t) => {
    // Wycheproof's edge cases for u1 and u2 run through this bundle in test/vectors-size.test.mjs.
    const m = loadBundle(board), c = CURVES.p256;
    const one = be(1n, 32), q = c.noble.getPublicKey(one, false);
    let n = 0;
    for (let i = 0; i < 6; i++) {
      const digest = new Uint8Array(crypto.createHash('sha256').update('d' + i).digest());
      const sig = c.noble.sign(digest, one, { prehash: false, format: 'compact' });
      t.true(m.ecdsaVerify('p256', q, digest, sig, 'raw'));
      n++;
    }
    t.log(`${n} signatures by the key d = 1 verified`);
  });
}
