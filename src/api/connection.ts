// One TLS connection: an Engine bound to a HAL Socket, seen from outside as a Node-style
// socket-like object. Bytes from the network are fed in, decrypted data comes out as 'data'
// events, application writes wait until the handshake is over, and everything the engine has to
// send goes to the socket after each step.
import type { Engine, ConnectionInfo, SessionState } from '../tls/types';
import type { Socket } from '../../hal/types';
import { apiError } from './options';
import { asTlsError } from '../tls/common';
import { tlsError, INTERNAL_ERROR } from '../tls/alerts';
import { copyBytes } from '../tls/codec';
import type { MicrotlsError } from '../errors';
import { createEmitter } from './events';
import { toBytes } from './text';

export interface TlsSocket {
  /** Queues application data (strings as UTF-8); sent once the handshake is over. */
  write(data: Uint8Array | string): boolean;
  /** Sends what is queued (and `data`), then close_notify, then closes the socket. */
  end(data?: Uint8Array | string): void;
  /** Closes the socket at once, without close_notify. */
  destroy(): void;
  /** Asks for a KeyUpdate (TLS 1.3); `peer` also asks the peer to update its keys. */
  keyUpdate(peer: boolean): void;
  /** 'secureConnect' (handshake done), 'data' (Uint8Array), 'end' (peer's close_notify),
   * 'drain' (queued writes all handed to the engine), 'error' (MicrotlsError), 'close'
   * (hadError: boolean). */
  on(event: string, cb: (arg?: any) => void): TlsSocket;
  info(): ConnectionInfo | null;
  session(): SessionState | null;
  /** Whether the peer ended with close_notify (false after a bare TCP close). */
  cleanClose(): boolean;
}

const READ_CHUNK = 16384;


/** A TlsSocket whose engine and network socket come later (connect() has them once TCP is up):
 * until `attach`, writes wait in its queue; `early` fails it before then. */
export interface Shell {
  socket: TlsSocket;
  attach(engine: Engine, socket: Socket): void;
  early(e: MicrotlsError): void;
}

/** Binds `engine` to `socket`. `onSecure` runs once, when the handshake completes, before any
 * 'data' event (a server attaches its handlers there). */
export function bindEngine(engine: Engine, socket: Socket, onSecure: ((s: TlsSocket) => void) | null): TlsSocket {
  const sh = tlsShell(onSecure);
  sh.attach(engine, socket);
  return sh.socket;
}

export function tlsShell(onSecure: ((s: TlsSocket) => void) | null): Shell {
  // both null until attach; every use below is behind `step`, which waits for them
  let engine: Engine = null as unknown as Engine;
  let socket: Socket = null as unknown as Socket;
  const events = createEmitter();
  const readBuf = new Uint8Array(READ_CHUNK);
  const queue: Uint8Array[] = [];
  // Flags start unset (false): fewer bytes. Those shown outside (failed as hadError, closeNotify
  // as cleanClose()) start false.
  let secure: boolean | undefined;
  let ending: boolean | undefined;
  let weClosed: boolean | undefined;
  let peerClosed: boolean | undefined;
  let needDrain: boolean | undefined;
  let closed: boolean | undefined;
  let socketEnded: boolean | undefined;
  let closeNotify = false;
  let failed = false;

  function endSocket(): void {
    if (!socketEnded) {
      socketEnded = true;
      if (socket) socket.end();
    }
  }

  function flush(): void {
    for (let n = engine.pending(); n > 0; n = engine.pending()) {
      const out = new Uint8Array(n);
      const got = engine.pull(out, 0, n);
      if (got <= 0) break;
      socket.write(out.subarray(0, got));
    }
  }

  function fail(e: MicrotlsError): void {
    if (failed || closed) return;
    failed = true;
    try { if (engine) flush(); } catch (ignored) { /* the alert is best effort */ }
    endSocket();
    events.emit('error', e);
  }

  /** What the engine has to say after it moved: its failure, the handshake's end (before any
   * 'data'), decrypted data. False once the connection failed or closed. */
  function news(): boolean {
    while (!failed && !closed) {
      const st = engine.state;
      if (st === 'failed') fail(engine.error || apiError('failed', 'engine failed'));
      else {
        if (!secure && st !== 'handshaking') {
          secure = true;
          if (onSecure) onSecure(self);
          events.emit('secureConnect');
        }
        const n = engine.read(readBuf, 0, READ_CHUNK);
        if (n <= 0) return !failed && !closed;
        events.emit('data', copyBytes(readBuf.subarray(0, n)));
      }
    }
    return false;
  }

  /** Our close_notify, then the socket's end (engine.close() does nothing once it is closed). */
  function closeOurs(): void {
    weClosed = true;
    engine.close();
    flush();
    endSocket();
  }

  function drainQueue(): void {
    // After the peer's close_notify ('closing', ours not sent) a side may still send.
    while (queue.length > 0 && (engine.state === 'open' || (engine.state === 'closing' && !weClosed))) {
      const head = queue[0];
      const took = engine.write(head, 0, head.length);
      if (took <= 0) break;
      if (took < head.length) queue[0] = head.subarray(took);
      else queue.shift();
      flush();
    }
    if (queue.length > 0) return;
    // write() returned false while data waited; 'drain' says it all went to the engine.
    if (needDrain) { needDrain = false; events.emit('drain'); }
    if (ending && !weClosed && secure && engine.state !== 'failed') closeOurs();
  }

  /** Runs `run` (none: only what follows), then moves everything on. */
  function step(run?: () => void): void {
    if (failed || closed || !engine) return;
    try {
      if (run) run();
      flush();
      if (!news()) return;
      drainQueue();
      const st = engine.state;
      // the peer's close_notify (answered with ours), or the answer to ours
      if (!peerClosed && (st === 'closed' || st === 'closing') && (weClosed ? st === 'closed' : secure)) {
        peerClosed = true;
        closeNotify = true;
        events.emit('end');
        if (!weClosed) closeOurs();
      }
    } catch (e) {
      fail(engine.error || asTlsError(e));
    }
  }

  const self: TlsSocket = {
    write: function (data: Uint8Array | string): boolean {
      if (ending || failed || closed) return false;
      const b = toBytes(data);
      if (b.length === 0) return true;
      // A copy: the caller may reuse its buffer before the handshake ends.
      queue.push(copyBytes(b));
      step();
      if (queue.length > 0) needDrain = true;
      return !needDrain;
    },
    end: function (data?: Uint8Array | string): void {
      if (data !== undefined && data !== null) self.write(data);
      if (ending) return;
      ending = true;
      // drainQueue closes once the queue is empty
      step();
    },
    destroy: endSocket,
    keyUpdate: function (peer: boolean): void {
      step(function (): void { engine.keyUpdate(peer); });
    },
    // the emitter's own on: it returns this, the socket
    on: events.on,
    info: function (): ConnectionInfo | null { return engine ? engine.info() : null; },
    session: function (): SessionState | null { return engine ? engine.session() : null; },
    cleanClose: function (): boolean { return closeNotify; },
  };

  function attach(e: Engine, sock: Socket): void {
    // destroyed or failed before the network socket came
    if (failed || socketEnded) { sock.end(); return; }
    engine = e;
    socket = sock;
    socket.onData(function (data: Uint8Array): void {
      let off = 0;
      step(function (): void {
        while (off < data.length && !failed) {
          const took = engine.feed(data, off, data.length - off);
          off += took;
          if (!news()) return;
          // The input buffer is full and reading freed nothing: the engine should have failed.
          if (took === 0) throw tlsError(INTERNAL_ERROR, 'engine took no input');
        }
      });
    });

    socket.onClose(function (error: string | null): void {
      if (closed) return;
      if (!failed && error !== null) {
        fail(apiError('socket', 'connection error: ' + error));
      } else if (!failed && !secure) {
        fail(apiError('closed', 'connection closed by the peer during the handshake'));
      } else if (!failed && !peerClosed) {
        // A bare TCP close after the handshake: reported as an end without close_notify.
        peerClosed = true;
        events.emit('end');
      }
      closed = true;
      events.emit('close', failed);
    });
    // A client has its ClientHello ready at once.
    step();
  }

  return {
    socket: self, attach: attach,
    early: function (e: MicrotlsError): void {
      if (failed || closed) return;
      fail(e);
      closed = true;
      events.emit('close', true);
    },
  };
}
