// Chains made here with openssl (RSA, RSA-PSS, ECDSA P-256/P-384, Ed25519) through
// `microtls verify`, the command-line contract: `OK` and exit 0, or exit 1 and one line naming the
// reason. Where OpenSSL's own rules are the same as ours, `openssl verify` on the same files must
// agree (it is the independent reference); the cases where we are deliberately stricter
// (partial wildcards, wildcards over a single label) say so.
import test from 'ava';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { makePki, CA_EXT, LEAF_EXT } from './x509-pki.mjs';

const root = path.resolve(import.meta.dirname, '..');
const NOW = Math.floor(Date.now() / 1000);
const iso = (s) => new Date(s * 1000).toISOString();

function microtlsVerify(args) {
  const r = spawnSync(process.execPath, [path.join(root, 'bin/microtls.mjs'), 'verify', ...args], { encoding: 'utf8' });
  return { status: r.status, out: r.stdout.trim(), err: r.stderr.trim() };
}

function opensslVerify({ ca, untrusted, leaf, host, time, purpose }) {
  const args = ['verify', '-CAfile', ca, '-purpose', purpose === 'client' ? 'sslclient' : 'sslserver', '-x509_strict'];
  if (untrusted) args.push('-untrusted', untrusted);
  if (host) args.push(/^[\d.:]+$/.test(host) ? '-verify_ip' : '-verify_hostname', host);
  if (time) args.push('-attime', String(time));
  args.push(leaf);
  const r = spawnSync('openssl', args, { encoding: 'utf8' });
  return r.status === 0;
}

let pki;
test.before(() => {
  pki = makePki();
  const p = pki;
  // RSA: root -> intermediate (pathlen 0) -> leaf
  p.key('rootRsa', 'rsa'); p.cert('rootRsa', { key: 'rootRsa', ext: CA_EXT(), days: 3650 });
  p.key('intRsa', 'rsa'); p.cert('intRsa', { key: 'intRsa', issuer: 'rootRsa', issuerKey: 'rootRsa', ext: CA_EXT(0), days: 365, digest: 'sha384' });
  p.key('leafRsa', 'rsa');
  p.cert('leafRsa', { key: 'leafRsa', issuer: 'intRsa', issuerKey: 'intRsa', ext: LEAF_EXT('DNS:example.test,DNS:*.wild.test,IP:127.0.0.1,IP:::1'), days: 30 });
  p.cert('leafRsaPss', { key: 'leafRsa', issuer: 'intRsa', issuerKey: 'intRsa', ext: LEAF_EXT('DNS:pss.test'), pss: true, digest: 'sha256' });
  p.cert('leafRsaPss384', { key: 'leafRsa', issuer: 'intRsa', issuerKey: 'intRsa', ext: LEAF_EXT('DNS:pss.test'), pss: true, digest: 'sha384' });
  p.cert('leafNoEku', { key: 'leafRsa', issuer: 'intRsa', issuerKey: 'intRsa', ext: LEAF_EXT('DNS:example.test', null) });
  p.cert('leafClient', { key: 'leafRsa', issuer: 'intRsa', issuerKey: 'intRsa', ext: LEAF_EXT('DNS:example.test', 'clientAuth') });
  p.cert('leafWild', { key: 'leafRsa', issuer: 'intRsa', issuerKey: 'intRsa', ext: LEAF_EXT('DNS:f*.example.test,DNS:*.test,DNS:www.*.example.test') });
  p.cert('leafNoSan', { key: 'leafRsa', issuer: 'intRsa', issuerKey: 'intRsa', ext: LEAF_EXT(null), subj: '/CN=example.test' });
  p.cert('leafCritical', { key: 'leafRsa', issuer: 'intRsa', issuerKey: 'intRsa', ext: [...LEAF_EXT('DNS:example.test'), '1.3.6.1.4.1.55555.1=critical,ASN1:NULL'] });
  // an intermediate that is not a CA, and one that exceeds the root's path length
  p.key('notCa', 'rsa'); p.cert('notCa', { key: 'notCa', issuer: 'rootRsa', issuerKey: 'rootRsa', ext: ['basicConstraints=critical,CA:FALSE', 'keyUsage=critical,keyCertSign'] });
  p.cert('leafUnderNotCa', { key: 'leafRsa', issuer: 'notCa', issuerKey: 'notCa', ext: LEAF_EXT('DNS:example.test') });
  p.key('int2', 'rsa'); p.cert('int2', { key: 'int2', issuer: 'intRsa', issuerKey: 'intRsa', ext: CA_EXT() });
  p.cert('leafTooDeep', { key: 'leafRsa', issuer: 'int2', issuerKey: 'int2', ext: LEAF_EXT('DNS:example.test') });
  // name constraints on an intermediate
  p.key('intNc', 'p256'); p.cert('intNc', { key: 'intNc', issuer: 'rootRsa', issuerKey: 'rootRsa', ext: [...CA_EXT(), 'nameConstraints=critical,permitted;DNS:allowed.test,excluded;DNS:bad.allowed.test'] });
  p.cert('leafNcOk', { key: 'leafRsa', issuer: 'intNc', issuerKey: 'intNc', ext: LEAF_EXT('DNS:www.allowed.test') });
  p.cert('leafNcOut', { key: 'leafRsa', issuer: 'intNc', issuerKey: 'intNc', ext: LEAF_EXT('DNS:www.other.test') });
  p.cert('leafNcExcluded', { key: 'leafRsa', issuer: 'intNc', issuerKey: 'intNc', ext: LEAF_EXT('DNS:x.bad.allowed.test') });
  // a wrong EKU on the intermediate
  p.key('intEku', 'rsa'); p.cert('intEku', { key: 'intEku', issuer: 'rootRsa', issuerKey: 'rootRsa', ext: [...CA_EXT(), 'extendedKeyUsage=clientAuth'] });
  p.cert('leafUnderEku', { key: 'leafRsa', issuer: 'intEku', issuerKey: 'intEku', ext: LEAF_EXT('DNS:example.test') });
  // ECDSA: P-384 root -> P-256 intermediate -> P-256 leaf
  p.key('rootEc', 'p384'); p.cert('rootEc', { key: 'rootEc', ext: CA_EXT(), days: 3650, digest: 'sha384' });
  p.key('intEc', 'p256'); p.cert('intEc', { key: 'intEc', issuer: 'rootEc', issuerKey: 'rootEc', ext: CA_EXT(0), digest: 'sha384' });
  p.key('leafEc', 'p256'); p.cert('leafEc', { key: 'leafEc', issuer: 'intEc', issuerKey: 'intEc', ext: LEAF_EXT('DNS:ec.test') });
  p.key('leafEc384', 'p384'); p.cert('leafEc384', { key: 'leafEc384', issuer: 'intEc', issuerKey: 'intEc', ext: LEAF_EXT('DNS:ec.test') });
  // Ed25519: root -> intermediate -> leaf
  p.key('rootEd', 'ed25519'); p.cert('rootEd', { key: 'rootEd', ext: CA_EXT(), days: 3650 });
  p.key('intEd', 'ed25519'); p.cert('intEd', { key: 'intEd', issuer: 'rootEd', issuerKey: 'rootEd', ext: CA_EXT() });
  p.key('leafEd', 'ed25519'); p.cert('leafEd', { key: 'leafEd', issuer: 'intEd', issuerKey: 'intEd', ext: LEAF_EXT('DNS:ed.test') });
  // an unrelated root (untrusted-root case) and an extra certificate to send along
  p.key('otherRoot', 'p256'); p.cert('otherRoot', { key: 'otherRoot', ext: CA_EXT(), subj: '/O=microtls tests/CN=rootRsa' });
});
test.after.always(() => { if (pki) pki.cleanup(); });

// name, chain (leaf first), roots, options, expected code ('OK' or the code word), whether
// `openssl verify` must agree.
const CASES = [
  ['RSA chain, host in SAN', ['leafRsa', 'intRsa'], ['rootRsa'], { host: 'example.test' }, 'OK', true],
  ['RSA chain, no host given', ['leafRsa', 'intRsa'], ['rootRsa'], {}, 'OK', true],
  ['host matching is case-insensitive', ['leafRsa', 'intRsa'], ['rootRsa'], { host: 'EXAMPLE.Test.' }, 'OK', false],
  ['wildcard matches one left-most label', ['leafRsa', 'intRsa'], ['rootRsa'], { host: 'a.wild.test' }, 'OK', true],
  ['wildcard does not match two labels', ['leafRsa', 'intRsa'], ['rootRsa'], { host: 'a.b.wild.test' }, 'host_mismatch', true],
  ['wildcard does not match the bare domain', ['leafRsa', 'intRsa'], ['rootRsa'], { host: 'wild.test' }, 'host_mismatch', true],
  ['wrong host', ['leafRsa', 'intRsa'], ['rootRsa'], { host: 'other.test' }, 'host_mismatch', true],
  ['IPv4 against IP SAN', ['leafRsa', 'intRsa'], ['rootRsa'], { host: '127.0.0.1' }, 'OK', true],
  ['IPv6 against IP SAN', ['leafRsa', 'intRsa'], ['rootRsa'], { host: '0:0::1' }, 'OK', false],
  ['IP not in SAN', ['leafRsa', 'intRsa'], ['rootRsa'], { host: '127.0.0.2' }, 'host_mismatch', true],
  ['partial wildcard f*.example.test is not honoured', ['leafWild', 'intRsa'], ['rootRsa'], { host: 'foo.example.test' }, 'host_mismatch', false],
  ['wildcard over a single label (*.test) is not honoured', ['leafWild', 'intRsa'], ['rootRsa'], { host: 'a.test' }, 'host_mismatch', true],
  ['wildcard in a middle label is not honoured', ['leafWild', 'intRsa'], ['rootRsa'], { host: 'www.a.example.test' }, 'host_mismatch', true],
  ['no SAN: the common name is not used', ['leafNoSan', 'intRsa'], ['rootRsa'], { host: 'example.test' }, 'host_mismatch', false],
  ['intermediates in any order, extras ignored', ['leafRsa', 'otherRoot', 'leafEc', 'intRsa', 'intEc'], ['rootRsa'], { host: 'example.test' }, 'OK', true],
  ['root sent along is fine', ['leafRsa', 'rootRsa', 'intRsa'], ['rootRsa'], {}, 'OK', true],
  ['missing intermediate', ['leafRsa'], ['rootRsa'], {}, 'unknown_issuer', true],
  ['untrusted root (same name, other key)', ['leafRsa', 'intRsa'], ['otherRoot'], {}, 'bad_signature', true],
  ['untrusted root (other PKI)', ['leafEc', 'intEc'], ['rootRsa'], {}, 'unknown_issuer', true],
  ['expired', ['leafRsa', 'intRsa'], ['rootRsa'], { time: NOW + 60 * 86400 }, 'expired', true],
  ['not yet valid', ['leafRsa', 'intRsa'], ['rootRsa'], { time: NOW - 2 * 86400 }, 'not_yet_valid', true],
  ['intermediate without CA', ['leafUnderNotCa', 'notCa'], ['rootRsa'], {}, 'not_ca', true],
  ['path length exceeded', ['leafTooDeep', 'int2', 'intRsa'], ['rootRsa'], {}, 'path_length', true],
  ['leaf EKU clientAuth used for a server', ['leafClient', 'intRsa'], ['rootRsa'], {}, 'bad_eku', true],
  ['leaf EKU serverAuth used for a client', ['leafRsa', 'intRsa'], ['rootRsa'], { purpose: 'client' }, 'bad_eku', true],
  ['leaf EKU clientAuth used for a client', ['leafClient', 'intRsa'], ['rootRsa'], { purpose: 'client' }, 'OK', true],
  ['leaf without EKU serves any purpose', ['leafNoEku', 'intRsa'], ['rootRsa'], { purpose: 'client' }, 'OK', true],
  ['intermediate EKU clientAuth only', ['leafUnderEku', 'intEku'], ['rootRsa'], {}, 'bad_eku', true],
  ['unknown critical extension', ['leafCritical', 'intRsa'], ['rootRsa'], {}, 'unknown_critical_extension', true],
  ['name constraints: permitted', ['leafNcOk', 'intNc'], ['rootRsa'], { host: 'www.allowed.test' }, 'OK', true],
  ['name constraints: outside permitted', ['leafNcOut', 'intNc'], ['rootRsa'], {}, 'name_constraints', true],
  ['name constraints: excluded', ['leafNcExcluded', 'intNc'], ['rootRsa'], {}, 'name_constraints', true],
  ['RSA-PSS SHA-256 signature', ['leafRsaPss', 'intRsa'], ['rootRsa'], { host: 'pss.test' }, 'OK', true],
  ['RSA-PSS SHA-384 signature', ['leafRsaPss384', 'intRsa'], ['rootRsa'], { host: 'pss.test' }, 'OK', true],
  ['ECDSA P-384 root, P-256 intermediate and leaf', ['leafEc', 'intEc'], ['rootEc'], { host: 'ec.test' }, 'OK', true],
  ['ECDSA P-384 leaf', ['leafEc384', 'intEc'], ['rootEc'], { host: 'ec.test' }, 'OK', true],
  ['ECDSA chain, wrong host', ['leafEc', 'intEc'], ['rootEc'], { host: 'ed.test' }, 'host_mismatch', true],
  ['Ed25519 chain', ['leafEd', 'intEd'], ['rootEd'], { host: 'ed.test' }, 'OK', true],
  ['Ed25519 chain, expired', ['leafEd', 'intEd'], ['rootEd'], { time: NOW + 400 * 86400 }, 'expired', true],
  ['several roots, one matches', ['leafEd', 'intEd'], ['rootRsa', 'rootEc', 'rootEd'], {}, 'OK', true],
  ['an intermediate as the anchor', ['leafRsa', 'intRsa'], ['intRsa'], {}, 'OK', false],
];

for (const [name, chain, roots, opts, want, agree] of CASES) {
  test(`microtls verify: ${name}`, (t) => {
    const chainFile = pki.write(`chain-${t.title.replace(/\W+/g, '_')}.pem`, ...chain);
    const caFile = pki.write(`ca-${t.title.replace(/\W+/g, '_')}.pem`, ...roots);
    const args = ['--ca', caFile];
    if (opts.host) args.push('--host', opts.host);
    if (opts.time) args.push('--time', iso(opts.time));
    if (opts.purpose) args.push('--purpose', opts.purpose);
    const r = microtlsVerify([...args, chainFile]);
    if (want === 'OK') {
      t.is(r.status, 0, r.out + r.err);
      t.is(r.out, 'OK');
    } else {
      t.is(r.status, 1, r.out + r.err);
      t.is(r.out.split('\n').length, 1);
      t.true(r.out.startsWith(`FAIL ${want}: `), r.out);
    }
    if (agree) {
      const untrusted = chain.length > 1 ? pki.write(`unt-${t.title.replace(/\W+/g, '_')}.pem`, ...chain.slice(1)) : null;
      const ok = opensslVerify({ ca: caFile, untrusted, leaf: pki.file(`${chain[0]}.crt`), host: opts.host, time: opts.time, purpose: opts.purpose });
      t.is(ok, want === 'OK', 'openssl verify disagrees');
    }
  });
}

test('microtls verify: usage errors exit 2, pins work without roots', (t) => {
  t.is(microtlsVerify([]).status, 2);
  t.is(microtlsVerify(['--ca', pki.file('rootRsa.crt'), '--purpose', 'both', pki.file('leafRsa.crt')]).status, 2);
  t.is(microtlsVerify(['--ca', pki.file('rootRsa.crt'), '--time', 'yesterday', pki.file('leafRsa.crt')]).status, 2);
  const pin = spawnSync('openssl', ['x509', '-in', pki.file('leafEc.crt'), '-pubkey', '-noout'], { encoding: 'utf8' }).stdout;
  const der = spawnSync('openssl', ['pkey', '-pubin', '-outform', 'der'], { input: pin }).stdout;
  const hex = spawnSync('openssl', ['dgst', '-sha256', '-hex'], { input: der, encoding: 'utf8' }).stdout.trim().split(' ').pop();
  const ok = microtlsVerify(['--pin', hex, pki.file('leafEc.crt')]);
  t.is(ok.out, 'OK');
  const bad = microtlsVerify(['--pin', hex, pki.file('leafRsa.crt')]);
  t.is(bad.status, 1);
  t.regex(bad.out, /^FAIL pin_mismatch: /);
});
