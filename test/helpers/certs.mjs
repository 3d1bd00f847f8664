// Test PKI made with openssl in a temporary folder: for each key type (RSA-2048, ECDSA P-256,
// Ed25519) a CA, a server certificate for localhost/127.0.0.1 and a client certificate, all as
// PEM files. The folder goes away with cleanup().
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';

export const KEY_TYPES = ['rsa', 'ecdsa', 'ed25519'];

const GENPKEY = {
  rsa: ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'],
  ecdsa: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'],
  ed25519: ['-algorithm', 'ED25519'],
};

function openssl(args, cwd) {
  return execFileSync('openssl', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
}

function serial() { return '0x' + crypto.randomBytes(8).toString('hex'); }

function leaf(dir, type, name, cn, ext) {
  openssl(['genpkey', ...GENPKEY[type], '-out', `${name}.key`], dir);
  openssl(['req', '-new', '-key', `${name}.key`, '-subj', `/CN=${cn}`, '-out', `${name}.csr`], dir);
  writeFileSync(path.join(dir, `${name}.ext`), ext);
  openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', `ca-${type}.pem`, '-CAkey', `ca-${type}.key`, '-set_serial', serial(),
    '-days', '2', '-extfile', `${name}.ext`, '-out', `${name}.pem`], dir);
}

/**
 * Makes the PKI for the given key types. Returns { dir, cleanup(), [type]: { ca, caKey, cert,
 * key, clientCert, clientKey, chain } } where each value is a file path, and `text(path)` reads
 * one back.
 */
export function makePki(types = KEY_TYPES) {
  const dir = mkdtempSync(path.join(tmpdir(), 'microtls-pki-'));
  const out = { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }), text: (p) => readFileSync(p, 'utf8') };
  for (const type of types) {
    openssl(['genpkey', ...GENPKEY[type], '-out', `ca-${type}.key`], dir);
    openssl(['req', '-x509', '-new', '-key', `ca-${type}.key`, '-subj', `/CN=microtls test CA ${type}`, '-days', '2',
      '-set_serial', serial(), '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign',
      '-out', `ca-${type}.pem`], dir);
    leaf(dir, type, `server-${type}`, 'localhost',
      'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n');
    leaf(dir, type, `client-${type}`, `microtls client ${type}`,
      'basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n');
    const p = (f) => path.join(dir, f);
    // The chain a server sends: its certificate, then the CA's.
    writeFileSync(p(`server-${type}-chain.pem`), readFileSync(p(`server-${type}.pem`), 'utf8') + readFileSync(p(`ca-${type}.pem`), 'utf8'));
    out[type] = {
      ca: p(`ca-${type}.pem`), caKey: p(`ca-${type}.key`),
      cert: p(`server-${type}.pem`), key: p(`server-${type}.key`), chain: p(`server-${type}-chain.pem`),
      clientCert: p(`client-${type}.pem`), clientKey: p(`client-${type}.key`),
    };
  }
  // One file with every CA, for peers that check client certificates of any type.
  writeFileSync(path.join(dir, 'ca-all.pem'), types.map((t) => readFileSync(out[t].ca, 'utf8')).join(''));
  out.caAll = path.join(dir, 'ca-all.pem');
  return out;
}
