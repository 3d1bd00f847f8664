// The Espruino backend: sockets from require("net") (8-bit strings in and out), randomness from
// the chip's RNG register (peek32) on ESP32 boards or /dev/urandom on Linux, Espruino's native
// hashes as crypto provider members, and memory from process.memory(). Never E.hwRand() or
// Math.random(): on ESP32, E.hwRand() is an unseeded generator that repeats after every boot
// (DESIGN.md section 3).
import board from 'microtls:board';
import type { Hal, Random, Net, Socket, Listener } from '../types';
import type { CryptoProvider } from '../../src/crypto/provider';
import { microtlsError, notInBuild } from '../../src/errors';
import { defaultProvider, withOverrides } from '../../src/crypto/default-provider';
import { setNativeSource, nativeMember } from '../../src/crypto/native';
import { espruinoCryptoMembers } from './crypto';
import type { EspruinoCryptoModule } from './crypto';
import { flooredClock } from './clock';
import { registerRandom } from '../register-random';
import { boardHas } from '../../src/board';
import { latin1 } from '../../src/bytes';

interface EspruinoFile {
  read(n: number): string | undefined;
  close(): void;
}
interface EspruinoConnection {
  on(event: string, cb: (arg: unknown) => void): void;
  write(data: string): boolean;
  end(): void;
}
interface EspruinoServer {
  listen(port: number): EspruinoServer;
  close(): void;
}
interface EspruinoNet {
  connect(opts: { host: string; port: number }, cb: () => void): EspruinoConnection;
  createServer(cb: (c: EspruinoConnection) => void): EspruinoServer;
}
interface EspruinoMemory {
  free: number;
  usage: number;
  total: number;
  blocksize?: number;
}

declare const E: {
  toString(data: Uint8Array): string | undefined;
  toUint8Array(data: string): Uint8Array;
  openFile(path: string, mode: string): EspruinoFile | undefined;
};
declare function peek32(address: number): number;
declare function require(name: string): unknown;
declare const process: { memory(gc?: boolean): EspruinoMemory };
declare function print(line: string): void;

function halError(code: string, message: string) {
  return microtlsError('TlsError', code, message, -1);
}

export { registerRandom };

// The firmware's SHA and AES (require("crypto")), looked up when first used: a size bundle carries
// no pure-TS version of them (features sha2-pure, aes-pure left out), even without createHal.
setNativeSource(function (): { [name: string]: unknown } {
  return espruinoCryptoMembers(require('crypto') as EspruinoCryptoModule);
});

/** Random bytes from /dev/urandom through Espruino's E.openFile (Linux builds). */
function urandomRandom(): Random {
  return {
    fill: function (out: Uint8Array): void {
      if (out.length === 0) return;
      const f = E.openFile('/dev/urandom', 'r');
      if (!f) throw halError('rng_failure', '/dev/urandom cannot be opened');
      let at = 0;
      while (at < out.length) {
        const s = f.read(out.length - at);
        if (!s || !s.length) break;
        for (let i = 0; i < s.length; i++) out[at + i] = s.charCodeAt(i) & 255;
        at += s.length;
      }
      f.close();
      if (at !== out.length) throw halError('rng_failure', '/dev/urandom gave ' + at + ' of ' + out.length + ' bytes');
    },
  };
}

/** Bytes to Espruino's 8-bit string. E.toString answers undefined when it cannot find a flat
 * block of memory; then the string is built in pieces. */
export function bytesToString(data: Uint8Array): string {
  const s = E.toString(data);
  return typeof s === 'string' && s.length === data.length ? s : latin1(data);
}

function errorText(e: unknown): string {
  if (e && typeof e === 'object') {
    const o = e as { message?: string; code?: number; type?: string };
    if (o.message) return String(o.message);
    if (o.code !== undefined) return 'socket error ' + o.code + (o.type ? ' (' + o.type + ')' : '');
  }
  return String(e);
}

/** A Socket over one Espruino connection. Data that arrives before onData is set is kept. */
function wrapConnection(c: EspruinoConnection): Socket {
  let dataCb: ((data: Uint8Array) => void) | null = null;
  let closeCb: ((error: string | null) => void) | null = null;
  const early: Uint8Array[] = [];
  let closed = false;
  // The last error before the close: what onClose reports (later ones are ignored).
  let closeError: string | null = null;
  c.on('data', function (d: unknown): void {
    const bytes = E.toUint8Array(d as string);
    if (dataCb) dataCb(bytes);
    else early.push(bytes);
  });
  c.on('error', function (e: unknown): void { if (!closed) closeError = errorText(e); });
  c.on('close', function (): void {
    if (closed) return;
    closed = true;
    if (closeCb) closeCb(closeError);
  });
  return {
    write: function (data: Uint8Array): void {
      if (!closed) c.write(bytesToString(data));
    },
    end: function (): void { c.end(); },
    onData: function (cb: (data: Uint8Array) => void): void {
      dataCb = cb;
      while (early.length) cb(early.shift() as Uint8Array);
    },
    onClose: function (cb: (error: string | null) => void): void {
      closeCb = cb;
      if (closed) cb(closeError);
    },
  };
}

function espruinoNet(): Net {
  return {
    connect: function (host: string, port: number, onConnect: (socket: Socket) => void, onError: (error: string) => void): void {
      const net = require('net') as EspruinoNet;
      let open = false;
      let socket: Socket | null = null;
      let c: EspruinoConnection;
      const fail = function (e: unknown): void { onError('cannot connect to ' + host + ':' + port + ': ' + errorText(e)); };
      try {
        c = net.connect({ host: host, port: port }, function (): void {
          open = true;
          onConnect(socket as Socket);
        });
      } catch (e) {
        // The Linux build refuses synchronously ("Unable to create socket"); ESP32 builds
        // report through the 'error' event below.
        fail(e);
        return;
      }
      socket = wrapConnection(c);
      c.on('error', function (e: unknown): void {
        if (!open) {
          open = true;
          fail(e);
        }
      });
    },
    listen: function (port: number, onSocket: (socket: Socket) => void, onListening: (port: number) => void,
      onError: (error: string) => void): Listener {
      // A client-only bundle (no `server` feature) carries no listener.
      if (!boardHas('server')) {
        onError(notInBuild('a server').message);
        return { close: function (): void { /* nothing was opened */ } };
      }
      const net = require('net') as EspruinoNet;
      let server: EspruinoServer | null = null;
      try {
        server = net.createServer(function (c: EspruinoConnection): void { onSocket(wrapConnection(c)); });
        server.listen(port);
      } catch (e) {
        onError('cannot listen on port ' + port + ': ' + errorText(e));
        return { close: function (): void { /* nothing was opened */ } };
      }
      onListening(port);
      return { close: function (): void { if (server) server.close(); } };
    },
  };
}

/** The randomness this board's profile names. */
export function boardRandom(): Random {
  const rng = board.rng;
  if (rng && rng.kind === 'register' && rng.address) return registerRandom(parseInt(rng.address, 16), peek32);
  // Only a profile that reads /dev/urandom (espruino-linux) carries that reader (feature urandom).
  if (boardHas('urandom') && rng && rng.kind === 'urandom') return urandomRandom();
  throw halError('rng_failure', 'board ' + board.name + ' names no RNG the Espruino backend can read');
}

export interface EspruinoHal extends Hal {
  /** The crypto provider with Espruino's native hashes and AES (the profile's nativeCrypto) in
   * place of the pure-TS ones. */
  provider: CryptoProvider;
  /** process.memory() as Espruino reports it (variables, not bytes), after a garbage collection. */
  vars(): EspruinoMemory;
}

/** The HAL of an Espruino board (its profile is built in). */
export function createHal(): EspruinoHal {
  // What the profile promises the firmware has: one that is missing fails here, by name.
  const native = board.nativeCrypto || [];
  const members: { [name: string]: unknown } = {};
  for (let i = 0; i < native.length; i++) {
    const n = native[i] === 'aes-ecb' ? 'aesBlock' : native[i];
    members[n] = nativeMember(n);
  }
  // A bundle without any pure-TS hash or AES (features sha1, sha2-pure, aes-pure all left out)
  // already has the native ones in its default provider: nothing to swap (and a size profile
  // leaves out provider-overrides too).
  const provider = boardHas('provider-overrides') && (boardHas('sha1') || boardHas('sha2-pure') || boardHas('aes-pure')) ?
    withOverrides(defaultProvider, members) : defaultProvider;
  return {
    name: 'espruino (' + board.name + ')',
    random: boardRandom(),
    clock: flooredClock(Date.now),
    net: espruinoNet(),
    log: function (line: string): void { print(line); },
    memory: function (): number {
      const m = process.memory();
      return m.usage * (m.blocksize || 14);
    },
    vars: function (): EspruinoMemory { return process.memory(); },
    provider: provider,
  };
}
