// What a bundle knows about the board it runs on (boards/<name>.json; boards/README.md).
import board from 'microtls:board';
export interface BoardRng {
  /** 'register': read a hardware RNG register with peek32 (ESP32 family); 'urandom': the OS
   * (/dev/urandom); 'host': the host behind an emulator; 'native': a firmware function. */
  kind: 'register' | 'urandom' | 'host' | 'native';
  /** The register's address as 0x-prefixed hex text, for kind 'register'. */
  address?: string;
  alias?: string;
  source?: string;
  note?: string;
}

export interface BoardProfile {
  name: string;
  description: string;
  runtime: 'node' | 'quickjs' | 'duktape' | 'espruino' | 'jerryscript' | 'any';
  /** The chip, or 'host' for a profile that runs on a computer. */
  chip?: 'esp32' | 'esp32s3' | 'esp32c3' | 'host';
  ramBudget: number;
  /** Espruino's variable pool (process.memory().total on the device). */
  jsVars?: number;
  maxRecordSize: number;
  buffers?: { input: number; output: number };
  rng?: BoardRng;
  /** Primitives the chip has in hardware ('aes', 'sha'). */
  accelerators?: string[];
  /** Primitives the runtime's own native code offers (Espruino's require("crypto")). */
  nativeCrypto?: string[];
  /** What the bundle holds: "all", or the features of tools/boards.mjs it keeps. */
  features?: string[] | 'all';
  /** Which tweetnacl build carries X25519/Ed25519: 'fast' (default) or 'small'. */
  tweetnacl?: 'fast' | 'small';
  /** 'size' builds every module that has a `.small.ts` variant from that variant. */
  prefer?: 'speed' | 'size';
}

/** Whether this bundle holds a feature of tools/boards.mjs (a profile without a list holds all). */
export function boardHas(feature: string): boolean {
  const f = board.features;
  if (f === undefined || f === 'all') return true;
  for (let i = 0; i < f.length; i++) if (f[i] === feature) return true;
  return false;
}
