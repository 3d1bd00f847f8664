// TLS 1.3 interop with node, both roles, over the matrix of helpers/interop.mjs. Cases the
// engine cannot do yet are listed in PENDING (and in the report), never skipped silently.
import test from 'ava';
import { makePki } from './helpers/certs.mjs';
import { matrix13, caseName, runCase } from './helpers/interop.mjs';

const pki = makePki();
// microtls checks the peer's chain against the test CA (and the client certificates' CAs).
pki.verify = true;
test.after.always(() => pki.cleanup());

const PENDING = new Set([
]);

for (const c of matrix13('node')) {
  const name = caseName(c);
  if (PENDING.has(name)) continue;
  test.serial(name, (t) => runCase(t, c, pki));
}
