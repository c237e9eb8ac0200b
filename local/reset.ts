import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { flagsOrUsage } from './command-line';
import { DEFAULT_DATA_DIRECTORY } from './local-state';

/**
 * `npm run local:reset [-- --data-dir <folder>]`: forget every local account, code and organization of a data
 * folder (local/.data, or the one `npm start --data-dir` used; PORTICO_DATA_DIR too). Stop `npm start` first.
 */
const USAGE = 'usage: npm run local:reset [-- --data-dir <folder>]   (stop npm start first)';
const { values } = flagsOrUsage(
  {
    options: {
      'data-dir': { type: 'string', default: process.env.PORTICO_DATA_DIR },
      help: { type: 'boolean', short: 'h', default: false },
    },
  },
  USAGE,
);
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const folder = resolve(values['data-dir'] ?? DEFAULT_DATA_DIRECTORY);
rmSync(folder, { recursive: true, force: true });
console.log(`Removed ${folder}. The next \`npm start\` creates the table, pool and demo data again.`);
