// `microtls ta BUNDLE.pem -o FILE`: compiles the certificates of a PEM bundle into compact trust
// anchors (name, key, path length, name constraints; no whole certificates).
//   FILE ending in .js: an ES5 script defining `var MICROTLS_ANCHORS = "<base64>";` that a board
//     bundle includes after microtls; `microtls.anchorsFromBase64(MICROTLS_ANCHORS)` gives the
//     TrustAnchor list.
//   any other FILE: the raw compact bytes (for flash storage; `microtls.anchorsDecode(bytes)`).
// `microtls ta BUNDLE.pem --pins` prints the SPKI SHA-256 pin of each certificate instead.
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import path from 'node:path';
import { loadHostBuild } from './verify.mjs';

export const TA_USAGE = `  microtls ta BUNDLE.pem -o FILE[.js]
      Compiles the CA certificates of BUNDLE.pem into compact trust anchors: FILE.js is an ES5
      script defining MICROTLS_ANCHORS (base64; microtls.anchorsFromBase64), any other name the
      raw bytes (microtls.anchorsDecode). --pins prints each certificate's SPKI SHA-256 pin.`;

export async function taCommand(args) {
  let values, positionals;
  try {
    ({ values, positionals } = parseArgs({
      args, allowPositionals: true,
      options: { output: { type: 'string', short: 'o' }, pins: { type: 'boolean' } },
    }));
  } catch (e) {
    console.error(`microtls ta: ${e.message}`);
    return 2;
  }
  if (positionals.length !== 1 || (!values.output && !values.pins)) {
    console.error(`microtls ta: usage:\n${TA_USAGE}`);
    return 2;
  }
  const m = await loadHostBuild();
  const text = readFileSync(positionals[0], 'utf8');
  if (values.pins) {
    for (const der of m.pemDecode(text, 'CERTIFICATE')) {
      console.log(m.toHex(m.spkiPin(m.parseCertificate(der).spki)));
    }
    return 0;
  }
  const anchors = m.anchorsFromPem(text);
  if (anchors.length === 0) {
    console.error(`microtls ta: no CERTIFICATE block in ${positionals[0]}`);
    return 1;
  }
  const bytes = m.anchorsEncode(anchors);
  if (values.output.endsWith('.js')) {
    const b64 = Buffer.from(bytes).toString('base64');
    const lines = b64.match(/.{1,96}/g).map((l) => `  "${l}"`).join(' +\n');
    writeFileSync(values.output,
      `// ${anchors.length} trust anchors compiled by \`microtls ta ${path.basename(positionals[0])}\` ` +
      `(${bytes.length} bytes; decode with microtls.anchorsFromBase64(MICROTLS_ANCHORS)).\n` +
      `var MICROTLS_ANCHORS =\n${lines};\n`);
  } else {
    writeFileSync(values.output, bytes);
  }
  console.log(`${anchors.length} anchors, ${bytes.length} bytes -> ${values.output}`);
  return 0;
}
