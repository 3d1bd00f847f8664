// TLS 1.2 interop with node, both roles: every suite, resumption by session ID and ticket, client
// certificates, ALPN (helpers/interop12.mjs).
import test from 'ava';
import { makePki } from './helpers/certs.mjs';
import { matrix12, caseName12, runCase12 } from './helpers/interop12.mjs';

const pki = makePki(['rsa', 'ecdsa']);
test.after.always(() => pki.cleanup());

for (const c of matrix12('node')) test.serial(caseName12(c), (t) => runCase12(t, c, pki));
