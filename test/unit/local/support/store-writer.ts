import { DurableJsonDataStore } from '../../../../local/emulators/cognito-data-store';

/**
 * A child process for the kill test of cognito-data-store.test.ts: writes users into a store at `argv[2]`,
 * several at once as cognito-local does, and prints `ack <n>` once the write of user n has resolved.
 */
const file = process.argv[2];
if (!file) throw new Error('usage: store-writer <file>');
const store = await DurableJsonDataStore.open(file, { Users: {}, Options: { Id: 'local_test' } });
const ctx = { logger: console } as never;
let next = 0;
const writeOne = async (): Promise<void> => {
  const n = next++;
  await store.set(ctx, ['Users', `user-${n}`], {
    Username: `user-${n}`,
    padding: 'x'.repeat(200 + (n % 7) * 300),
  });
  process.stdout.write(`ack ${n}\n`);
};
for (;;) await Promise.all(Array.from({ length: 8 }, writeOne));
