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
