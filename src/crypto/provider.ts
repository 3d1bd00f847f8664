// The crypto provider: every primitive the stack uses, behind one object the engine is configured
// with. The pure-TS default lives beside this file; a board's HAL may replace any member with a
// native or hardware version (Espruino's require("crypto"), firmware natives) that must give the
// same answers.

/** A running hash. `copy` gives an independent state (the transcript hash needs it). */
export interface Hasher {
  update(data: Uint8Array): Hasher;
  /** Finishes and returns the digest; the hasher is unusable afterwards. */
  digest(): Uint8Array;
  copy(): Hasher;
}

export interface HashAlgorithm {
  name: 'sha1' | 'sha256' | 'sha384' | 'sha512';
  outputLen: number;
  blockLen: number;
  create(): Hasher;
}
