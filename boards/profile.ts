// What a bundle knows about the board it runs on. One file per board in this folder; the build
// makes one bundle per board and resolves `microtls:board` to that board's file.

export interface BoardProfile {
  /** Profile name, also the folder of its bundle under dist/. */
  name: string;
  /** The JavaScript engine the bundle runs in on this board. */
  runtime: 'node' | 'quickjs' | 'duktape' | 'espruino' | 'jerryscript' | 'any';
  /** Bytes of RAM the stack may use in all; the emulator enforces it as QuickJS's memory limit. */
  ramBudget: number;
  /** Largest record plaintext the buffers are sized for (512..16384, RFC 8449 / RFC 6066). */
  maxRecordSize: number;
  /** Whether the bundle carries the self-checks that `microtls selftest` runs. */
  selftest: boolean;
}
