// The hardware-abstraction layer's contract: what the engine-neutral stack needs from a runtime.
// Each runtime (node, espruino, jerryscript, emulator) gets one backend folder beside this file
// that fills these in; the stack under src/ only ever sees these interfaces. Native or hardware
// crypto is not here: a backend swaps CryptoProvider members (src/crypto/provider.ts).

/** Cryptographically secure random bytes: a hardware RNG or the OS, never Math.random(). */
export interface Random {
  fill(out: Uint8Array): void;
}

/** Seconds since the Unix epoch, or -1 when the device has no trusted time. */
export interface Clock {
  now(): number;
}

/** A byte stream to one peer. Callbacks deliver bytes; `write` queues them. */
export interface Socket {
  write(data: Uint8Array): void;
  end(): void;
  onData(cb: (data: Uint8Array) => void): void;
  onClose(cb: (error: string | null) => void): void;
}

export interface Log {
  (line: string): void;
}

/** Outgoing and incoming connections. Errors are one line of text naming the cause. */
export interface Net {
  connect(host: string, port: number, onConnect: (socket: Socket) => void, onError: (error: string) => void): void;
  listen(port: number, onSocket: (socket: Socket) => void, onListening: (port: number) => void,
    onError: (error: string) => void): Listener;
}

export interface Listener {
  close(): void;
}

/** Everything a runtime gives the stack. `memory` reports bytes in use where the runtime can
 * tell (Espruino's process.memory(), QuickJS's counters), else -1. */
export interface Hal {
  name: string;
  random: Random;
  clock: Clock;
  net: Net;
  log: Log;
  memory(): number;
}
