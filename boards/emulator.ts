import type { BoardProfile } from './profile';

// The CI stand-in for an ESP32: the bundle inside QuickJS, held to an ESP32-sized heap.
// ESP32 has 320 KiB of DRAM, of which firmware leaves a JS engine roughly 160-230 KiB.
const board: BoardProfile = {
  name: 'emulator',
  runtime: 'quickjs',
  ramBudget: 256 * 1024,
  maxRecordSize: 4096,
  selftest: true,
};

export default board;
