// The JerryScript backend. JerryScript itself has no sockets, timers, clock source or RNG: a
// firmware that embeds it fills in the global object `microtls_native` with C functions before
// it loads the bundle (the contract: hal/jerryscript/NATIVES.md). Without natives for the
// network, `createHal({ loopback: true })` gives an in-VM network whose connections reach
// listeners in the same VM: a whole handshake then runs inside the `jerry` command-line tool,
// driven by `hal.pump()` since there is no event loop.
import board from 'microtls:board';
import type { Hal, Random, Net, Socket, Listener } from '../types';
import { microtlsError } from '../../src/errors';
import { flooredClock } from '../espruino/clock';
import { registerRandom } from '../register-random';

/** What the firmware provides (NATIVES.md). Only `random` is required. */
export interface JerryNatives {
  /** Fill `out` with bytes from the hardware RNG. */
  random?: (out: Uint8Array) => void;
  /** Read a 32-bit word at `address` (memory-mapped RNG register). */
  peek32?: (address: number) => number;
  /** Milliseconds since the epoch, or -1 when the firmware has no time. */
  now?: () => number;
  /** Open a TCP connection; the firmware calls `events.open()`, `events.data(bytes)`,
   * `events.close(error)` later, from its event loop. Returns a connection id. */
  connect?: (host: string, port: number, events: NativeEvents) => number;
  write?: (id: number, data: Uint8Array) => void;
  end?: (id: number) => void;
  /** Bytes of the JerryScript heap in use (jerry_get_memory_stats). */
  memory?: () => number;
  log?: (line: string) => void;
}

export interface NativeEvents {
  open(): void;
  data(bytes: Uint8Array): void;
  close(error: string | null): void;
}

declare const microtls_native: JerryNatives | undefined;
declare function print(line: string): void;

function halError(code: string, message: string) {
  return microtlsError('TlsError', code, message, -1);
}

function nativesGiven(): JerryNatives {
  return typeof microtls_native === 'object' && microtls_native ? microtls_native : {};
}

function nativeRandom(n: JerryNatives): Random {
  const fill = n.random;
  if (fill) return { fill: function (out: Uint8Array): void { fill(out); } };
  const peek = n.peek32;
  const rng = board.rng;
  if (peek && rng && rng.kind === 'register' && rng.address) return registerRandom(parseInt(rng.address, 16), peek);
  throw halError('rng_failure', 'microtls_native has neither random nor peek32: no RNG on this firmware');
}

/** One side of an in-VM connection: what it writes is queued for the other side. */
interface Pipe {
  socket: Socket;
  peer: Pipe | null;
  dataCb: ((data: Uint8Array) => void) | null;
  closeCb: ((error: string | null) => void) | null;
  closed: boolean;
}

/** The in-VM network. Events are queued and delivered by pump(), never from inside a write, so
 * no callback runs re-entrantly. */
export interface LoopbackNet extends Net {
  /** Delivers queued events until none are left (or `limit` of them ran); returns how many ran. */
  pump(limit?: number): number;
}

export function loopbackNet(): LoopbackNet {
  const queue: (() => void)[] = [];
  const listeners: { [port: string]: (socket: Socket) => void } = {};

  function makePipe(): Pipe {
    const p: Pipe = { socket: null as unknown as Socket, peer: null, dataCb: null, closeCb: null, closed: false };
    p.socket = {
      write: function (data: Uint8Array): void {
        if (p.closed) return;
        const copy = new Uint8Array(data.length);
        copy.set(data);
        queue.push(function (): void {
          const q = p.peer;
          if (q && !q.closed && q.dataCb) q.dataCb(copy);
        });
      },
      end: function (): void {
        if (p.closed) return;
        queue.push(function (): void { closeBoth(p); });
      },
      onData: function (cb: (data: Uint8Array) => void): void { p.dataCb = cb; },
      onClose: function (cb: (error: string | null) => void): void { p.closeCb = cb; },
    };
    return p;
  }

  function closeOne(p: Pipe): void {
    if (p.closed) return;
    p.closed = true;
    if (p.closeCb) p.closeCb(null);
  }

  function closeBoth(p: Pipe): void {
    closeOne(p);
    if (p.peer) closeOne(p.peer);
  }

  return {
    connect: function (host: string, port: number, onConnect: (socket: Socket) => void, onError: (error: string) => void): void {
      queue.push(function (): void {
        const accept = listeners[String(port)];
        if (!accept) {
          onError('cannot connect to ' + host + ':' + port + ': nothing listens there (loopback network)');
          return;
        }
        const a = makePipe();
        const b = makePipe();
        a.peer = b;
        b.peer = a;
        accept(b.socket);
        onConnect(a.socket);
      });
    },
    listen: function (port: number, onSocket: (socket: Socket) => void, onListening: (port: number) => void,
      onError: (error: string) => void): Listener {
      if (listeners[String(port)]) {
        onError('port ' + port + ' is in use (loopback network)');
        return { close: function (): void { /* not ours */ } };
      }
      listeners[String(port)] = onSocket;
      queue.push(function (): void { onListening(port); });
      return { close: function (): void { delete listeners[String(port)]; } };
    },
    pump: function (limit?: number): number {
      let ran = 0;
      const max = limit || 1000000;
      while (queue.length && ran < max) {
        const job = queue.shift() as () => void;
        job();
        ran++;
      }
      return ran;
    },
  };
}

function nativeNet(n: JerryNatives): Net {
  const connect = n.connect;
  const write = n.write;
  const end = n.end;
  return {
    connect: function (host: string, port: number, onConnect: (socket: Socket) => void, onError: (error: string) => void): void {
      if (!connect || !write || !end) {
        onError('this firmware has no network natives (microtls_native.connect/write/end)');
        return;
      }
      let dataCb: ((data: Uint8Array) => void) | null = null;
      let closeCb: ((error: string | null) => void) | null = null;
      let open = false;
      let closed = false;
      let closeError: string | null = null;
      let id = -1;
      const socket: Socket = {
        write: function (data: Uint8Array): void { if (!closed) write(id, data); },
        end: function (): void { if (!closed) end(id); },
        onData: function (cb: (data: Uint8Array) => void): void { dataCb = cb; },
        onClose: function (cb: (error: string | null) => void): void { closeCb = cb; if (closed) cb(closeError); },
      };
      id = connect(host, port, {
        open: function (): void { open = true; onConnect(socket); },
        data: function (bytes: Uint8Array): void { if (dataCb) dataCb(bytes); },
        close: function (error: string | null): void {
          if (closed) return;
          closed = true;
          closeError = error;
          if (!open) onError('cannot connect to ' + host + ':' + port + ': ' + (error || 'closed'));
          else if (closeCb) closeCb(error);
        },
      });
    },
    listen: function (port: number, onSocket: (socket: Socket) => void, onListening: (port: number) => void,
      onError: (error: string) => void): Listener {
      onError('this firmware has no listening sockets');
      return { close: function (): void { /* nothing was opened */ } };
    },
  };
}

export interface JerryHal extends Hal {
  /** Runs queued loopback events (loopback mode); 0 otherwise. */
  pump(limit?: number): number;
}

/** The HAL of a JerryScript firmware (its profile is built in). */
export function createHal(options?: { loopback?: boolean }): JerryHal {
  const n = nativesGiven();
  const loop = options && options.loopback ? loopbackNet() : null;
  const now = n.now;
  const memory = n.memory;
  const log = n.log;
  return {
    name: 'jerryscript (' + board.name + (loop ? ', loopback' : '') + ')',
    random: nativeRandom(n),
    clock: flooredClock(function (): number { return now ? now() : Date.now(); }),
    net: loop ? loop : nativeNet(n),
    log: function (line: string): void { if (log) log(line); else print(line); },
    memory: function (): number { return memory ? memory() : -1; },
    pump: function (limit?: number): number { return loop ? loop.pump(limit) : 0; },
  };
}
