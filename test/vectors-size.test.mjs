// The size-preferring bundles ("prefer": "size", boards/README.md) build some primitives from
// their `.small.ts` variants. Those variants meet the same Wycheproof files as the default ones:
// here the esp32 bundle itself, for every file whose primitive the esp32 profile keeps. It runs
// in Node: the small P-256 takes 3 s per verification in QuickJS, and the answers of this code
// in the interpreters are checked by test/{curve,ec,sym}-small.test.mjs and the emulator's
// handshakes.
import test from 'ava';
import { runVectorFile } from '../tools/vectors.mjs';
import { loadBoards, featuresOf } from '../tools/boards.mjs';

const board = 'esp32';
const has = new Set(featuresOf(loadBoards()[board]));
// Each file with the features it needs (none: always in a TLS 1.3 client with certificates).
const FILES = {
  'x25519_test.json': ['x25519'],
  'ecdh_secp256r1_ecpoint_test.json': ['p256'],
  'ecdsa_secp256r1_sha256_test.json': [],
  'ecdsa_secp256r1_sha256_p1363_test.json': [],
  'aes_gcm_test.json': ['aes-gcm'],
  'chacha20_poly1305_test.json': ['chacha20-poly1305'],
  'hkdf_sha256_test.json': [],
  'hmac_sha256_test.json': [],
  'rsa_signature_2048_sha256_test.json': [],
  'rsa_pss_2048_sha256_mgf1_32_test.json': [],
};

test(`the ${board} profile prefers size`, (t) => {
  t.is(loadBoards()[board].prefer, 'size');
});

for (const [file, needs] of Object.entries(FILES)) {
  if (!needs.every((f) => has.has(f))) continue;
  test(`wycheproof ${file} in the ${board} bundle (node)`, async (t) => {
    const r = await runVectorFile('node', file, { board });
    t.log(`${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped, ${r.seconds.toFixed(1)} s`);
    for (const l of r.lines) t.log(l);
    t.is(r.failed, 0, r.lines.filter((l) => l.startsWith('not ok')).slice(0, 5).join('\n'));
    t.true(r.passed > 0);
  });
}
