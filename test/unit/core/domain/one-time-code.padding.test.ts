import { describe, expect, it, vi } from 'vitest';
import { generateCode } from '../../../../functions/core/domain/one-time-code';
import type * as NodeCrypto from 'node:crypto';

// A CSPRNG draw below 100000 must still read as six digits; the draw is pinned to show that.
vi.mock('node:crypto', async (importOriginal) => ({
  ...(await importOriginal<typeof NodeCrypto>()),
  randomInt: vi.fn(() => 42),
}));

describe('generateCode with a small draw', () => {
  it('pads the number with leading zeros to six digits', () => {
    expect(generateCode()).toBe('000042');
  });
});
