import type { BoardProfile } from './profile';

// Any ES5 engine with room to spare: full-size records, no hardware assumptions.
const board: BoardProfile = {
  name: 'generic',
  runtime: 'any',
  ramBudget: 1024 * 1024,
  maxRecordSize: 16384,
  selftest: true,
};

export default board;
