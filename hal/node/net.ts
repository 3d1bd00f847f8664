// node:net sockets as the HAL's Net and Socket. Node delivers Buffers (Uint8Array subclasses);
// they are handed on as plain Uint8Array views of the same memory, valid during the callback.
import type { Net, Socket, Listener } from '../types';

/** The parts of a node:net Socket used here. */
export interface NodeSocket {
  write(data: Uint8Array): boolean;
  end(): void;
  destroy(): void;
  setNoDelay(on: boolean): void;
  on(event: string, cb: (arg: any) => void): void;
  once(event: string, cb: (arg: any) => void): void;
  removeListener(event: string, cb: (arg: any) => void): void;
}
interface NodeServer {
  listen(port: number, host: string | undefined, cb: () => void): void;
  address(): { port: number } | null;
  close(): void;
  on(event: string, cb: (arg: any) => void): void;
}
/** The part of `require('node:net')` used here. */
export interface NodeNetModule {
  connect(options: { host: string; port: number }): NodeSocket;
  createServer(onSocket: (s: NodeSocket) => void): NodeServer;
}

export interface NodeNetOptions {
  /** Address servers listen on (default: every interface). */
  listenHost?: string;
}

function message(e: any): string {
  if (e && typeof e.message === 'string') {
    return e.code && e.message.indexOf(e.code) < 0 ? e.code + ': ' + e.message : e.message;
  }
  return String(e);
}

function wrapSocket(s: NodeSocket): Socket {
  let error: string | null = null;
  let closed = false;
  let closeCb: ((error: string | null) => void) | null = null;
  s.setNoDelay(true);
  // An error is always followed by 'close'; the error's text travels with it.
  s.on('error', function (e: any): void { if (error === null) error = message(e); });
  s.on('close', function (): void {
    closed = true;
    if (closeCb) closeCb(error);
  });
  return {
    write: function (data: Uint8Array): void { if (!closed) s.write(data); },
    end: function (): void { if (!closed) s.end(); },
    onData: function (cb: (data: Uint8Array) => void): void {
      s.on('data', function (b: Uint8Array): void { cb(new Uint8Array(b.buffer, b.byteOffset, b.length)); });
    },
    onClose: function (cb: (error: string | null) => void): void {
      closeCb = cb;
      if (closed) cb(error);
    },
  };
}

export function nodeNet(net: NodeNetModule, options?: NodeNetOptions): Net {
  const listenHost = options && options.listenHost ? options.listenHost : undefined;
  return {
    connect: function (host: string, port: number, onConnect: (socket: Socket) => void,
      onError: (error: string) => void): void {
      const s = net.connect({ host: host, port: port });
      const early = function (e: any): void { onError(message(e)); };
      s.once('error', early);
      s.once('connect', function (): void {
        s.removeListener('error', early);
        onConnect(wrapSocket(s));
      });
    },
    listen: function (port: number, onSocket: (socket: Socket) => void, onListening: (port: number) => void,
      onError: (error: string) => void): Listener {
      const open: NodeSocket[] = [];
      const server = net.createServer(function (s: NodeSocket): void {
        open.push(s);
        s.on('close', function (): void {
          const i = open.indexOf(s);
          if (i >= 0) open.splice(i, 1);
        });
        onSocket(wrapSocket(s));
      });
      server.on('error', function (e: any): void { onError(message(e)); });
      server.listen(port, listenHost, function (): void {
        const a = server.address();
        onListening(a ? a.port : port);
      });
      return {
        // Stops accepting and drops the connections still open, so a process can exit.
        close: function (): void {
          server.close();
          while (open.length > 0) open.pop()!.destroy();
        },
      };
    },
  };
}
