// Builds small PKIs with the openssl CLI for the X.509 tests: keys (RSA, ECDSA P-256/P-384,
// Ed25519), CA and leaf certificates with chosen extensions, signed by chosen issuers.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function makePki() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mtls-pki-'));
  let serial = 1;
  const ossl = (args) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const file = (n) => path.join(dir, n);
  const KEYARGS = {
    rsa: ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'],
    p256: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'],
    p384: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384'],
    ed25519: ['-algorithm', 'ED25519'],
  };
  const pki = {
    dir, file,
    key(name, type) {
      ossl(['genpkey', ...KEYARGS[type], '-out', `${name}.key`]);
      pki.keyType[name] = type;
      return name;
    },
    keyType: {},
    /** opts: key, cn, issuer (cert name; null: self-signed), ext (lines for the v3 section),
     * days, digest ('sha256'...), pss (true: RSA-PSS, salt = hash length). */
    cert(name, opts) {
      const ext = `[v3]\n${(opts.ext || []).join('\n')}\n`;
      writeFileSync(file(`${name}.ext`), ext);
      ossl(['req', '-new', '-key', `${opts.key}.key`, '-subj', opts.subj || `/O=microtls tests/CN=${opts.cn || name}`, '-out', `${name}.csr`]);
      const args = ['x509', '-req', '-in', `${name}.csr`, '-set_serial', String(serial++), '-days', String(opts.days || 30),
        '-extfile', `${name}.ext`, '-extensions', 'v3', '-out', `${name}.crt`];
      if (opts.issuer) args.push('-CA', `${opts.issuer}.crt`, '-CAkey', `${opts.issuerKey}.key`);
      else args.push('-signkey', `${opts.key}.key`);
      const signer = opts.issuer ? opts.issuerKey : opts.key;
      if (pki.keyType[signer] !== 'ed25519') args.push(`-${opts.digest || 'sha256'}`);
      if (opts.pss) args.push('-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:digest', '-sigopt', `rsa_mgf1_md:${opts.digest || 'sha256'}`);
      ossl(args);
      return name;
    },
    pem(...names) { return names.map((n) => readFileSync(file(`${n}.crt`), 'utf8')).join(''); },
    write(fileName, ...names) { writeFileSync(file(fileName), pki.pem(...names)); return file(fileName); },
    cleanup() { rmSync(dir, { recursive: true, force: true }); },
  };
  return pki;
}

export const CA_EXT = (pathlen) => [
  `basicConstraints=critical,CA:TRUE${pathlen === undefined ? '' : `,pathlen:${pathlen}`}`,
  'keyUsage=critical,keyCertSign,cRLSign', 'subjectKeyIdentifier=hash',
];
export const LEAF_EXT = (san, eku = 'serverAuth') => [
  'basicConstraints=critical,CA:FALSE', 'keyUsage=critical,digitalSignature,keyEncipherment',
  ...(eku ? [`extendedKeyUsage=${eku}`] : []), ...(san ? [`subjectAltName=${san}`] : []),
  'subjectKeyIdentifier=hash', 'authorityKeyIdentifier=keyid',
];
