// Base64 in the Espruino profiles (feature base64-decoder left out): the esp32 bundle decodes
// PEM and compact anchors with the runtime's atob and btoa, loaded here into a Node vm context
// with the emulator's stand-in for Espruino's lenient natives (and, separately, with Node's
// strict ones that throw). Valid text decodes as Buffer does; anything that is not canonical,
// padded base64 is refused with X509Error bad_pem, never decoded into garbage.
import test from 'ava';
import vm from 'node:vm';
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { loadBoards, featuresOf } from '../tools/boards.mjs';
import * as host from '../dist/node/microtls.mjs';

const bundle = readFileSync(new URL('../dist/esp32/microtls.js', import.meta.url), 'utf8') + '\n;microtls';
const standIn = readFileSync(new URL('../tools/emulator/espruino-base64.js', import.meta.url), 'utf8');

function load(globals) {
  const context = vm.createContext({ ...globals });
  if (!globals.atob) vm.runInContext(standIn, context);
  return vm.runInContext(bundle, context);
}
const lenient = load({});
const strict = load({ atob, btoa });

function code(f) {
  try {
    f();
    return 'OK';
  } catch (e) {
    return e.name + ' ' + e.code;
  }
}

test('the Espruino profiles leave the decoder out, the others keep it', (t) => {
  for (const [name, p] of Object.entries(loadBoards())) {
    t.is(featuresOf(p).includes('base64-decoder'), p.runtime !== 'espruino', name);
  }
});

test('valid base64 (with line breaks and spaces) decodes as Buffer does', (t) => {
  for (let n = 0; n < 70; n++) {
    const data = randomBytes(n);
    const text = data.toString('base64').replace(/(.{5})/g, '$1\r\n ').replace(/=/g, '\t=');
    for (const m of [lenient, strict, host]) t.deepEqual(Buffer.from(m.base64Decode(text, 0, text.length)), data, `${n} bytes`);
  }
  const pem = '-----BEGIN X-----\n' + Buffer.from('hello').toString('base64') + '\n-----END X-----\n';
  t.is(Buffer.from(lenient.pemDecode(pem, 'X')[0]).toString(), 'hello');
});

test('text that is not canonical padded base64 is refused with bad_pem', (t) => {
  const bad = ['QU*D', 'QUJ', 'Q', 'Q===', 'QUI=QUI=', 'QUJ=', 'QQ=', '====', 'QUJD\u00e9', 'QUJD=', '=QUJD'];
  for (const s of bad) {
    t.is(code(() => lenient.base64Decode(s, 0, s.length)), 'X509Error bad_pem', JSON.stringify(s));
    t.is(code(() => strict.base64Decode(s, 0, s.length)), 'X509Error bad_pem', JSON.stringify(s) + ' (strict atob)');
  }
  // the host's own decoder refuses the plainly broken ones too (it takes unpadded text and
  // non-zero spare bits, which the runtime path refuses)
  for (const s of ['QU*D', 'Q', 'Q===', 'QUI=QUI=', 'QUJD\u00e9']) t.is(code(() => host.base64Decode(s, 0, s.length)), 'X509Error bad_pem', s);
});
