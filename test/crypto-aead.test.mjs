// AES, AES-GCM, ChaCha20-Poly1305, AES-CBC and the TLS 1.2 CBC-HMAC record functions of the
// host build, checked against @noble/ciphers and node:crypto on random inputs, in place at
// nonzero offsets, with every kind of tampering and malformed input. Expects `npm run build`.
import test from 'ava';
import { randomBytes, randomInt, createCipheriv, createDecipheriv, createHash, createHmac } from 'node:crypto';
import { gcm } from '@noble/ciphers/aes.js';
import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import * as m from '../dist/node/microtls.mjs';

const hex = (b) => Buffer.from(b.buffer, b.byteOffset, b.length).toString('hex');
const fromHex = (s) => new Uint8Array(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
const concat = (...parts) => new Uint8Array(Buffer.concat(parts.map((p) => Buffer.from(p))));

function refusedWith(t, fn, code) {
  const e = t.throws(fn);
  t.true(m.isMicrotlsError(e), String(e));
  t.is(e.code, code);
}

// Lengths around block and chunk edges, plus random ones up to ~5000 bytes.
function lengths() {
  const out = [0, 1, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129, 255, 256, 1023, 1024, 1025, 4096, 5000];
  for (let i = 0; i < 40; i++) out.push(randomInt(0, 5001));
  return out;
}

// ---- AES block cipher ----

test('AES-128 and AES-256 blocks match node:crypto on random keys', (t) => {
  for (const kl of [16, 32]) {
    for (let i = 0; i < 200; i++) {
      const key = randomBytes(kl), block = randomBytes(16);
      const k = m.aesKey(key);
      const out = new Uint8Array(20);
      m.aesEncryptBlock(k, block, 0, out, 3);
      const want = createCipheriv(kl === 16 ? 'aes-128-ecb' : 'aes-256-ecb', key, null).setAutoPadding(false).update(block);
      t.is(hex(out.subarray(3, 19)), want.toString('hex'));
      m.aesDecryptBlock(k, out, 3, out, 3);
      t.is(hex(out.subarray(3, 19)), block.toString('hex'));
    }
  }
});

test('AES FIPS 197 appendix C known answers', (t) => {
  const pt = fromHex('00112233445566778899aabbccddeeff');
  const cases = [
    ['000102030405060708090a0b0c0d0e0f', '69c4e0d86a7b0430d8cdb78070b4c55a'],
    ['000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', '8ea2b7ca516745bfeafc49904b496089'],
  ];
  for (const [key, ct] of cases) {
    const out = new Uint8Array(16);
    m.aesEncryptBlock(m.aesKey(fromHex(key)), pt, 0, out, 0);
    t.is(hex(out), ct);
  }
});

test('AES refuses keys that are not 16 or 32 bytes, AES-192 included', (t) => {
  for (const n of [0, 15, 17, 24, 31, 33, 64]) refusedWith(t, () => m.aesKey(new Uint8Array(n)), 'bad_length');
});

// ---- the two AEADs ----

const aeads = [
  {
    name: 'AES-128-GCM', keyLen: 16, make: m.aesGcmKey,
    noble: (key, nonce, aad, pt) => gcm(key, nonce, aad).encrypt(pt),
    node: 'aes-128-gcm',
  },
  {
    name: 'AES-256-GCM', keyLen: 32, make: m.aesGcmKey,
    noble: (key, nonce, aad, pt) => gcm(key, nonce, aad).encrypt(pt),
    node: 'aes-256-gcm',
  },
  {
    name: 'ChaCha20-Poly1305', keyLen: 32, make: m.chacha20Poly1305Key,
    noble: (key, nonce, aad, pt) => chacha20poly1305(key, nonce, aad).encrypt(pt),
    node: 'chacha20-poly1305',
  },
];

function nodeSeal(alg, key, nonce, aad, pt) {
  const c = createCipheriv(alg, key, nonce, { authTagLength: 16 });
  c.setAAD(aad, { plaintextLength: pt.length });
  return Buffer.concat([c.update(pt), c.final(), c.getAuthTag()]);
}

function nodeOpen(alg, key, nonce, aad, sealed) {
  const d = createDecipheriv(alg, key, nonce, { authTagLength: 16 });
  const n = sealed.length - 16;
  d.setAAD(aad, { plaintextLength: n });
  d.setAuthTag(sealed.subarray(n));
  return Buffer.concat([d.update(sealed.subarray(0, n)), d.final()]);
}

/** A record of len bytes at offset off inside a buffer with random bytes around it. */
function placed(pt, off, extra) {
  const buf = new Uint8Array(randomBytes(off + pt.length + 16 + extra));
  buf.set(pt, off);
  return buf;
}

for (const a of aeads) {
  test(`${a.name} seal matches @noble/ciphers and node:crypto, in place at offsets`, (t) => {
    const key = randomBytes(a.keyLen);
    const k = a.make(key);
    for (const len of lengths()) {
      const nonce = randomBytes(12), aadBuf = randomBytes(randomInt(0, 80));
      const aadOff = randomInt(0, aadBuf.length + 1), aadLen = randomInt(0, aadBuf.length - aadOff + 1);
      const aad = aadBuf.subarray(aadOff, aadOff + aadLen);
      const pt = randomBytes(len);
      const off = randomInt(0, 40), extra = randomInt(0, 8);
      const buf = placed(pt, off, extra);
      const before = Uint8Array.from(buf);
      k.seal(nonce, aadBuf, aadOff, aadLen, buf, off, len);
      const sealed = buf.subarray(off, off + len + 16);
      t.is(hex(sealed), hex(a.noble(key, nonce, aad, pt)), `len ${len}`);
      t.is(hex(sealed), nodeSeal(a.node, key, nonce, aad, pt).toString('hex'));
      t.is(hex(buf.subarray(0, off)), hex(before.subarray(0, off)), 'bytes before the record untouched');
      t.is(hex(buf.subarray(off + len + 16)), hex(before.subarray(off + len + 16)), 'bytes after the tag untouched');
    }
  });

  test(`${a.name} opens what @noble/ciphers and node:crypto seal, in place at offsets`, (t) => {
    const key = randomBytes(a.keyLen);
    const k = a.make(key);
    for (const len of lengths()) {
      const nonce = randomBytes(12), aad = randomBytes(randomInt(0, 40)), pt = randomBytes(len);
      const sealed = (len & 1) ? a.noble(key, nonce, aad, pt) : nodeSeal(a.node, key, nonce, aad, pt);
      const off = randomInt(1, 40);
      const buf = placed(sealed.subarray(0, len), off, 3);
      buf.set(sealed.subarray(len), off + len);
      const aadBuf = concat(randomBytes(5), aad);
      t.true(k.open(nonce, aadBuf, 5, aad.length, buf, off, len), `len ${len}`);
      t.is(hex(buf.subarray(off, off + len)), pt.toString('hex'));
      // and node:crypto opens ours
      const ours = placed(pt, 0, 0);
      k.seal(nonce, aad, 0, aad.length, ours, 0, len);
      t.is(nodeOpen(a.node, key, nonce, aad, Buffer.from(ours)).toString('hex'), pt.toString('hex'));
    }
  });

  test(`${a.name} takes the aad from the same buffer, just before the record (the TLS 1.3 layout)`, (t) => {
    const key = randomBytes(a.keyLen), k = a.make(key);
    for (const len of [0, 1, 100, 1500]) {
      const nonce = randomBytes(12), header = Buffer.from([23, 3, 3, (len + 16) >> 8, (len + 16) & 255]);
      const pt = randomBytes(len);
      const rec = new Uint8Array(5 + len + 16);
      rec.set(header, 0);
      rec.set(pt, 5);
      k.seal(nonce, rec, 0, 5, rec, 5, len);
      t.is(hex(rec.subarray(5)), hex(a.noble(key, nonce, header, pt)));
      t.true(k.open(nonce, rec, 0, 5, rec, 5, len));
      t.is(hex(rec.subarray(5, 5 + len)), pt.toString('hex'));
      t.is(hex(rec.subarray(0, 5)), header.toString('hex'));
    }
  });

  test(`${a.name} refuses any single flipped bit in ciphertext, tag or aad and leaves the buffer as it was`, (t) => {
    const k = a.make(randomBytes(a.keyLen));
    // Every bit of a short record, and random bits of longer ones.
    const cases = [];
    for (const len of [0, 1, 17, 40]) {
      for (let bit = 0; bit < (len + 16) * 8; bit++) cases.push([len, 'ct', bit]);
      for (let bit = 0; bit < 13 * 8; bit++) cases.push([len, 'aad', bit]);
    }
    for (const len of [255, 1000, 4097]) {
      for (let i = 0; i < 60; i++) cases.push([len, 'ct', randomInt(0, (len + 16) * 8)]);
      for (let i = 0; i < 10; i++) cases.push([len, 'aad', randomInt(0, 13 * 8)]);
    }
    let refused = 0;
    for (const [len, where, bit] of cases) {
      const nonce = randomBytes(12), aad = new Uint8Array(randomBytes(13)), off = 7;
      const buf = placed(randomBytes(len), off, 2);
      k.seal(nonce, aad, 0, 13, buf, off, len);
      if (where === 'ct') buf[off + (bit >> 3)] ^= 1 << (bit & 7);
      else aad[bit >> 3] ^= 1 << (bit & 7);
      const before = hex(buf);
      if (!k.open(nonce, aad, 0, 13, buf, off, len) && hex(buf) === before) refused++;
    }
    t.is(refused, cases.length);
  });

  test(`${a.name} refuses a wrong nonce, a wrong key and a wrong aad length`, (t) => {
    const key = randomBytes(a.keyLen), k = a.make(key), nonce = randomBytes(12), aad = randomBytes(13);
    const buf = placed(randomBytes(100), 0, 0);
    k.seal(nonce, aad, 0, 13, buf, 0, 100);
    const copy = Uint8Array.from(buf);
    const other = Uint8Array.from(nonce);
    other[11] ^= 0x80;
    t.false(k.open(other, aad, 0, 13, buf, 0, 100));
    const key2 = Uint8Array.from(key);
    key2[0] ^= 1;
    t.false(a.make(key2).open(nonce, aad, 0, 13, buf, 0, 100));
    t.false(k.open(nonce, aad, 0, 12, buf, 0, 100));
    t.false(k.open(nonce, aad, 0, 13, buf, 0, 99), 'a shorter ciphertext with the tag misplaced');
    t.is(hex(buf), hex(copy));
    t.true(k.open(nonce, aad, 0, 13, buf, 0, 100));
  });

  test(`${a.name} with the same key: records are independent (no state carried between calls)`, (t) => {
    const key = randomBytes(a.keyLen), k = a.make(key);
    const nonce = randomBytes(12), aad = randomBytes(13), pt = randomBytes(333);
    const b1 = placed(pt, 0, 0), b2 = placed(pt, 0, 0);
    k.seal(nonce, aad, 0, 13, b1, 0, 333);
    k.seal(randomBytes(12), randomBytes(20), 0, 20, placed(randomBytes(50), 0, 0), 0, 50);
    t.false(k.open(nonce, aad, 0, 13, new Uint8Array(400), 0, 333));
    k.seal(nonce, aad, 0, 13, b2, 0, 333);
    t.is(hex(b1), hex(b2));
  });

  test(`${a.name} refuses bad keys, nonces and ranges with bad_length`, (t) => {
    for (const n of [0, 16 === a.keyLen ? 24 : 16, 31, 33]) {
      if (n === a.keyLen || (a.make === m.aesGcmKey && (n === 16 || n === 32))) continue;
      refusedWith(t, () => a.make(new Uint8Array(n)), 'bad_length');
    }
    const k = a.make(new Uint8Array(a.keyLen)), buf = new Uint8Array(64), aad = new Uint8Array(8);
    for (const nl of [0, 8, 11, 13, 16]) {
      refusedWith(t, () => k.seal(new Uint8Array(nl), aad, 0, 0, buf, 0, 10), 'bad_length');
      refusedWith(t, () => k.open(new Uint8Array(nl), aad, 0, 0, buf, 0, 10), 'bad_length');
    }
    const n12 = new Uint8Array(12);
    for (const [aadOff, aadLen, off, len] of [[0, 9, 0, 0], [9, 0, 0, 0], [-1, 1, 0, 0], [0.5, 1, 0, 0],
      [0, 0, 0, 49], [0, 0, 49, 0], [0, 0, -1, 4], [0, 0, 0, -1], [0, 0, NaN, 1], [0, 0, 1, 1.5]]) {
      refusedWith(t, () => k.seal(n12, aad, aadOff, aadLen, buf, off, len), 'bad_length');
      refusedWith(t, () => k.open(n12, aad, aadOff, aadLen, buf, off, len), 'bad_length');
    }
    t.notThrows(() => k.seal(n12, aad, 8, 0, buf, 48, 0));
    t.true(k.open(n12, aad, 8, 0, buf, 48, 0));
  });
}

test('ChaCha20-Poly1305 RFC 8439 section 2.8.2 known answer', (t) => {
  const key = fromHex('808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f');
  const nonce = fromHex('070000004041424344454647');
  const aad = fromHex('50515253c0c1c2c3c4c5c6c7');
  const pt = new Uint8Array(Buffer.from("Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it."));
  const buf = placed(pt, 0, 0);
  m.chacha20Poly1305Key(key).seal(nonce, aad, 0, aad.length, buf, 0, pt.length);
  t.is(hex(buf.subarray(pt.length)), '1ae10b594f09e26a7e902ecbd0600691');
  t.is(hex(buf.subarray(0, 16)), 'd31a8d34648e60db7b86afbc53ef7ec2');
});

test('AES-GCM known answer (GCM specification test case 4)', (t) => {
  const key = fromHex('feffe9928665731c6d6a8f9467308308');
  const pt = fromHex('d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39');
  const aad = fromHex('feedfacedeadbeeffeedfacedeadbeefabaddad2');
  const nonce = fromHex('cafebabefacedbaddecaf888');
  const buf = placed(pt, 0, 0);
  m.aesGcmKey(key).seal(nonce, aad, 0, aad.length, buf, 0, pt.length);
  t.is(hex(buf.subarray(pt.length)), '5bc94fbc3221a5db94fae95ae7121a47');
});

// ---- AES-CBC and PKCS#7 ----

test('AES-CBC encrypts and decrypts like node:crypto, in place, IV just before the data', (t) => {
  for (const kl of [16, 32]) {
    for (let i = 0; i < 40; i++) {
      const key = randomBytes(kl), iv = randomBytes(16), n = 16 * randomInt(0, 40);
      const pt = randomBytes(n);
      const want = createCipheriv(kl === 16 ? 'aes-128-cbc' : 'aes-256-cbc', key, iv).setAutoPadding(false).update(pt);
      const k = m.aesKey(key);
      const buf = new Uint8Array(n + 21);
      buf.set(iv, 3);
      buf.set(pt, 19);
      m.aesCbcEncrypt(k, buf, 3, buf, 19, n);
      t.is(hex(buf.subarray(19, 19 + n)), want.toString('hex'));
      t.is(hex(buf.subarray(3, 19)), iv.toString('hex'), 'the IV is left as it was');
      m.aesCbcDecrypt(k, buf, 3, buf, 19, n);
      t.is(hex(buf.subarray(19, 19 + n)), pt.toString('hex'));
    }
  }
  const k = m.aesKey(new Uint8Array(16));
  refusedWith(t, () => m.aesCbcEncrypt(k, new Uint8Array(16), 0, new Uint8Array(32), 0, 17), 'bad_length');
  refusedWith(t, () => m.aesCbcDecrypt(k, new Uint8Array(15), 0, new Uint8Array(32), 0, 16), 'bad_length');
  refusedWith(t, () => m.aesCbcDecrypt(k, new Uint8Array(16), 0, new Uint8Array(32), 8, 32), 'bad_length');
});

test('pkcs7Unpad accepts exactly the PKCS#7 paddings', (t) => {
  for (let p = 0; p <= 18; p++) {
    for (let len of [16, 32]) {
      const b = new Uint8Array(randomBytes(len + 2));
      for (let i = 0; i < Math.min(p, len); i++) b[1 + len - 1 - i] = p;
      const good = p >= 1 && p <= 16;
      t.is(m.pkcs7Unpad(b, 1, len), good ? len - p : -1, `p=${p} len=${len}`);
      if (good && p > 1) {
        b[1 + len - p] ^= 0x40; // one wrong padding byte
        t.is(m.pkcs7Unpad(b, 1, len), -1);
      }
    }
  }
  t.is(m.pkcs7Unpad(new Uint8Array(16), 0, 0), -1);
  t.is(m.pkcs7Unpad(new Uint8Array(17).fill(1), 0, 17), -1);
  refusedWith(t, () => m.pkcs7Unpad(new Uint8Array(16), 1, 16), 'bad_length');
});

// ---- TLS 1.2 CBC-HMAC records ----

/** A HashAlgorithm over node:crypto that counts compression-function calls in `stats`. */
function countingNode(name, outputLen, blockLen, stats) {
  const lengthField = blockLen === 128 ? 16 : 8;
  function wrap(h, absorbed) {
    const hasher = {
      update(data) {
        stats.compressions += Math.floor(((absorbed % blockLen) + data.length) / blockLen);
        absorbed += data.length;
        h.update(data);
        return hasher;
      },
      digest() {
        stats.compressions += (absorbed % blockLen) + 1 + lengthField > blockLen ? 2 : 1;
        return new Uint8Array(h.digest());
      },
      copy() { return wrap(h.copy(), absorbed); },
    };
    return hasher;
  }
  return { name, outputLen, blockLen, create: () => wrap(createHash(name), 0) };
}

const macs = [['sha256', 32, 64], ['sha1', 20, 64], ['sha384', 48, 128]];

/** The pure-TS HashAlgorithm `name` with its compression function counting blocks in `stats`:
 * its hashers stay the pure-TS ones, so aesCbcHmacKey takes its allocation-free path. */
function countingPure(name, outputLen, blockLen, stats) {
  const base = { sha1: m.SHA1, sha256: m.SHA256, sha384: m.SHA384 }[name];
  return {
    name, outputLen, blockLen,
    create() {
      const h = base.create();
      const compress = h.compress;
      if (typeof compress !== 'function') throw new Error('test bug: the pure hasher has no compress');
      h.compress = (st, data, off, end) => {
        stats.compressions += (end - off) / blockLen;
        compress(st, data, off, end);
      };
      return h;
    },
  };
}

/**
 * IV || AES-CBC(pt || mac || padding) built with node:crypto, with knobs to break it: padLen
 * (0..255, must make whole blocks), flipMac (byte index), badPad (index into the padding).
 */
function tlsRecord({ encKey, macKey, hash, seq, header, pt, iv, padLen, flipMac = -1, badPad = -1, padByte }) {
  const hdr = Buffer.from([header[0], header[1], header[2], pt.length >> 8, pt.length & 255]);
  const mac = createHmac(hash, macKey).update(seq).update(hdr).update(pt).digest();
  if (flipMac >= 0) mac[flipMac] ^= 0x01;
  const pad = Buffer.alloc(padLen + 1, padByte === undefined ? padLen : padByte);
  if (badPad >= 0) pad[badPad] ^= 0x20;
  const plain = Buffer.concat([pt, mac, pad]);
  if (plain.length % 16 !== 0) throw new Error('test bug: not whole blocks');
  const alg = encKey.length === 16 ? 'aes-128-cbc' : 'aes-256-cbc';
  return concat(iv, createCipheriv(alg, encKey, iv).setAutoPadding(false).update(plain));
}

/** The padding lengths 0..255 that make pt+mac+pad whole blocks. */
function validPadLens(ptLen, macLen) {
  const out = [];
  for (let p = 0; p < 256; p++) if ((ptLen + macLen + p + 1) % 16 === 0) out.push(p);
  return out;
}

for (const [kind, countingHash] of [['node:crypto', countingNode], ['pure-TS', countingPure]]) for (const [hash, macLen, blockLen] of macs) {
  test(`TLS CBC-HMAC-${hash} (${kind} hash): seal matches node:crypto and open returns the plaintext at offsets`, (t) => {
    const stats = { compressions: 0 };
    const H = countingHash(hash, macLen, blockLen, stats);
    for (const kl of [16, 32]) {
      const encKey = randomBytes(kl), macKey = randomBytes(macLen);
      const key = m.aesCbcHmacKey(encKey, macKey, H);
      t.is(key.macLen, macLen);
      for (const len of [0, 1, 15, 16, 17, 100, 255, 256, 1000, 4096, 16384]) {
        const seq = randomBytes(8), header = Buffer.from([23, 3, 3, 0, 0]), iv = randomBytes(16), pt = randomBytes(len);
        const off = randomInt(0, 9);
        const total = key.sealedLength(len);
        const buf = new Uint8Array(off + total + 4);
        buf.set(pt, off + 16);
        t.is(key.seal(seq, header, iv, buf, off, len), total);
        const padLen = validPadLens(len, macLen)[0];
        const want = tlsRecord({ encKey, macKey, hash, seq, header, pt, iv, padLen });
        t.is(hex(buf.subarray(off, off + total)), hex(want), `len ${len}`);
        t.is(key.open(seq, header, buf, off, total), len);
        t.is(hex(buf.subarray(off + 16, off + 16 + len)), pt.toString('hex'));
      }
    }
  });

  test(`TLS CBC-HMAC-${hash} (${kind} hash): every valid padding length opens; any bad padding or MAC gives -1`, (t) => {
    const H = countingHash(hash, macLen, blockLen, { compressions: 0 });
    const encKey = randomBytes(16), macKey = randomBytes(macLen);
    const key = m.aesCbcHmacKey(encKey, macKey, H);
    const seq = randomBytes(8), header = Buffer.from([23, 3, 3, 0, 0]);
    for (const len of [0, 5, 37, 300]) {
      const pt = randomBytes(len);
      for (const padLen of validPadLens(len, macLen)) {
        const iv = randomBytes(16);
        const rec = (opts) => tlsRecord({ encKey, macKey, hash, seq, header, pt, iv, padLen, ...opts });
        const open = (r, s = seq, h = header) => {
          const b = Uint8Array.from(r);
          const got = key.open(s, h, b, 0, r.length);
          if (got < 0) t.is(hex(b), hex(r), 'a refused record is left as it was');
          return got;
        };
        t.is(open(rec({})), len, `padLen ${padLen}`);
        // a wrong byte anywhere in the padding (the length byte itself included)
        for (const i of new Set([0, padLen >> 1, padLen])) t.is(open(rec({ badPad: i })), -1, `badPad ${i} of ${padLen}`);
        // a wrong MAC byte, first, middle and last
        for (const i of [0, macLen >> 1, macLen - 1]) t.is(open(rec({ flipMac: i })), -1);
        // the MAC of another sequence number or record type
        const seq2 = Uint8Array.from(seq);
        seq2[7] ^= 1;
        t.is(open(rec({}), seq2), -1);
        t.is(open(rec({}), seq, Buffer.from([22, 3, 3, 0, 0])), -1);
        // a flipped bit in the IV or the ciphertext
        const r = rec({});
        const flip = Uint8Array.from(r);
        flip[randomInt(0, r.length)] ^= 1 << randomInt(0, 8);
        t.is(open(flip), -1);
      }
    }
  });

  test(`TLS CBC-HMAC-${hash} (${kind} hash): padding that claims more than the record holds, and bad lengths, give -1`, (t) => {
    const H = countingHash(hash, macLen, blockLen, { compressions: 0 });
    const encKey = randomBytes(16), macKey = randomBytes(macLen);
    const key = m.aesCbcHmacKey(encKey, macKey, H);
    const seq = randomBytes(8), header = [23, 3, 3];
    // Plaintext of exactly one MAC plus padding: a padding value one larger than fits.
    for (let n = 16 * Math.ceil((macLen + 1) / 16); n <= 320; n += 16) {
      const iv = randomBytes(16);
      const maxPad = n - macLen - 1;
      // all bytes equal to a padding value that overruns into (or past) the MAC
      for (const v of [maxPad + 1, maxPad + 2, 255]) {
        if (v > 255) continue;
        const plain = Buffer.alloc(n, v);
        const r = concat(iv, createCipheriv('aes-128-cbc', encKey, iv).setAutoPadding(false).update(plain));
        const before = hex(r);
        t.is(key.open(seq, header, r, 0, r.length), -1, `n ${n} pad ${v}`);
        t.is(hex(r), before, 'a refused record is left as it was');
      }
    }
    for (const len of [0, 15, 16, 17, 31, 33, 47]) {
      const r = randomBytes(len);
      if (len - 16 >= macLen + 1 && (len - 16) % 16 === 0) continue;
      t.is(key.open(seq, header, new Uint8Array(r), 0, len), -1, `fragment length ${len}`);
    }
  });

  test(`TLS CBC-HMAC-${hash} (${kind} hash): opening runs the same number of hash compressions for good, bad-padding and bad-MAC records`, (t) => {
    const stats = { compressions: 0 };
    const H = countingHash(hash, macLen, blockLen, stats);
    const encKey = randomBytes(16), macKey = randomBytes(macLen);
    const key = m.aesCbcHmacKey(encKey, macKey, H);
    const seq = randomBytes(8), header = [23, 3, 3];
    for (const total of [64, 112, 320, 1024]) {
      const n = total; // ciphertext bytes after the IV
      const counts = new Map();
      for (let padLen = 0; padLen < 256; padLen++) {
        const len = n - macLen - 1 - padLen;
        if (len < 0) break;
        const iv = randomBytes(16), pt = randomBytes(len);
        for (const opts of [{}, { flipMac: 0 }, { badPad: 0 }]) {
          if (opts.badPad !== undefined && padLen === 0) continue;
          const r = tlsRecord({ encKey, macKey, hash, seq, header, pt, iv, padLen, ...opts });
          stats.compressions = 0;
          const got = key.open(seq, header, r, 0, r.length);
          t.is(got, opts.flipMac === undefined && opts.badPad === undefined ? len : -1);
          counts.set(stats.compressions, (counts.get(stats.compressions) || 0) + 1);
        }
      }
      t.is(counts.size, 1, `ciphertext of ${n}: compressions ${JSON.stringify([...counts])}`);
    }
  });

  test(`TLS CBC-HMAC-${hash} (${kind} hash): bad arguments are refused with bad_length`, (t) => {
    const key = m.aesCbcHmacKey(randomBytes(16), randomBytes(macLen), countingHash(hash, macLen, blockLen, { compressions: 0 }));
    const seq = new Uint8Array(8), header = new Uint8Array(5), iv = new Uint8Array(16);
    const need = key.sealedLength(10);
    refusedWith(t, () => key.seal(seq, header, iv, new Uint8Array(need - 1), 0, 10), 'bad_length');
    refusedWith(t, () => key.seal(new Uint8Array(7), header, iv, new Uint8Array(need), 0, 10), 'bad_length');
    refusedWith(t, () => key.seal(seq, new Uint8Array(2), iv, new Uint8Array(need), 0, 10), 'bad_length');
    refusedWith(t, () => key.seal(seq, header, new Uint8Array(15), new Uint8Array(need), 0, 10), 'bad_length');
    refusedWith(t, () => key.open(seq, header, new Uint8Array(64), 16, 64), 'bad_length');
    refusedWith(t, () => m.aesCbcHmacKey(new Uint8Array(24), new Uint8Array(32), m.SHA256), 'bad_length');
  });
}

test('TLS CBC-HMAC with the built-in SHA256 and a MAC key longer than a hash block', (t) => {
  const encKey = randomBytes(32), macKey = randomBytes(100);
  const key = m.aesCbcHmacKey(encKey, macKey, m.SHA256);
  const seq = randomBytes(8), header = [23, 3, 3], iv = randomBytes(16), pt = randomBytes(77);
  const buf = new Uint8Array(key.sealedLength(77));
  buf.set(pt, 16);
  const total = key.seal(seq, header, iv, buf, 0, 77);
  const want = tlsRecord({ encKey, macKey, hash: 'sha256', seq, header, pt, iv, padLen: validPadLens(77, 32)[0] });
  t.is(hex(buf.subarray(0, total)), hex(want));
  t.is(key.open(seq, header, buf, 0, total), 77);
});

// ---- steady state allocates nothing ----

// The counting typed-array constructors, installed before the bundle loads; `made` counts every
// array made, by `new` or by subarray/slice (which construct through the species).
const COUNTING = `var made = 0;
['Int8Array', 'Uint8Array', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array']
  .forEach(function (name) {
    const Base = globalThis[name];
    globalThis[name] = class extends Base { constructor(...args) { super(...args); made++; } };
  });`;

// Keys for both AEADs and the TLS 1.2 CBC-HMAC suites (pure-TS hashes), and one round of records:
// seal, open, and a refused open of each.
const RECORDS = `var g = microtls.aesGcmKey(new Uint8Array(16)), c = microtls.chacha20Poly1305Key(new Uint8Array(32));
var cbcs = [microtls.aesCbcHmacKey(new Uint8Array(16), new Uint8Array(32), microtls.SHA256),
  microtls.aesCbcHmacKey(new Uint8Array(32), new Uint8Array(20), microtls.SHA1),
  microtls.aesCbcHmacKey(new Uint8Array(32), new Uint8Array(48), microtls.SHA384)];
var buf = new Uint8Array(1100), nonce = new Uint8Array(12), aad = new Uint8Array(13), seq = new Uint8Array(8),
  header = new Uint8Array([23, 3, 3, 0, 0]), iv = new Uint8Array(16), opened = 0, i;
function round(n) {
  g.seal(nonce, aad, 0, 13, buf, 1, n); if (g.open(nonce, aad, 0, 13, buf, 1, n)) opened++;
  c.seal(nonce, aad, 0, 13, buf, 1, n); if (c.open(nonce, aad, 0, 13, buf, 1, n)) opened++;
  buf[1] ^= 1; g.open(nonce, aad, 0, 13, buf, 1, n); c.open(nonce, aad, 0, 13, buf, 1, n);
  for (var j = 0; j < cbcs.length; j++) {
    var total = cbcs[j].seal(seq, header, iv, buf, 1, n);
    if (cbcs[j].open(seq, header, buf, 1, total) === n) opened++;
    cbcs[j].seal(seq, header, iv, buf, 1, n);
    buf[total] ^= 1;
    if (cbcs[j].open(seq, header, buf, 1, total) === -1) opened++;
  }
}
round(1000);`;

test('AEAD and CBC-HMAC seal and open create no typed array per record once the key is set up (Node)', async (t) => {
  const { readFileSync } = await import('node:fs');
  const vm = await import('node:vm');
  const context = vm.createContext({});
  vm.runInContext(COUNTING, context);
  vm.runInContext(readFileSync(new URL('../dist/generic/microtls.js', import.meta.url), 'utf8'), context);
  vm.runInContext(RECORDS, context);
  const before = context.made;
  t.true(before > 0, 'the counting constructors are the ones the bundle uses');
  vm.runInContext('opened = 0; for (i = 0; i < 300; i++) round(i * 3);', context);
  t.is(context.opened, 300 * 8, 'every record opened and every tampered CBC record was refused');
  t.is(context.made, before);
  vm.runInContext('buf.subarray(1, 2);', context);
  t.is(context.made, before + 1, 'a subarray would have been counted');
});

test('AEAD and CBC-HMAC records allocate nothing per record in QuickJS: 1,000 rounds, typed arrays counted', async (t) => {
  const { runInEngine } = await import('../tools/engines/index.mjs');
  const { bundleFor } = await import('../tools/selftest.mjs');
  // QuickJS frees garbage at once (reference counting), so its memory counters after a run show
  // what is kept, not what was made: the constructors count what is made.
  const script = COUNTING + '\n' + bundleFor('generic') + '\n' + RECORDS + `
    var before = made; opened = 0;
    for (i = 0; i < 1000; i++) round(i % 1000);
    print('made ' + (made - before) + ' opened ' + opened);
    var probe = buf.subarray(0, 1);
    print('probe ' + (made - before));
    print('1 passed, 0 failed');`;
  const r = await runInEngine('quickjs', script, { timeoutMs: 300000 });
  t.true(r.ok, r.stdout + r.stderr);
  t.regex(r.stdout, /^made 0 opened 8000$/m);
  t.regex(r.stdout, /^probe 1$/m, 'a subarray would have been counted');
});
