// The emulator backend: the bundle inside QuickJS (tools/emulator) reaches the host through one
// bridge object, `__emu`, that the emulator installs before loading it. Sockets are host sockets
// (node:net): the VM asks the host to connect, write and end; the host calls back into the VM
// through the dispatcher registered here when data arrives or a socket closes. Randomness and
// the clock are the host's; memory is QuickJS's own count.
import board from 'microtls:board';
import type { Hal, Net, Socket, Listener } from '../types';
import { microtlsError } from '../../src/errors';
import { flooredClock } from '../espruino/clock';

/** The host bridge (tools/emulator/index.mjs). Ids name sockets and listeners. */
export interface EmulatorBridge {
  random(n: number): ArrayBuffer;
  now(): number;
  connect(id: number, host: string, port: number): void;
  listen(id: number, port: number): void;
  unlisten(id: number): void;
  write(id: number, data: ArrayBuffer, offset: number, length: number): void;
  end(id: number): void;
  memory(): number;
  log(line: string): void;
  /** The VM function the host calls with (id, event, data). */
  setDispatcher(fn: (id: number, event: string, data: unknown) => void): void;
}

declare const __emu: EmulatorBridge | undefined;

interface Handlers {
  open?: () => void;
  data?: (data: Uint8Array) => void;
  close?: (error: string | null) => void;
  error?: (error: string) => void;
  accept?: (id: number) => void;
  listening?: (port: number) => void;
}

function bridge(): EmulatorBridge {
  if (typeof __emu !== 'object' || !__emu) {
    throw microtlsError('TlsError', 'no_hal', 'the emulator backend runs only inside the emulator (__emu is missing)', -1);
  }
  return __emu;
}

function emulatorNet(b: EmulatorBridge): Net {
  const handlers: { [id: string]: Handlers } = {};
  let nextId = 1;

  b.setDispatcher(function (id: number, event: string, data: unknown): void {
    const h = handlers[String(id)];
    if (!h) return;
    if (event === 'open' && h.open) h.open();
    else if (event === 'data' && h.data) h.data(new Uint8Array(data as ArrayBuffer));
    else if (event === 'close') {
      delete handlers[String(id)];
      if (h.close) h.close(data === null || data === undefined ? null : String(data));
    } else if (event === 'error' && h.error) {
      delete handlers[String(id)];
      h.error(String(data));
    } else if (event === 'accept' && h.accept) h.accept(data as number);
    else if (event === 'listening' && h.listening) h.listening(data as number);
  });

  function socketFor(id: number, h: Handlers): Socket {
    let closed = false;
    let closeError: string | null = null;
    let closeCb: ((error: string | null) => void) | null = null;
    const early: Uint8Array[] = [];
    h.data = function (d: Uint8Array): void { early.push(d); };
    h.close = function (error: string | null): void {
      closed = true;
      closeError = error;
      if (closeCb) closeCb(error);
    };
    return {
      write: function (data: Uint8Array): void {
        if (!closed) b.write(id, data.buffer as ArrayBuffer, data.byteOffset, data.length);
      },
      end: function (): void { if (!closed) b.end(id); },
      onData: function (cb: (data: Uint8Array) => void): void {
        h.data = cb;
        while (early.length) cb(early.shift() as Uint8Array);
      },
      onClose: function (cb: (error: string | null) => void): void {
        closeCb = cb;
        if (closed) cb(closeError);
      },
    };
  }

  return {
    connect: function (host: string, port: number, onConnect: (socket: Socket) => void, onError: (error: string) => void): void {
      const id = nextId++;
      const h: Handlers = {};
      handlers[String(id)] = h;
      const socket = socketFor(id, h);
      h.open = function (): void { onConnect(socket); };
      h.error = function (e: string): void { onError('cannot connect to ' + host + ':' + port + ': ' + e); };
      b.connect(id, host, port);
    },
    listen: function (port: number, onSocket: (socket: Socket) => void, onListening: (port: number) => void,
      onError: (error: string) => void): Listener {
      const id = nextId++;
      handlers[String(id)] = {
        accept: function (socketId: number): void {
          const h: Handlers = {};
          handlers[String(socketId)] = h;
          onSocket(socketFor(socketId, h));
        },
        listening: onListening,
        error: function (e: string): void { onError('cannot listen on port ' + port + ': ' + e); },
      };
      b.listen(id, port);
      return { close: function (): void { delete handlers[String(id)]; b.unlisten(id); } };
    },
  };
}

/** The HAL of the emulator board (its profile is built in). */
export function createHal(): Hal {
  const b = bridge();
  return {
    name: 'emulator (' + board.name + ')',
    random: {
      fill: function (out: Uint8Array): void {
        const r = new Uint8Array(b.random(out.length));
        if (r.length !== out.length) throw microtlsError('TlsError', 'rng_failure', 'the host gave too few random bytes', -1);
        out.set(r);
      },
    },
    clock: flooredClock(function (): number { return b.now(); }),
    net: emulatorNet(b),
    log: function (line: string): void { b.log(line); },
    memory: function (): number { return b.memory(); },
  };
}
