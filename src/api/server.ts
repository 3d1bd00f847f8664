// createServer(): TLS servers over the HAL's listener, shaped like Node's tls.createServer.
import type { Hal, Listener, Socket } from '../../hal/types';
import { isMicrotlsError, microtlsError } from '../errors';
import { createEmitter } from './events';
import { bindEngine } from './connection';
import type { TlsSocket } from './connection';
import { engineConfig, apiError, needHal } from './options';
import type { TlsOptions } from './options';
import { defaultEngineFactory } from './factory';
import type { EngineConfig } from '../tls/types';
import { createTicketStore } from '../tls/tickets';

export interface TlsServer {
  /** Listens on `port` (0: any free port); `cb` gets the port bound. */
  listen(port: number, cb?: (port: number) => void): TlsServer;
  /** Stops listening and drops open connections. */
  close(): void;
  /** 'listening' (port), 'error' (listener failure), 'tlsClientError' (a handshake that
   * failed: MicrotlsError), 'connection' (raw accept, before the handshake). */
  on(event: string, cb: (arg?: any) => void): TlsServer;
  port(): number;
}

/** A TLS server: `onConnection` gets each client once its handshake is over. Options are
 * checked (and PEM parsed) once, here. */
export function createServer(options: TlsOptions, onConnection?: (socket: TlsSocket) => void): TlsServer {
  const hal: Hal = needHal(options);
  const config: EngineConfig = engineConfig(options, 'server', hal);
  if (!config.certChain && !config.psk) throw apiError('bad_option', 'a server needs cert and key, or a psk');
  // One ticket store for the server's connections, so that clients can resume
  // (options.tickets === false: none).
  if (options.tickets !== false && config.ticketStore === undefined) config.ticketStore = createTicketStore(hal.random);
  const factory = options.createEngine || defaultEngineFactory();
  const events = createEmitter();
  let listener: Listener | null = null;
  let bound = -1;
  if (onConnection) events.on('secureConnection', onConnection);

  function accept(socket: Socket): void {
    events.emit('connection');
    let tls: TlsSocket;
    try {
      tls = bindEngine(factory(config), socket, function (s: TlsSocket): void { events.emit('secureConnection', s); });
    } catch (e) {
      socket.end();
      events.emit('tlsClientError', isMicrotlsError(e) ? e : microtlsError('TlsError', 'internal', String(e), 80));
      return;
    }
    let secure = false;
    tls.on('secureConnect', function (): void { secure = true; });
    tls.on('error', function (e?: any): void {
      if (!secure) events.emit('tlsClientError', e);
    });
  }

  const self: TlsServer = {
    listen: function (port: number, cb?: (port: number) => void): TlsServer {
      if (cb) events.on('listening', cb);
      listener = hal.net.listen(port, accept, function (p: number): void {
        bound = p;
        events.emit('listening', p);
      }, function (error: string): void {
        events.emit('error', microtlsError('TlsError', 'socket', 'cannot listen on port ' + port + ': ' + error, -1));
      });
      return self;
    },
    close: function (): void {
      if (listener) { listener.close(); listener = null; }
    },
    // the emitter's own on: it returns this, the server
    on: events.on,
    port: function (): number { return bound; },
  };
  return self;
}
