// The hash layer (SHA-1, SHA-256, SHA-384, SHA-512, HMAC, HKDF, HKDF-Expand-Label, TLS 1.2 PRF)
// against node:crypto on random inputs, the RFC 8448 key schedule and the published TLS 1.2 PRF
// vector, plus the inputs it must refuse.
import test from 'ava';
import crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as m from '../dist/node/microtls.mjs';

const ALGS = [['sha1', m.SHA1], ['sha256', m.SHA256], ['sha384', m.SHA384], ['sha512', m.SHA512]];
const hex = (b) => Buffer.from(b).toString('hex');
const u8 = (b) => new Uint8Array(b.buffer, b.byteOffset, b.length);
const rand = (n) => u8(crypto.randomBytes(n));
const randInt = (n) => crypto.randomInt(n);

function refused(t, fn, code) {
  const e = t.throws(fn);
  t.true(m.isMicrotlsError(e), String(e));
  t.is(e.code, code);
}

test('algorithm descriptors', (t) => {
  t.deepEqual(ALGS.map(([, a]) => [a.name, a.outputLen, a.blockLen]),
    [['sha1', 20, 64], ['sha256', 32, 64], ['sha384', 48, 128], ['sha512', 64, 128]]);
});

for (const [name, alg] of ALGS) {
  test(`${name}: every length 0..300 and a few large inputs match node:crypto`, (t) => {
    const lengths = [];
    for (let n = 0; n <= 300; n++) lengths.push(n);
    lengths.push(1000, 4095, 65536 + 17, 1 << 20);
    let matched = 0;
    for (const n of lengths) {
      const data = rand(n);
      const want = crypto.createHash(name).update(data).digest('hex');
      const got = hex(alg.create().update(data).digest());
      if (got !== want) return t.fail(`length ${n}: got ${got}, want ${want}`);
      matched++;
    }
    t.is(matched, lengths.length);
  });

  test(`${name}: updates split at random points, including empty ones`, (t) => {
    let matched = 0;
    for (let round = 0; round < 200; round++) {
      const data = rand(randInt(700));
      const h = alg.create();
      let at = 0;
      while (at < data.length) {
        const step = randInt(4) === 0 ? 0 : 1 + randInt(randInt(2) ? 8 : 300);
        h.update(data.subarray(at, Math.min(data.length, at + step)));
        at += step;
      }
      const want = crypto.createHash(name).update(data).digest('hex');
      if (hex(h.digest()) !== want) return t.fail(`round ${round}, length ${data.length}`);
      matched++;
    }
    t.is(matched, 200);
  });

  test(`${name}: copy() gives an independent running state`, (t) => {
    for (let round = 0; round < 50; round++) {
      const prefix = rand(randInt(400));
      const a = rand(randInt(300));
      const b = rand(randInt(300));
      const h = alg.create().update(prefix);
      const c = h.copy();
      // Finish the copy first: it must not disturb the original, nor the original the copy.
      const c2 = c.copy();
      t.is(hex(c.update(b).digest()), crypto.createHash(name).update(prefix).update(b).digest('hex'));
      t.is(hex(h.update(a).digest()), crypto.createHash(name).update(prefix).update(a).digest('hex'));
      t.is(hex(c2.digest()), crypto.createHash(name).update(prefix).digest('hex'));
    }
  });

  test(`${name}: a finished hasher refuses more work`, (t) => {
    const h = alg.create().update(rand(10));
    h.digest();
    refused(t, () => h.digest(), 'bad_state');
    refused(t, () => h.update(rand(1)), 'bad_state');
  });

  test(`${name}: HMAC matches node:crypto for keys around the block length`, (t) => {
    const keyLens = [0, 1, 16, 20, 32, 48, 63, 64, 65, 100, 127, 128, 129, 200, 300];
    for (const kl of keyLens) {
      for (const dl of [0, 1, 55, 64, 111, 128, 1000]) {
        const key = rand(kl);
        const data = rand(dl);
        const want = crypto.createHmac(name, key).update(data).digest('hex');
        t.is(hex(m.hmac(alg, key, data)), want, `key ${kl}, data ${dl}`);
        // Incremental, with a copy taken midway that finishes on its own.
        const h = m.hmacCreate(alg, key);
        const cut = randInt(dl + 1);
        h.update(data.subarray(0, cut));
        const c = h.copy();
        t.is(hex(h.update(data.subarray(cut)).digest()), want);
        t.is(hex(c.digest()), crypto.createHmac(name, key).update(data.subarray(0, cut)).digest('hex'));
      }
    }
  });

  test(`${name}: HKDF matches crypto.hkdfSync`, (t) => {
    const max = 255 * alg.outputLen;
    for (let round = 0; round < 60; round++) {
      const ikm = rand(randInt(100));
      const salt = rand(randInt(3) === 0 ? 0 : randInt(200));
      const info = rand(randInt(3) === 0 ? 0 : randInt(300));
      const len = round === 0 ? max : round === 1 ? 0 : 1 + randInt(round < 10 ? max : 3 * alg.outputLen);
      const prk = m.hkdfExtract(alg, salt, ikm);
      t.is(hex(prk), crypto.createHmac(name, salt).update(ikm).digest('hex'));
      const okm = m.hkdfExpand(alg, prk, info, len);
      t.is(okm.length, len);
      t.is(hex(okm), hex(u8(Buffer.from(crypto.hkdfSync(name, ikm, salt, info, len)))), `length ${len}`);
    }
  });

  test(`${name}: HKDF-Expand refuses more than 255 * HashLen bytes and bad lengths`, (t) => {
    const prk = rand(alg.outputLen);
    refused(t, () => m.hkdfExpand(alg, prk, rand(3), 255 * alg.outputLen + 1), 'bad_length');
    refused(t, () => m.hkdfExpand(alg, prk, rand(3), -1), 'bad_length');
    refused(t, () => m.hkdfExpand(alg, prk, rand(3), 1.5), 'bad_length');
    refused(t, () => m.hkdfExpand(alg, prk, rand(3), NaN), 'bad_length');
  });

  test(`${name}: TLS 1.2 PRF matches a P_hash built from node:crypto HMAC`, (t) => {
    for (let round = 0; round < 40; round++) {
      const secret = rand(randInt(100));
      const seed = rand(randInt(80));
      const label = ['master secret', 'key expansion', 'client finished', 'extended master secret', ''][round % 5];
      const len = round === 0 ? 0 : 1 + randInt(200);
      t.is(hex(m.tls12Prf(alg, secret, label, seed, len)), pHash(name, secret, Buffer.concat([Buffer.from(label), seed]), len));
    }
  });
}

/** P_hash of RFC 5246 section 5, straight from the text with node:crypto's HMAC. */
function pHash(name, secret, seed, len) {
  let a = seed;
  let out = Buffer.alloc(0);
  while (out.length < len) {
    a = crypto.createHmac(name, secret).update(a).digest();
    out = Buffer.concat([out, crypto.createHmac(name, secret).update(Buffer.concat([a, seed])).digest()]);
  }
  return out.subarray(0, len).toString('hex');
}

test('TLS 1.2 PRF: the published SHA-256 vector ("test label", 100 bytes)', (t) => {
  const secret = Buffer.from('9bbe436ba940f017b17652849a71db35', 'hex');
  const seed = Buffer.from('a0ba9f936cda311827a6f796ffd5198c', 'hex');
  const want = 'e3f229ba727be17b8d122620557cd453c2aab21d07c3d495329b52d4e61edb5a' +
    '6b301791e90d35c9c9a46b4e14baf9af0fa022f7077def17abfd3797c0564bab4fbc91666e9def9b97fce34f' +
    '796789baa48082d122ee42c5a72e5a5110fff70187347b66';
  // The vector is checked against the independent P_hash first, then against microtls.
  t.is(pHash('sha256', secret, Buffer.concat([Buffer.from('test label'), seed]), 100), want);
  t.is(hex(m.tls12Prf(m.SHA256, u8(secret), 'test label', u8(seed), 100)), want);
});

test('TLS 1.2 PRF refuses bad lengths and non-ASCII labels', (t) => {
  refused(t, () => m.tls12Prf(m.SHA256, rand(48), 'x', rand(64), -1), 'bad_length');
  refused(t, () => m.tls12Prf(m.SHA256, rand(48), 'x', rand(64), 2.5), 'bad_length');
  refused(t, () => m.tls12Prf(m.SHA256, rand(48), 'caf\u00e9', rand(64), 12), 'bad_label');
});

/** HKDF-Expand-Label built by hand from RFC 8446 section 7.1 over node:crypto's HKDF-Expand. */
function expandLabelNode(name, secret, label, context, len) {
  const full = Buffer.from('tls13 ' + label, 'ascii');
  const info = Buffer.concat([Buffer.from([len >> 8, len & 255, full.length]), full, Buffer.from([context.length]), context]);
  // node:crypto has no HKDF-Expand on its own, so T(1..n) comes from its HMAC.
  let t = Buffer.alloc(0);
  let out = Buffer.alloc(0);
  for (let i = 1; out.length < len; i++) {
    t = crypto.createHmac(name, secret).update(Buffer.concat([t, info, Buffer.from([i])])).digest();
    out = Buffer.concat([out, t]);
  }
  return out.subarray(0, len).toString('hex');
}

test('HKDF-Expand-Label matches the RFC 8446 layout on random inputs', (t) => {
  for (const [name, alg] of [['sha256', m.SHA256], ['sha384', m.SHA384]]) {
    for (let round = 0; round < 40; round++) {
      const secret = rand(alg.outputLen);
      const label = ['key', 'iv', 'finished', 'derived', 'c hs traffic', 'res binder', 'x'.repeat(249)][round % 7];
      const context = rand(randInt(3) ? alg.outputLen : randInt(256));
      const len = [12, 16, 32, alg.outputLen, 1 + randInt(500)][round % 5];
      t.is(hex(m.hkdfExpandLabel(alg, secret, label, context, len)), expandLabelNode(name, secret, label, context, len));
    }
  }
});

test('HKDF-Expand-Label refuses over-long labels, contexts and lengths, and non-ASCII labels', (t) => {
  const s = rand(32);
  t.is(m.hkdfExpandLabel(m.SHA256, s, 'x'.repeat(249), rand(255), 32).length, 32);
  refused(t, () => m.hkdfExpandLabel(m.SHA256, s, 'x'.repeat(250), rand(0), 32), 'bad_length');
  refused(t, () => m.hkdfExpandLabel(m.SHA256, s, 'key', rand(256), 32), 'bad_length');
  refused(t, () => m.hkdfExpandLabel(m.SHA256, s, 'key', rand(0), 255 * 32 + 1), 'bad_length');
  refused(t, () => m.hkdfExpandLabel(m.SHA256, s, 'key', rand(0), 65536), 'bad_length');
  refused(t, () => m.hkdfExpandLabel(m.SHA256, s, 'k\u00e9y', rand(0), 16), 'bad_label');
});

/** The `[section]` blocks of transcripts.vec as { section: { Name: Buffer } }. */
function readTranscripts() {
  const text = readFileSync(new URL('../../shared/vectors/rfc8448/transcripts.vec', import.meta.url), 'utf8');
  const out = {};
  let cur = null;
  for (const line of text.split('\n')) {
    const sec = /^\[(.+)\]$/.exec(line.trim());
    if (sec) { cur = out[sec[1]] = {}; continue; }
    const kv = /^(\w+) = ([0-9a-fA-F]+)$/.exec(line.trim());
    if (kv && cur) cur[kv[1]] = Buffer.from(kv[2], 'hex');
  }
  return out;
}

test('RFC 8448 section 3: the handshake key schedule from the trace', (t) => {
  const v = readTranscripts().Simple_1RTT_Handshake;
  const H = m.SHA256;
  const hash = (b) => m.sha256(u8(b));
  // The RNG output: 32 bytes of random, then the X25519 private key, on each side.
  const clientPriv = v.Client_RNG_Pool.subarray(32, 64);
  const clientHello = v.Record_ClientHello_1.subarray(5);
  const serverHello = v.Message_ServerHello;
  // The server's key share is the last 32 bytes before supported_versions (00 2b 00 02 03 04).
  const serverPub = serverHello.subarray(serverHello.length - 6 - 32, serverHello.length - 6);
  const shared = m.x25519(u8(clientPriv), u8(serverPub));
  t.is(hex(shared), '8bd4054fb55b9d63fdfbacf9f04b9f0d35e6d63f537563efd46272900f89492d');

  const zeros = new Uint8Array(32);
  const early = m.hkdfExtract(H, new Uint8Array(0), zeros);
  t.is(hex(early), '33ad0a1c607ec03b09e6cd9893680ce210adf300aa1f2660e1b22e10f170f92a');
  const derived = m.hkdfExpandLabel(H, early, 'derived', hash(Buffer.alloc(0)), 32);
  t.is(hex(derived), '6f2615a108c702c5678f54fc9dbab69716c076189c48250cebeac3576c3611ba');
  const hs = m.hkdfExtract(H, derived, shared);
  t.is(hex(hs), '1dc826e93606aa6fdc0aadc12f741b01046aa6b99f691ed221a9f0ca043fbeac');
  const th = hash(Buffer.concat([clientHello, serverHello]));
  const chs = m.hkdfExpandLabel(H, hs, 'c hs traffic', th, 32);
  const shs = m.hkdfExpandLabel(H, hs, 's hs traffic', th, 32);
  t.is(hex(chs), 'b3eddb126e067f35a780b3abf45e2d8f3b1a950738f52e9600746a0e27a55a21');
  t.is(hex(shs), 'b67b7d690cc16c4e75e54213cb2d37b4e9c912bcded9105d42befd59d391ad38');

  const key = (secret) => m.hkdfExpandLabel(H, secret, 'key', new Uint8Array(0), 16);
  const iv = (secret) => m.hkdfExpandLabel(H, secret, 'iv', new Uint8Array(0), 12);
  t.is(hex(key(chs)), 'dbfaa693d1762c5b666af5d950258d01');
  t.is(hex(iv(chs)), '5bd3c71b836e0b76bb73265f');
  t.is(hex(key(shs)), '3fce516009c21727d0f2e4e86ee403bc');
  t.is(hex(iv(shs)), '5d313eb2671276ee13000b30');

  // Independent of the printed values: the derived keys open the trace's encrypted records
  // (AES-128-GCM, first record under each key, so the nonce is the IV itself).
  function open(record, k, n) {
    const body = record.subarray(5, 5 + record.readUInt16BE(3));
    const d = crypto.createDecipheriv('aes-128-gcm', k, n);
    d.setAAD(record.subarray(0, 5));
    d.setAuthTag(body.subarray(body.length - 16));
    return Buffer.concat([d.update(body.subarray(0, body.length - 16)), d.final()]);
  }
  const serverFlight = open(v.Record_ServerHandshakeMessages, key(shs), iv(shs));
  t.is(hex(serverFlight.subarray(0, v.Message_EncryptedExtensions.length)), hex(v.Message_EncryptedExtensions));
  t.is(serverFlight[serverFlight.length - 1], 22); // inner content type: handshake
  const clientFinished = open(v.Record_ClientFinished, key(chs), iv(chs));
  t.is(clientFinished[0], 20); // a Finished message
  t.is(clientFinished.length, 4 + 32 + 1);
});
