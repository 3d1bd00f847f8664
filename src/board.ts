// What a bundle knows about the board it runs on (boards/<name>.json; boards/README.md).
export interface BoardProfile {
  name: string;
  description: string;
  runtime: 'node' | 'quickjs' | 'duktape' | 'espruino' | 'jerryscript' | 'any';
  ramBudget: number;
  maxRecordSize: number;
}
