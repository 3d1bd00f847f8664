// Reads and validates the board profiles in boards/*.json (fields: boards/README.md).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const boardsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'boards');
const RUNTIMES = ['node', 'quickjs', 'duktape', 'espruino', 'jerryscript', 'any'];

export function validateBoard(profile, fileName) {
  const problems = [];
  const want = { name: 'string', description: 'string', runtime: 'string', ramBudget: 'number', maxRecordSize: 'number' };
  for (const [key, type] of Object.entries(want)) {
    if (typeof profile[key] !== type) problems.push(`${key} must be a ${type}`);
  }
  if (fileName && profile.name !== fileName.replace(/\.json$/, '')) problems.push(`name must equal the file name`);
  if (!RUNTIMES.includes(profile.runtime)) problems.push(`runtime must be one of ${RUNTIMES.join(', ')}`);
  if (!(profile.maxRecordSize >= 512 && profile.maxRecordSize <= 16384)) problems.push('maxRecordSize must be 512..16384');
  if (!(profile.ramBudget >= 32768)) problems.push('ramBudget must be at least 32768 bytes');
  return problems;
}

export function loadBoards() {
  const boards = {};
  for (const file of readdirSync(boardsDir).filter((f) => f.endsWith('.json')).sort()) {
    const profile = JSON.parse(readFileSync(path.join(boardsDir, file), 'utf8'));
    const problems = validateBoard(profile, file);
    if (problems.length) throw new Error(`boards/${file}: ${problems.join('; ')}`);
    boards[profile.name] = profile;
  }
  return boards;
}
