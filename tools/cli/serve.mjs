// `microtls serve --port N --cert FILE --key FILE [...]`: a TLS server. --echo sends every byte
// back, --http answers any request with a small HTTP/1.0 page; otherwise, like s_server, what a
// client sends goes to stdout and stdin goes to the newest client. It prints
// `listening on HOST:PORT` on stderr once ready, and one stderr line per failed handshake.
import { parseArgs } from 'node:util';
import { COMMON_FLAGS, UsageError, commonOptions, loadMicrotls, oneLine, tracer } from './common.mjs';

export const SERVE_USAGE = `  microtls serve --port N --cert FILE --key FILE [--ca FILE --require-client-cert] [--alpn LIST]
      [--tls 1.3|1.2] [--psk-identity ID --psk HEX] [--http|--echo] [--host ADDR] [--keylog FILE]
      [--trace] [--max-record-size N]
      A TLS server (default address 127.0.0.1). --echo echoes, --http answers with a small page.`;

function page(info) {
  const body = '<!doctype html><title>microtls</title><h1>microtls</h1><p>' +
    (info ? `${info.version} ${info.suite}${info.group ? ' ' + info.group : ''}${info.alpn ? ' alpn ' + info.alpn : ''}` : '') +
    '</p>\n';
  return `HTTP/1.0 200 OK\r\nContent-Type: text/html\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
}

export async function serveCommand(args) {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        ...COMMON_FLAGS,
        port: { type: 'string' },
        host: { type: 'string', default: '127.0.0.1' },
        'require-client-cert': { type: 'boolean' },
        http: { type: 'boolean' },
        echo: { type: 'boolean' },
      },
    }));
  } catch (e) {
    console.error(`microtls serve: ${oneLine(e)}`);
    return 2;
  }
  let options;
  const port = Number(values.port);
  try {
    if (values.engine !== 'node') throw new UsageError(`engine ${values.engine} not available for serve yet`);
    if (values.port === undefined || !Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('serve needs --port N');
    if (values.http && values.echo) throw new UsageError('--http and --echo exclude each other');
    if (values['require-client-cert'] && !values.ca) throw new UsageError('--require-client-cert needs --ca');
    options = commonOptions(values);
    if (!options.cert && !options.psk) throw new UsageError('serve needs --cert and --key, or --psk-identity and --psk');
  } catch (e) {
    console.error(`microtls serve: ${oneLine(e)}`);
    return 2;
  }
  const microtls = await loadMicrotls();
  if (values.ca) options.requestCert = true;
  if (values['require-client-cert']) options.requireClientCert = true;
  if (values.trace) options.onStep = tracer('microtls serve: ');
  const hal = microtls.nodeHal({ listenHost: values.host });
  return new Promise((resolve) => {
    let n = 0;
    let newest = null;
    let server;
    try {
      server = microtls.createServer({ hal, ...options }, (sock) => {
        const id = ++n;
        if (values.trace) {
          const i = sock.info();
          if (i) process.stderr.write(`microtls serve: client ${id}: ${i.version} ${i.suite}${i.alpn ? ' alpn ' + i.alpn : ''}\n`);
        }
        sock.on('error', (e) => process.stderr.write(`microtls serve: client ${id}: ${oneLine(e)}\n`));
        if (values.echo) {
          sock.on('data', (d) => sock.write(d));
        } else if (values.http) {
          let answered = false;
          sock.on('data', () => {
            if (answered) return;
            answered = true;
            sock.end(page(sock.info()));
          });
        } else {
          newest = sock;
          sock.on('data', (d) => process.stdout.write(d));
          sock.on('close', () => { if (newest === sock) newest = null; });
        }
      });
    } catch (e) {
      console.error(`microtls serve: ${oneLine(e)}`);
      resolve(1);
      return;
    }
    server.on('tlsClientError', (e) => process.stderr.write(`microtls serve: handshake failed: ${oneLine(e)}\n`));
    server.on('error', (e) => {
      console.error(`microtls serve: ${oneLine(e)}`);
      resolve(1);
    });
    server.listen(port, (p) => process.stderr.write(`microtls serve: listening on ${values.host}:${p}\n`));
    if (!values.echo && !values.http) {
      process.stdin.on('data', (d) => { if (newest) newest.write(new Uint8Array(d.buffer, d.byteOffset, d.length)); });
    }
    const stop = () => { server.close(); resolve(0); };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
