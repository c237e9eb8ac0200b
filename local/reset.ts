import { rmSync } from 'node:fs';
import { DEFAULT_DATA_DIRECTORY } from './local-state';

/** `npm run local:reset`: forget every local account, code and organization (stop `npm start` first). */
rmSync(DEFAULT_DATA_DIRECTORY, { recursive: true, force: true });
console.log(
  `Removed ${DEFAULT_DATA_DIRECTORY}. The next \`npm start\` creates the table, pool and demo data again.`,
);
