// Real TLS peers for interop tests: openssl s_server/s_client, gnutls-serv/gnutls-cli and
// node:tls, on 127.0.0.1 and free ports. Every process and server started here is registered
// with the test (t.teardown) so that it is always ended.
import { spawn } from 'node:child_process';
import net from 'node:net';
import tls from 'node:tls';

/** A port free right now on 127.0.0.1 (the kernel's choice). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/**
 * Spawns a peer process; stdin stays open (openssl s_server ends when its stdin does). Returns
 * { proc, out(), err(), waitFor(regex, ms), exited: Promise<code>, write(s), end(), kill() }.
 */
export function spawnPeer(t, cmd, args, { env } = {}) {
  const proc = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  const waiters = [];
  const check = () => {
    for (let i = waiters.length - 1; i >= 0; i--) {
      if (waiters[i].re.test(stdout + '\n' + stderr)) { waiters[i].resolve(); waiters.splice(i, 1); }
    }
  };
  proc.stdout.on('data', (d) => { stdout += d; check(); });
  proc.stderr.on('data', (d) => { stderr += d; check(); });
  proc.stdin.on('error', () => {});
  const exited = new Promise((resolve) => proc.on('close', (code, signal) => {
    for (const w of waiters) w.reject(new Error(`${cmd} exited (${code ?? signal}) before ${w.re}\n${stdout}\n${stderr}`));
    waiters.length = 0;
    resolve(code ?? -1);
  }));
  const peer = {
    proc,
    exited,
    out: () => stdout,
    err: () => stderr,
    waitFor(re, ms = 10000) {
      if (re.test(stdout + '\n' + stderr)) return Promise.resolve();
      if (proc.exitCode !== null) return Promise.reject(new Error(`${cmd} already exited before ${re}\n${stdout}\n${stderr}`));
      return new Promise((resolve, reject) => {
        const w = { re, resolve: () => { clearTimeout(timer); resolve(); }, reject: (e) => { clearTimeout(timer); reject(e); } };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(w), 1);
          reject(new Error(`timeout waiting for ${re} from ${cmd}\n--- stdout\n${stdout}\n--- stderr\n${stderr}`));
        }, ms);
        waiters.push(w);
      });
    },
    write: (s) => proc.stdin.write(s),
    end: () => proc.stdin.end(),
    kill: () => { if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL'); },
  };
  if (t) t.teardown(() => peer.kill());
  return peer;
}

/** Runs a client process to its end with `input` on stdin; { code, stdout, stderr }. Some
 * clients (openssl s_client) end the connection as soon as stdin ends, so stdin stays open until
 * stdout matches `until` (or for `holdMs` without one). */
export async function runClient(t, cmd, args, { input = '', timeoutMs = 20000, holdMs = 0, until = null } = {}) {
  const peer = spawnPeer(t, cmd, args);
  peer.write(input);
  if (until) peer.waitFor(until, timeoutMs).then(() => setTimeout(() => peer.end(), 100), () => peer.end());
  else if (holdMs) setTimeout(() => peer.end(), holdMs);
  else peer.end();
  const timer = setTimeout(() => peer.kill(), timeoutMs);
  const code = await peer.exited;
  clearTimeout(timer);
  return { code, stdout: peer.out(), stderr: peer.err() };
}

/** openssl s_server on a port the system picks (it prints it: `ACCEPT 127.0.0.1:PORT`), ready to
 * accept; extra args as given. */
export async function opensslServer(t, args) {
  const peer = spawnPeer(t, 'openssl', ['s_server', '-accept', '127.0.0.1:0', ...args]);
  await peer.waitFor(/^ACCEPT 127\.0\.0\.1:\d+/m);
  peer.port = Number(/^ACCEPT 127\.0\.0\.1:(\d+)/m.exec(peer.out() + '\n' + peer.err())[1]);
  return peer;
}

/** gnutls-serv on a free port (it listens on every interface; clients use 127.0.0.1). */
export async function gnutlsServer(t, args) {
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const peer = spawnPeer(t, 'gnutls-serv', ['-p', String(port), ...args]);
    try {
      await peer.waitFor(/listening on IPv4 [^\n]*done/);
      peer.port = port;
      return peer;
    } catch (e) {
      peer.kill();
      if (attempt >= 2) throw e;
    }
  }
}

/** A node:tls server on 127.0.0.1; `onSocket` gets each secure socket. Closed at teardown. */
export function nodeTlsServer(t, options, onSocket) {
  return new Promise((resolve, reject) => {
    const sockets = new Set();
    const server = tls.createServer(options, (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); onSocket(s); });
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => resolve({ server, port: server.address().port }));
    t.teardown(() => new Promise((done) => { for (const s of sockets) s.destroy(); server.close(() => done()); }));
  });
}

/** A node:tls client that sends `message`, collects what comes back until the server closes or
 * `until` matches; resolves { data, socket info }. */
export function nodeTlsClient(t, options, message, { until, timeoutMs = 10000 } = {}) {
  return new Promise((resolve, reject) => {
    let data = Buffer.alloc(0);
    const s = tls.connect({ host: '127.0.0.1', ...options }, () => { if (message) s.write(message); });
    const timer = setTimeout(() => { s.destroy(); reject(new Error('node:tls client timed out; got ' + data)); }, timeoutMs);
    t.teardown(() => { clearTimeout(timer); s.destroy(); });
    const done = () => {
      clearTimeout(timer);
      resolve({
        data: data.toString('latin1'),
        protocol: s.getProtocol(),
        cipher: s.getCipher(),
        alpn: s.alpnProtocol,
        ephemeral: s.getEphemeralKeyInfo(),
        authorized: s.authorized,
      });
      s.end();
    };
    s.on('data', (d) => { data = Buffer.concat([data, d]); if (until && until.test(data.toString('latin1'))) done(); });
    s.on('end', done);
    s.on('error', (e) => { clearTimeout(timer); reject(e); });
  });
}

/** The port `microtls serve --port 0` reports once it listens (the system picks a free one, so no
 * other test can take it between choosing and binding). */
export async function servePort(srv) {
  await srv.waitFor(/listening on [^\s]+:\d+/);
  return Number(/listening on [^\s]+:(\d+)/.exec(srv.err())[1]);
}
