// Known-answer self-checks the bundle runs inside whatever engine hosts it
// (`microtls selftest --engine E`). Answers come from the RFCs named beside each check.
import { preludeChecks, same } from './compat/checks';
import type { Check } from './compat/checks';
import { toHex, fromHex, fromLatin1 } from './bytes';
import { sha256, hmacSha256, hkdfExtractSha256, hkdfExpandSha256 } from './crypto/sha256';
import { SHA1 } from './crypto/sha1';
import { SHA384 } from './crypto/sha512';
import type { HashAlgorithm } from './crypto/provider';
import { x25519, x25519Base } from './crypto/x25519';

export interface SelftestResult {
  passed: number;
  failed: number;
}

function digestHex(h: HashAlgorithm, text: string): string {
  return toHex(h.create().update(fromLatin1(text)).digest());
}

// The two-block messages of the FIPS 180-4 examples (448 bits for SHA-1/256, 896 for SHA-384).
const MSG448 = 'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq';
const MSG896 = 'abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu';

const checks: [string, Check][] = preludeChecks.concat([
  ['SHA-256 "" (FIPS 180-4)', function () {
    return same(toHex(sha256(new Uint8Array(0))),
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  }],
  ['SHA-256 "abc" (FIPS 180-4)', function () {
    return same(toHex(sha256(fromLatin1('abc'))),
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  }],
  ['SHA-256 two blocks (FIPS 180-4)', function () {
    return same(toHex(sha256(fromLatin1('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'))),
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
  }],
  ['SHA-1 "abc" (FIPS 180-4)', function () {
    return same(digestHex(SHA1, 'abc'), 'a9993e364706816aba3e25717850c26c9cd0d89d');
  }],
  ['SHA-1 two blocks (FIPS 180-4)', function () {
    return same(digestHex(SHA1, MSG448), '84983e441c3bd26ebaae4aa1f95129e5e54670f1');
  }],
  ['SHA-384 "abc" (FIPS 180-4)', function () {
    return same(digestHex(SHA384, 'abc'),
      'cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7');
  }],
  ['SHA-384 two blocks (FIPS 180-4)', function () {
    return same(digestHex(SHA384, MSG896),
      '09330c33f71147e83d192fc782cd1b4753111b173b3b05d22fa08086e3b0f712fcc7c71a557e2db966c3e9fa91746039');
  }],
  ['HMAC-SHA-256 (RFC 4231 case 2)', function () {
    return same(toHex(hmacSha256(fromLatin1('Jefe'), fromLatin1('what do ya want for nothing?'))),
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
  }],
  ['HKDF-SHA-256 (RFC 5869 case 1)', function () {
    const ikm = new Uint8Array(22);
    for (let i = 0; i < ikm.length; i++) ikm[i] = 0x0b;
    const prk = hkdfExtractSha256(fromHex('000102030405060708090a0b0c'), ikm);
    const okm = hkdfExpandSha256(prk, fromHex('f0f1f2f3f4f5f6f7f8f9'), 42);
    return same(toHex(prk) + '/' + toHex(okm),
      '077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5/' +
      '3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865');
  }],
  ['X25519 (RFC 7748 section 5.2)', function () {
    return same(toHex(x25519(
      fromHex('a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4'),
      fromHex('e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c'))),
      'c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552');
  }],
  ['X25519 public key and shared secret (RFC 7748 section 6.1)', function () {
    const alice = fromHex('77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a');
    const bobPub = fromHex('de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f');
    return same(toHex(x25519Base(alice)) + '/' + toHex(x25519(alice, bobPub)),
      '8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a/' +
      '4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742');
  }],
] as [string, Check][]);

/** Runs every check, prints `ok - NAME` or `not ok - NAME: WHY` per check through `print`,
 * then one line `N passed, M failed`. */
export function selftest(print: (line: string) => void): SelftestResult {
  let passed = 0;
  let failed = 0;
  for (let i = 0; i < checks.length; i++) {
    const name = checks[i][0];
    let why: string | null;
    try {
      why = checks[i][1]();
    } catch (e) {
      why = 'threw ' + String(e);
    }
    if (why === null) {
      passed++;
      print('ok - ' + name);
    } else {
      failed++;
      print('not ok - ' + name + ': ' + why);
    }
  }
  print(passed + ' passed, ' + failed + ' failed');
  return { passed: passed, failed: failed };
}
