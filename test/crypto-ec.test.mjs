// P-256 / P-384 ECDH and ECDSA, Ed25519 verification: checked against node:crypto and
// @noble/curves on random keys, plus RFC 6979 vectors, edge-case scalars and bad input.
import test from 'ava';
import crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import { p256, p384 } from '@noble/curves/nist.js';
import * as m from '../dist/node/microtls.mjs';
import { CURVES, generate, kernelPath } from '../tools/gen-ec-kernels.mjs';

const hex = (b) => Buffer.from(b).toString('hex');
const unhex = (s) => new Uint8Array(Buffer.from(s, 'hex'));

const N256 = BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551');
const N384 = BigInt('0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973');
const P256 = BigInt('0xffffffff00000001000000000000000000000000ffffffffffffffffffffffff');

function be(v, len) {
  return unhex(v.toString(16).padStart(2 * len, '0'));
}

const CURVE = {
  p256: { node: 'prime256v1', noble: p256, len: 32, n: N256, hash: 'sha256', pub: m.p256PublicKey, ecdh: m.p256Ecdh },
  p384: { node: 'secp384r1', noble: p384, len: 48, n: N384, hash: 'sha384', pub: m.p384PublicKey, ecdh: m.p384Ecdh },
};

/** node:crypto key objects for a raw private scalar (through JWK). */
function nodeKeys(name, priv) {
  const c = CURVE[name];
  const ecdh = crypto.createECDH(c.node);
  ecdh.setPrivateKey(Buffer.from(priv));
  const pub = ecdh.getPublicKey();
  const b64 = (b) => Buffer.from(b).toString('base64url');
  const jwk = { kty: 'EC', crv: name === 'p256' ? 'P-256' : 'P-384', x: b64(pub.subarray(1, 1 + c.len)), y: b64(pub.subarray(1 + c.len)) };
  return {
    pub: new Uint8Array(pub),
    privateKey: crypto.createPrivateKey({ key: { ...jwk, d: b64(priv) }, format: 'jwk' }),
    publicKey: crypto.createPublicKey({ key: jwk, format: 'jwk' }),
  };
}

function refusedWith(t, fn, code) {
  let e = null;
  try { fn(); } catch (err) { e = err; }
  t.truthy(e, 'expected a refusal');
  if (e) {
    t.true(m.isMicrotlsError(e), `not a MicrotlsError: ${e && e.stack}`);
    if (code) t.is(e.code, code);
  }
}

test('generated field kernels match tools/gen-ec-kernels.mjs', (t) => {
  for (const name of Object.keys(CURVES)) t.is(readFileSync(kernelPath(name), 'utf8'), generate(name), name);
});

for (const name of ['p256', 'p384']) {
  const c = CURVE[name];

  test(`${name}: public keys and ECDH agree with node:crypto both ways`, (t) => {
    for (let i = 0; i < 12; i++) {
      const a = crypto.createECDH(c.node), b = crypto.createECDH(c.node);
      a.generateKeys();
      b.generateKeys();
      const aPriv = new Uint8Array(a.getPrivateKey()), bPriv = new Uint8Array(b.getPrivateKey());
      if (aPriv.length !== c.len || bPriv.length !== c.len) continue; // node drops leading zero bytes
      const aPub = c.pub(aPriv);
      t.is(hex(aPub), hex(a.getPublicKey()));
      t.is(hex(c.ecdh(aPriv, new Uint8Array(b.getPublicKey()))), hex(b.computeSecret(Buffer.from(aPub))));
      t.is(hex(c.ecdh(bPriv, aPub)), hex(a.computeSecret(b.getPublicKey())));
    }
  });

  test(`${name}: edge-case private keys agree with @noble/curves`, (t) => {
    // Small scalars, scalars near n, and n - 2d for odd d < 16: the one place where the
    // constant-time ladder's last addition meets a doubling.
    const ks = [1n, 2n, 3n, 4n, 15n, 16n, 17n, c.n - 1n, c.n - 2n, c.n - 3n, c.n - 4n, 1n << BigInt(8 * c.len - 1),
      (1n << BigInt(8 * c.len - 1)) - 1n, c.n >> 1n, (c.n >> 1n) + 1n];
    for (let d = 1n; d < 16n; d += 2n) ks.push(c.n - 2n * d, 2n * d);
    const peerPriv = c.noble.utils.randomSecretKey();
    const peer = c.noble.getPublicKey(peerPriv, false);
    for (const k of ks) {
      const kb = be(k, c.len);
      t.is(hex(c.pub(kb)), hex(c.noble.getPublicKey(kb, false)), `k = ${k.toString(16)}`);
      t.is(hex(c.ecdh(kb, peer)), hex(c.noble.getSharedSecret(kb, peer)).slice(2), `ecdh k = ${k.toString(16)}`);
    }
    // The peer's point equal to what the last addition meets: k P with P = G.
    const g = c.noble.getPublicKey(be(1n, c.len), false);
    for (let d = 1n; d < 16n; d += 2n) {
      const kb = be(c.n - 2n * d, c.len);
      t.is(hex(c.ecdh(kb, g)), hex(c.noble.getPublicKey(kb, false).subarray(1, 1 + c.len)));
    }
  });

  test(`${name}: private keys out of range and bad lengths are refused`, (t) => {
    const peer = c.noble.getPublicKey(c.noble.utils.randomSecretKey(), false);
    for (const k of [0n, c.n, c.n + 1n, (1n << BigInt(8 * c.len)) - 1n]) {
      refusedWith(t, () => c.pub(be(k, c.len)), 'bad_key');
      refusedWith(t, () => c.ecdh(be(k, c.len), peer), 'bad_key');
    }
    refusedWith(t, () => c.pub(new Uint8Array(c.len - 1).fill(1)), 'bad_length');
    refusedWith(t, () => c.pub(new Uint8Array(c.len + 1).fill(1)), 'bad_length');
  });

  test(`${name}: invalid peer points are refused with a MicrotlsError`, (t) => {
    const priv = c.noble.utils.randomSecretKey();
    const good = c.noble.getPublicKey(c.noble.utils.randomSecretKey(), false);
    const offCurve = good.slice();
    offCurve[offCurve.length - 1] ^= 1;
    const xTooBig = good.slice();
    xTooBig.set(unhex('ff'.repeat(c.len)), 1);
    const bad = [
      offCurve, xTooBig, new Uint8Array([0]), new Uint8Array(0), good.subarray(0, good.length - 1),
      new Uint8Array([...good, 0]), new Uint8Array(good.length), c.noble.getPublicKey(priv, true),
      new Uint8Array([6, ...good.subarray(1)]), new Uint8Array([7, ...good.subarray(1)]),
    ];
    // (0, 0) is not on the curve either (b != 0).
    for (const p of bad) refusedWith(t, () => c.ecdh(priv, p));
    refusedWith(t, () => c.ecdh(priv, c.noble.getPublicKey(priv, true)), 'bad_point');
    refusedWith(t, () => m.ecdsaVerify(name, offCurve, new Uint8Array(c.len), new Uint8Array(2 * c.len).fill(1), 'raw'), 'bad_point');
  });

  test(`${name}: signatures by node:crypto (DER and raw) verify, tampered ones do not`, (t) => {
    for (let i = 0; i < 10; i++) {
      const keys = nodeKeys(name, c.noble.utils.randomSecretKey());
      const msg = crypto.randomBytes(1 + i * 7);
      const digest = new Uint8Array(crypto.createHash(c.hash).update(msg).digest());
      const der = new Uint8Array(crypto.sign(c.hash, msg, keys.privateKey));
      const raw = new Uint8Array(crypto.sign(c.hash, msg, { key: keys.privateKey, dsaEncoding: 'ieee-p1363' }));
      t.true(m.ecdsaVerify(name, keys.pub, digest, der, 'der'));
      t.true(m.ecdsaVerify(name, keys.pub, digest, raw, 'raw'));
      t.false(m.ecdsaVerify(name, keys.pub, digest, raw, 'der'));
      t.false(m.ecdsaVerify(name, keys.pub, digest, der, 'raw'));
      const d2 = digest.slice();
      d2[i % d2.length] ^= 0x40;
      t.false(m.ecdsaVerify(name, keys.pub, d2, der, 'der'));
      const r2 = raw.slice();
      r2[(i * 5) % r2.length] ^= 1;
      t.false(m.ecdsaVerify(name, keys.pub, digest, r2, 'raw'));
      const other = nodeKeys(name, c.noble.utils.randomSecretKey());
      t.false(m.ecdsaVerify(name, other.pub, digest, der, 'der'));
      // s and n - s both verify (no low-s rule); r + n or s + n do not.
      const r = BigInt('0x' + hex(raw.subarray(0, c.len))), s = BigInt('0x' + hex(raw.subarray(c.len)));
      t.true(m.ecdsaVerify(name, keys.pub, digest, new Uint8Array([...be(r, c.len), ...be(c.n - s, c.len)]), 'raw'));
      if (s + c.n < 1n << BigInt(8 * c.len)) {
        t.false(m.ecdsaVerify(name, keys.pub, digest, new Uint8Array([...be(r, c.len), ...be(s + c.n, c.len)]), 'raw'));
      }
    }
  });

  test(`${name}: digests longer and shorter than the order are handled as FIPS 186-4 says`, (t) => {
    const keys = nodeKeys(name, c.noble.utils.randomSecretKey());
    for (const hash of ['sha1', 'sha256', 'sha384', 'sha512']) {
      const msg = crypto.randomBytes(40);
      const digest = new Uint8Array(crypto.createHash(hash).update(msg).digest());
      const der = new Uint8Array(crypto.sign(hash, msg, keys.privateKey));
      t.true(m.ecdsaVerify(name, keys.pub, digest, der, 'der'), hash);
    }
  });
}

test('p256: our signatures verify with node:crypto and @noble/curves and match noble exactly', (t) => {
  for (let i = 0; i < 10; i++) {
    const priv = p256.utils.randomSecretKey();
    const keys = nodeKeys('p256', priv);
    const msg = crypto.randomBytes(3 + i * 11);
    const digest = new Uint8Array(crypto.createHash('sha256').update(msg).digest());
    const sig = m.ecdsaP256Sign(priv, digest);
    t.true(crypto.verify('sha256', msg, keys.publicKey, Buffer.from(sig)));
    t.true(p256.verify(sig, digest, keys.pub, { prehash: false, format: 'der', lowS: false }));
    t.is(hex(sig), hex(p256.sign(digest, priv, { prehash: false, format: 'der', lowS: false })));
    t.true(m.ecdsaVerify('p256', keys.pub, digest, sig, 'der'));
    t.is(hex(m.ecdsaP256Sign(priv, digest)), hex(sig), 'deterministic');
  }
});

test('p256: RFC 6979 appendix A.2.5 (SHA-256) signatures reproduced exactly', (t) => {
  const priv = unhex('c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721');
  t.is(hex(m.p256PublicKey(priv)), '04' +
    '60fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6' +
    '7903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299');
  const cases = [
    ['sample', 'efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716',
      'f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8'],
    ['test', 'f1abb023518351cd71d881567b1ea663ed3efcf6c5132b354f28d3b0b7d38367',
      '019f4113742a2b14bd25926b49c649155f267e60d3814b4c0cc84250e46f0083'],
  ];
  for (const [msg, r, s] of cases) {
    const sig = m.ecdsaP256Sign(priv, m.sha256(new Uint8Array(Buffer.from(msg))));
    const ri = BigInt('0x' + r), si = BigInt('0x' + s);
    const enc = (v) => { let h = v.toString(16); if (h.length % 2) h = '0' + h; if (parseInt(h[0], 16) >= 8) h = '00' + h; return '02' + (h.length / 2).toString(16).padStart(2, '0') + h; };
    const body = enc(ri) + enc(si);
    t.is(hex(sig), '30' + (body.length / 2).toString(16).padStart(2, '0') + body, msg);
  }
});

test('p256: malformed DER signatures are refused without exceptions', (t) => {
  const priv = p256.utils.randomSecretKey();
  const pub = p256.getPublicKey(priv, false);
  const digest = crypto.randomBytes(32);
  const sig = m.ecdsaP256Sign(priv, digest);
  t.true(m.ecdsaVerify('p256', pub, digest, sig, 'der'));
  const r = sig.subarray(4, 4 + sig[3]);
  const s = sig.subarray(6 + sig[3]);
  const int = (v) => [0x02, v.length, ...v];
  const seq = (body, len = body.length) => new Uint8Array([0x30, len, ...body]);
  const bad = [
    new Uint8Array(0), new Uint8Array([0x30]), new Uint8Array([0x30, 0]),
    new Uint8Array([...sig, 0]), // trailing byte
    sig.subarray(0, sig.length - 1), // truncated
    new Uint8Array([0x30, 0x81, sig[1], ...sig.subarray(2)]), // long-form length
    seq([...int([0, ...r]), ...int(s)].concat(r[0] & 0x80 ? [] : [])), // extra leading zero
    seq([0x02, r.length + 1, 0, ...r, ...int(s)]),
    seq([...int(r), 0x02, s.length + 1, 0, ...s]),
    seq([...int(r)]), // s missing
    seq([...int(r), ...int(s), ...int(s)]), // three integers
    seq([0x03, r.length, ...r, ...int(s)]), // wrong tag
    new Uint8Array([0x31, ...sig.subarray(1)]), // SET
    seq([...int(r), ...int(s)], sig[1] + 1),
    seq([...int(r), ...int(s)], sig[1] - 1),
    seq([0x02, 0x00, ...int(s)]), // empty integer
    seq([...int([0x80 | r[0], ...r.subarray(1)]), ...int(s)]), // negative r (if r had a high bit, it is now positive-padded wrongly)
    seq([...int([0xff, ...r]), ...int(s)]), // negative
    seq([...int([...r, 0]), ...int(s)]), // r * 256: too long
    seq([0x02, 0x81, r.length, ...r, ...int(s)]), // long-form integer length
    seq([...int([0]), ...int(s)]), // r = 0
    seq([...int(r), ...int([0])]),
  ];
  for (const b of bad) {
    let ok;
    t.notThrows(() => { ok = m.ecdsaVerify('p256', pub, digest, b, 'der'); }, hex(b));
    t.false(ok, hex(b));
  }
  // Random corruption never throws anything but a MicrotlsError.
  for (let i = 0; i < 300; i++) {
    const b = sig.slice();
    const flips = 1 + (i % 3);
    for (let j = 0; j < flips; j++) b[crypto.randomInt(b.length)] = crypto.randomInt(256);
    const cut = i % 7 === 0 ? b.subarray(0, crypto.randomInt(b.length)) : b;
    try {
      m.ecdsaVerify('p256', pub, digest, cut, 'der');
      m.ecdsaVerify('p256', pub, digest, cut, 'raw');
    } catch (e) {
      t.true(m.isMicrotlsError(e), String(e));
    }
  }
  t.false(m.ecdsaVerify('p256', pub, digest, new Uint8Array(63), 'raw'));
  t.false(m.ecdsaVerify('p256', pub, digest, new Uint8Array(64), 'raw'));
  refusedWith(t, () => m.ecdsaVerify('p256', pub, digest, sig, 'ber'), 'bad_format');
  refusedWith(t, () => m.ecdsaVerify('p521', pub, digest, sig, 'der'), 'bad_curve');
});

test('Ed25519: node:crypto signatures verify; tampered, S >= L and bad lengths do not', (t) => {
  const L = (1n << 252n) + 27742317777372353535851937790883648493n;
  for (let i = 0; i < 8; i++) {
    const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
    const pub = new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }).subarray(12));
    const msg = new Uint8Array(crypto.randomBytes(i * 9));
    const sig = new Uint8Array(crypto.sign(null, msg, privateKey));
    t.true(m.ed25519Verify(pub, msg, sig));
    const s2 = sig.slice();
    s2[i * 7] ^= 4;
    t.false(m.ed25519Verify(pub, msg, s2));
    if (msg.length) {
      const m2 = msg.slice();
      m2[0] ^= 1;
      t.false(m.ed25519Verify(pub, m2, sig));
    }
    // S + L: same point equation, non-canonical scalar.
    let S = 0n;
    for (let j = 63; j >= 32; j--) S = (S << 8n) | BigInt(sig[j]);
    const big = S + L;
    if (big < 1n << 256n) {
      const mal = sig.slice();
      let v = big;
      for (let j = 32; j < 64; j++) { mal[j] = Number(v & 255n); v >>= 8n; }
      t.false(m.ed25519Verify(pub, msg, mal));
    }
    t.false(m.ed25519Verify(pub, msg, sig.subarray(0, 63)));
    t.false(m.ed25519Verify(pub, msg, new Uint8Array([...sig, 0])));
    refusedWith(t, () => m.ed25519Verify(pub.subarray(0, 31), msg, sig), 'bad_length');
  }
});

test('p384: Wycheproof ECDSA P-384/SHA-384 passes on the host build (hashed by node:crypto)', (t) => {
  // The engine runner skips this file until the bundle has SHA-384; here node:crypto hashes.
  const file = new URL('../../shared/vectors/wycheproof/ecdsa_secp384r1_sha384_test.json', import.meta.url);
  const data = JSON.parse(readFileSync(file, 'utf8'));
  let passed = 0;
  for (const g of data.testGroups) {
    const pub = unhex(g.publicKey.uncompressed);
    for (const v of g.tests) {
      const digest = new Uint8Array(crypto.createHash('sha384').update(Buffer.from(v.msg, 'hex')).digest());
      let ok;
      try {
        ok = m.ecdsaVerify('p384', pub, digest, unhex(v.sig), 'der');
      } catch (e) {
        t.true(m.isMicrotlsError(e), `tcId ${v.tcId}: ${e}`);
        ok = false;
      }
      if (v.result === 'valid') t.true(ok, `tcId ${v.tcId} ${v.comment}`);
      else if (v.result === 'invalid') t.false(ok, `tcId ${v.tcId} ${v.comment}`);
      passed++;
    }
  }
  t.true(passed > 400);
});

test('Ed25519 signing: the same signatures and public keys as node:crypto, and ours verify', (t) => {
  const pkcs8Prefix = Buffer.from('302e020100300506032b657004220420', 'hex');
  for (let i = 0; i < 25; i++) {
    const seed = crypto.randomBytes(32);
    const msg = crypto.randomBytes(i * 41);
    const privateKey = crypto.createPrivateKey({ key: Buffer.concat([pkcs8Prefix, seed]), format: 'der', type: 'pkcs8' });
    const nodePub = crypto.createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).subarray(12);
    const pub = m.ed25519PublicKey(seed);
    t.is(Buffer.from(pub).toString('hex'), nodePub.toString('hex'));
    const sig = m.ed25519Sign(seed, msg);
    // Ed25519 is deterministic: equal bytes, not only a valid signature.
    t.is(Buffer.from(sig).toString('hex'), crypto.sign(null, msg, privateKey).toString('hex'));
    t.true(m.ed25519Verify(pub, msg, sig));
    t.true(crypto.verify(null, msg, crypto.createPublicKey(privateKey), sig));
  }
  refusedWith(t, () => m.ed25519Sign(new Uint8Array(31), new Uint8Array(1)), 'bad_length');
  refusedWith(t, () => m.ed25519PublicKey(new Uint8Array(64)), 'bad_length');
});
