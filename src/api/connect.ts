// connect(): a TLS client over the HAL's sockets, shaped like Node's tls.connect.
import type { Engine, ConnectionInfo, SessionState } from '../tls/types';
import type { Hal } from '../../hal/types';
import type { MicrotlsError } from '../errors';
import { asTlsError } from '../tls/common';
import { createEmitter } from './events';
import { bindEngine } from './connection';
import type { TlsSocket } from './connection';
import { engineConfig, apiError } from './options';
import type { TlsOptions } from './options';
import { defaultEngineFactory } from './factory';

function needHal(options: TlsOptions): Hal {
  if (!options || !options.hal) throw apiError('bad_option', 'options.hal is required (the runtime\'s sockets, random and clock)');
  return options.hal;
}

/** Opens a TLS connection to options.host:options.port; `cb` runs on 'secureConnect'. The
 * returned object queues writes until then. Bad options throw at once. */
export function connect(options: TlsOptions, cb?: () => void): TlsSocket {
  const hal = needHal(options);
  if (!options.host || !options.port) throw apiError('bad_option', 'connect needs host and port');
  const config = engineConfig(options, 'client', hal);
  const factory = options.createEngine ? options.createEngine : defaultEngineFactory();
  const events = createEmitter();
  let pendingWrites: (Uint8Array | string)[] = [];
  let pendingEnd = false;
  let pendingKeyUpdate = -1;
  let inner: TlsSocket | null = null;
  let engine: Engine | null = null;
  let gone = false;
  if (cb) events.on('secureConnect', cb);

  function relay(name: string): void {
    inner!.on(name, function (arg?: any): void { events.emit(name, arg); });
  }

  function early(e: MicrotlsError): void {
    if (gone) return;
    gone = true;
    events.emit('error', e);
    events.emit('close', true);
  }

  hal.net.connect(options.host, options.port, function (socket): void {
    if (gone) { socket.end(); return; }
    try {
      engine = factory(config);
    } catch (e) {
      socket.end();
      early(asTlsError(e));
      return;
    }
    inner = bindEngine(engine, socket, null);
    relay('secureConnect');
    relay('data');
    relay('end');
    relay('drain');
    relay('error');
    relay('close');
    for (let i = 0; i < pendingWrites.length; i++) inner.write(pendingWrites[i]);
    pendingWrites = []; // not `length = 0`: Espruino 2v29 refuses assigning an array's length
    if (pendingKeyUpdate >= 0) inner.keyUpdate(pendingKeyUpdate === 1);
    if (pendingEnd) inner.end();
  }, function (error: string): void {
    early(apiError('socket', 'cannot connect to ' + options.host + ':' + options.port + ': ' + error));
  });

  const self: TlsSocket = {
    write: function (data: Uint8Array | string): boolean {
      if (inner) return inner.write(data);
      if (gone || pendingEnd) return false;
      if (typeof data === 'string') pendingWrites.push(data);
      else { const copy = new Uint8Array(data.length); copy.set(data); pendingWrites.push(copy); }
      return false;
    },
    end: function (data?: Uint8Array | string): void {
      if (inner) { inner.end(data); return; }
      if (data !== undefined && data !== null) self.write(data);
      pendingEnd = true;
    },
    destroy: function (): void {
      if (inner) inner.destroy();
      else gone = true;
    },
    keyUpdate: function (peer: boolean): void {
      if (inner) inner.keyUpdate(peer);
      else pendingKeyUpdate = peer ? 1 : 0;
    },
    on: function (event: string, fn: (arg?: any) => void): TlsSocket { events.on(event, fn); return self; },
    info: function (): ConnectionInfo | null { return engine ? engine.info() : null; },
    session: function (): SessionState | null { return engine ? engine.session() : null; },
    cleanClose: function (): boolean { return inner ? inner.cleanClose() : false; },
  };
  return self;
}
