// The README's main job (draft for `npm start`): a local HTTPS server on this machine, and the
// emulated ESP32 board (the esp32 bundle in QuickJS under the board's RAM budget, with its
// Espruino backend over the emulated RNG register, SHA/AES accelerators and sockets) fetching a
// page from it over TLS 1.3 with certificate validation. Prints each handshake step with its
// bytes, time and the board's RAM, then the response.
//
// The certificates are made on the spot by openssl (a CA and a server certificate for
// localhost); without openssl, test/fixtures/tls/p256.{crt,key} (self-signed) are used.
// Options: --board B (default esp32), --engine quickjs|espruino (espruino needs ESPRUINO and
// runs the espruino-linux board).
import https from 'node:https';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

function openssl(args, cwd) {
  const r = spawnSync('openssl', args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`openssl ${args[0]}: ${(r.stderr || String(r.error)).trim().split('\n').pop()}`);
}

/** A CA and a localhost server certificate (ECDSA P-256), or the self-signed test fixture. */
export function makeCertificates() {
  const dir = mkdtempSync(path.join(tmpdir(), 'microtls-start-'));
  try {
    openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'ca.key'], dir);
    openssl(['req', '-x509', '-new', '-key', 'ca.key', '-subj', '/CN=microtls demo CA', '-days', '30', '-sha256',
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign', '-out', 'ca.crt'], dir);
    openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'server.key'], dir);
    openssl(['req', '-new', '-key', 'server.key', '-subj', '/CN=localhost', '-out', 'server.csr'], dir);
    writeFileSync(path.join(dir, 'ext.cnf'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n');
    openssl(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '30',
      '-sha256', '-extfile', 'ext.cnf', '-out', 'server.crt'], dir);
    const read = (f) => readFileSync(path.join(dir, f), 'utf8');
    return { ca: read('ca.crt'), cert: read('server.crt') + read('ca.crt'), key: read('server.key'), made: 'openssl (a demo CA and a localhost certificate)' };
  } catch (e) {
    const fixture = path.join(root, 'test', 'fixtures', 'tls');
    if (!existsSync(path.join(fixture, 'p256.crt'))) throw e;
    const cert = readFileSync(path.join(fixture, 'p256.crt'), 'utf8');
    return { ca: cert, cert, key: readFileSync(path.join(fixture, 'p256.key'), 'utf8'), made: `test/fixtures/tls/p256.crt (${e.message})` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const PAGE = '<!doctype html><title>microtls</title><p>Hello, ESP32. This page came to you over TLS 1.3.</p>\n';

export async function start({ board = 'esp32', engine = 'quickjs', out = (l) => process.stdout.write(l + '\n') } = {}) {
  const certs = makeCertificates();
  // Node's defaults give a client 120 s for its handshake and 300 s until its request; a full
  // handshake in interpreted Espruino takes longer than both.
  const server = https.createServer({
    cert: certs.cert, key: certs.key, minVersion: 'TLSv1.3', handshakeTimeout: 30 * 60 * 1000, requestTimeout: 0, headersTimeout: 0,
  }, (req, res) => {
    res.writeHead(200, { 'content-type': 'text/html', connection: 'close' });
    res.end(PAGE);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const port = server.address().port;
  out(`# a local HTTPS server on https://localhost:${port}/ (certificates from ${certs.made})`);
  out(`# the ${board} board in ${engine === 'quickjs' ? 'the emulator (QuickJS)' : 'Espruino'} fetches it over TLS 1.3, checking the certificate against the demo CA:`);
  const runner = await import(`./runtime/${engine}.mjs`);
  // The request goes in once the handshake is done; the server closes after its answer.
  const stdin = new PassThrough();
  stdin.write('GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
  const body = [];
  const lines = { write: (s) => { for (const l of String(s).split('\n')) if (l) out(l.replace(/^microtls connect: /, '  ')); return true; } };
  const started = Date.now();
  let r;
  try {
    r = await runner.runConnect({
      board, host: 'localhost', port, servername: 'localhost', ca: certs.ca, trace: true,
      stdin, stdout: { write: (b) => { body.push(Buffer.from(b)); return true; } }, stderr: lines,
    });
  } finally {
    stdin.destroy();
    server.close();
  }
  out(`# ${r.code === 0 ? 'done' : 'failed'} in ${((Date.now() - started) / 1000).toFixed(1)} s${r.peak ? `, peak RAM ${r.peak} bytes of ${board}'s budget` : ''}`);
  if (body.length) {
    out('# the response:');
    out(Buffer.concat(body).toString('latin1').trimEnd());
  }
  return r.code;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { board: { type: 'string' }, engine: { type: 'string', default: 'quickjs' } } });
  const engine = values.engine;
  const board = values.board || (engine === 'espruino' ? 'espruino-linux' : 'esp32');
  start({ board, engine }).then((code) => { process.exitCode = code; }, (e) => { console.error(`microtls start: ${e.message}`); process.exitCode = 1; });
}
