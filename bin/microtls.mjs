#!/usr/bin/env node
// The microtls command. Subcommands grow with the stack; each prints one line naming the problem
// and exits non-zero on failure.
import { parseArgs } from 'node:util';
import { selftestCommand } from '../tools/selftest.mjs';
// --- net ---
import { CONNECT_USAGE, connectCommand } from '../tools/cli/connect.mjs';
import { SERVE_USAGE, serveCommand } from '../tools/cli/serve.mjs';
// --- end net ---
// --- x509 ---
import { verifyCommand, VERIFY_USAGE } from '../tools/cli/verify.mjs';
import { taCommand, TA_USAGE } from '../tools/cli/ta.mjs';
// --- end x509 ---

const USAGE = `usage:
  microtls selftest --engine node|quickjs|duktape|espruino|jerryscript|all [--board NAME]
      Runs the bundle's self-checks inside that engine and prints \`N passed, M failed\`.
      ESPRUINO=/path/to/espruino and JERRY=/path/to/jerry name locally built engines.
${CONNECT_USAGE}
${SERVE_USAGE}
${VERIFY_USAGE}
${TA_USAGE}`;

async function main(argv) {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  if (command === 'selftest') {
    const { values } = parseArgs({
      args: rest,
      options: { engine: { type: 'string', default: 'node' }, board: { type: 'string' } },
    });
    return selftestCommand(values);
  }
  // --- net ---
  if (command === 'connect') return connectCommand(rest);
  if (command === 'serve') return serveCommand(rest);
  // --- end net ---
  // --- x509 ---
  if (command === 'verify') return verifyCommand(rest);
  if (command === 'ta') return taCommand(rest);
  // --- end x509 ---
  console.error(`microtls: unknown command ${command}\n${USAGE}`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (e) => { console.error(`microtls: ${e.message}`); process.exitCode = 1; },
);
