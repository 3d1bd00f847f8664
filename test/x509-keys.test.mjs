// Milestone 1 of X.509: the DER reader, PEM, keys (SPKI, PKCS#8, SEC 1, PKCS#1), certificate
// parsing and message signatures, against node:crypto (OpenSSL) keys and signatures.
import test from 'ava';
import crypto from 'node:crypto';
import * as m from '../dist/node/microtls.mjs';

const u8 = (b) => new Uint8Array(b);
const rand = (out) => { crypto.randomFillSync(out); };
const msg = u8(Buffer.from('microtls x509 milestone one'));

const KEYS = {
  rsa: () => crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }),
  p256: () => crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' }),
  p384: () => crypto.generateKeyPairSync('ec', { namedCurve: 'P-384' }),
  ed25519: () => crypto.generateKeyPairSync('ed25519'),
};
const pairs = {};
for (const k of Object.keys(KEYS)) pairs[k] = KEYS[k]();

const spkiOf = (pub) => u8(pub.export({ type: 'spki', format: 'der' }));

function nodeVerify(kind, alg, pub, data, sig) {
  if (alg.key === 'ed25519') return crypto.verify(null, data, pub, sig);
  const opts = { key: pub };
  if (alg.key === 'rsa-pss') { opts.padding = crypto.constants.RSA_PKCS1_PSS_PADDING; opts.saltLength = crypto.constants.RSA_PSS_SALTLEN_DIGEST; }
  return crypto.verify(alg.hash, data, opts, sig);
}
function nodeSign(alg, priv, data) {
  if (alg.key === 'ed25519') return u8(crypto.sign(null, data, priv));
  const opts = { key: priv };
  if (alg.key === 'rsa-pss') { opts.padding = crypto.constants.RSA_PKCS1_PSS_PADDING; opts.saltLength = crypto.constants.RSA_PSS_SALTLEN_DIGEST; }
  return u8(crypto.sign(alg.hash, data, opts));
}

const ALGS = {
  rsa: [{ key: 'rsa', hash: 'sha256' }, { key: 'rsa', hash: 'sha384' }, { key: 'rsa', hash: 'sha512' },
    { key: 'rsa-pss', hash: 'sha256' }, { key: 'rsa-pss', hash: 'sha384' }, { key: 'rsa-pss', hash: 'sha512' }],
  p256: [{ key: 'ecdsa', hash: 'sha256' }, { key: 'ecdsa', hash: 'sha384' }],
  p384: [{ key: 'ecdsa', hash: 'sha384' }, { key: 'ecdsa', hash: 'sha256' }],
  ed25519: [{ key: 'ed25519', hash: null }],
};

for (const kind of Object.keys(KEYS)) {
  test(`${kind}: SPKI parses, node signatures verify, tampered ones do not`, (t) => {
    const { publicKey, privateKey } = pairs[kind];
    const spki = spkiOf(publicKey);
    const pub = m.parsePublicKeyInfo(spki);
    t.is(pub.kind, kind);
    t.deepEqual(u8(pub.spki), spki);
    if (kind !== 'rsa') {
      const jwk = publicKey.export({ format: 'jwk' });
      const x = u8(Buffer.from(jwk.x, 'base64url'));
      t.deepEqual(u8(pub.raw.subarray(kind === 'ed25519' ? 0 : 1, 1 + x.length - (kind === 'ed25519' ? 1 : 0))), x);
    }
    for (const alg of ALGS[kind]) {
      const sig = nodeSign(alg, privateKey, msg);
      t.true(m.verifySignature(pub, alg, msg, sig), JSON.stringify(alg));
      const bad = u8(sig); bad[bad.length >> 1] ^= 1;
      t.false(m.verifySignature(pub, alg, msg, bad));
      const other = u8(msg); other[0] ^= 1;
      t.false(m.verifySignature(pub, alg, other, sig));
    }
  });

  for (const fmt of kind === 'rsa' ? ['pkcs8', 'pkcs1'] : kind === 'ed25519' ? ['pkcs8'] : ['pkcs8', 'sec1']) {
    test(`${kind}: ${fmt} private key (PEM and DER) signs what node verifies`, (t) => {
      const { publicKey, privateKey } = pairs[kind];
      const pem = privateKey.export({ type: fmt, format: 'pem' });
      const der = u8(privateKey.export({ type: fmt, format: 'der' }));
      for (const input of [pem, der]) {
        const priv = m.parsePrivateKey(input, { random: rand });
        t.is(priv.kind, kind);
        t.deepEqual(u8(priv.pub.spki), spkiOf(publicKey), 'public half re-encoded as node encodes it');
        for (const alg of ALGS[kind]) {
          if (kind === 'p384') {
            t.throws(() => m.signMessage(priv, alg, msg, rand), { name: 'X509Error', code: 'unsupported_algorithm' });
            continue;
          }
          const sig = m.signMessage(priv, alg, msg, rand);
          t.true(nodeVerify(kind, alg, publicKey, msg, sig), JSON.stringify(alg));
          t.true(m.verifySignature(priv.pub, alg, msg, sig));
        }
      }
    });
  }
}

test('a key used with the wrong algorithm is refused with a typed error', (t) => {
  const pub = m.parsePublicKeyInfo(spkiOf(pairs.p256.publicKey));
  t.throws(() => m.verifySignature(pub, { key: 'rsa', hash: 'sha256' }, msg, new Uint8Array(256)), { name: 'X509Error', code: 'key_mismatch' });
  const ed = m.parsePublicKeyInfo(spkiOf(pairs.ed25519.publicKey));
  t.false(m.verifySignature(ed, { key: 'ed25519', hash: null }, msg, new Uint8Array(63)));
});

test('RSA 1024 is refused unless allowed', (t) => {
  const { publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 1024 });
  t.throws(() => m.parsePublicKeyInfo(spkiOf(publicKey)), { name: 'X509Error', code: 'bad_key' });
  t.is(m.parsePublicKeyInfo(spkiOf(publicKey), true).rsa.bits, 1024);
});

test('unsupported curves and encrypted keys are refused', (t) => {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'secp256k1' });
  t.throws(() => m.parsePublicKeyInfo(spkiOf(publicKey)), { name: 'X509Error', code: 'unsupported_key' });
  t.throws(() => m.parsePrivateKey(privateKey.export({ type: 'pkcs8', format: 'pem' })), { name: 'X509Error', code: 'unsupported_key' });
  const enc = pairs.p256.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-128-cbc', passphrase: 'x' });
  t.throws(() => m.parsePrivateKey(enc), { name: 'X509Error', code: 'unsupported_key' });
  const x = crypto.generateKeyPairSync('x25519');
  t.throws(() => m.parsePublicKeyInfo(spkiOf(x.publicKey)), { name: 'X509Error', code: 'unsupported_key' });
});

test('pemDecode decodes every block (own base64) and filters by label', (t) => {
  const bodies = [];
  let text = 'comment line\n';
  for (let n = 0; n < 70; n++) {
    const b = crypto.randomBytes(n);
    bodies.push(u8(b));
    text += `-----BEGIN THING-----\n${b.toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END THING-----\n`;
    if (n % 10 === 0) text += '-----BEGIN OTHER-----\nAAAA\n-----END OTHER-----\n';
  }
  const got = m.pemDecode(text, 'THING');
  t.is(got.length, 70);
  for (let i = 0; i < 70; i++) t.deepEqual(u8(got[i]), bodies[i]);
  t.is(m.pemDecode(text, null).length, 77);
  t.deepEqual(m.pemDecode('nothing here', 'CERTIFICATE'), []);
  t.throws(() => m.pemDecode('-----BEGIN X-----\nAB*D\n-----END X-----', 'X'), { name: 'X509Error', code: 'bad_pem' });
  t.throws(() => m.pemDecode('-----BEGIN X-----\nABCDE\n-----END X-----', 'X'), { name: 'X509Error', code: 'bad_pem' });
  t.throws(() => m.pemDecode('-----BEGIN X-----\nAB=C\n-----END X-----', 'X'), { name: 'X509Error', code: 'bad_pem' });
  t.throws(() => m.pemDecode('-----BEGIN X-----\nABCD\n', 'X'), { name: 'X509Error', code: 'bad_pem' });
});

test('the DER reader refuses bad lengths, indefinite lengths and deep nesting', (t) => {
  const bad = [
    [0x30], [0x30, 0x05, 0x01], [0x30, 0x80, 0, 0], [0x30, 0x81, 0x05, 1, 2, 3, 4, 5], // non-minimal long form
    [0x30, 0x84, 0x7f, 0xff, 0xff, 0xff], [0x30, 0x83, 0xff, 0xff, 0xff], [0x1f, 0x01, 0x00], [0x30, 0x82, 0x00, 0x80],
  ];
  for (const b of bad) t.throws(() => m.derCheck(u8(b), 0, b.length, 16), { name: 'X509Error', code: 'bad_der' }, JSON.stringify(b));
  let deep = u8([0x05, 0x00]);
  for (let i = 0; i < 40; i++) { const n = u8(deep.length + 2); n[0] = 0x30; n[1] = deep.length; n.set(deep, 2); deep = n; if (deep.length > 120) break; }
  t.throws(() => m.derCheck(deep, 0, deep.length, 16), { name: 'X509Error', code: 'bad_der', message: /nesting/ });
  const tlv = m.derRead(u8([0x04, 0x81, 0x80, ...new Array(128).fill(7)]), 0, 131);
  t.deepEqual([tlv.tag, tlv.body, tlv.end], [4, 3, 131]);
});

test('certificates parse in place: fields match node:crypto X509Certificate', (t) => {
  for (const kind of Object.keys(KEYS)) {
    const { publicKey, privateKey } = pairs[kind];
    // a self-signed certificate made by node's OpenSSL through the openssl CLI would need files;
    // node can't sign certificates, so use openssl req with the exported key.
    const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' });
    const pem = opensslSelfSigned(keyPem, kind);
    const x = new crypto.X509Certificate(pem);
    const der = m.pemDecode(pem, 'CERTIFICATE')[0];
    const c = m.parseCertificate(der);
    t.is(c.version, 3);
    t.is(Buffer.from(c.serial).toString('hex').toUpperCase().replace(/^0+/, ''), x.serialNumber.replace(/^0+/, ''));
    t.is(c.notBefore * 1000, Date.parse(x.validFrom));
    t.is(c.notAfter * 1000, Date.parse(x.validTo));
    t.deepEqual(u8(c.issuer), u8(c.subject));
    t.true(c.isCA);
    t.deepEqual(u8(m.certPublicKey(der).spki), spkiOf(publicKey));
    const alg = m.certSignatureAlgorithm(c);
    t.true(m.verifySignature(m.certPublicKey(der), alg, c.tbs, c.signature), kind);
  }
});

import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
function opensslSelfSigned(keyPem, kind) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mtls-x509-'));
  try {
    writeFileSync(path.join(dir, 'k.pem'), keyPem);
    const args = ['req', '-x509', '-new', '-key', path.join(dir, 'k.pem'), '-subj', '/CN=parse test/O=microtls', '-days', '30'];
    if (kind === 'rsa') args.push('-sha384');
    return execFileSync('openssl', args, { encoding: 'utf8' });
  } finally { rmSync(dir, { recursive: true, force: true }); }
}
