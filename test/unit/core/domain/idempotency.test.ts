import { describe, expect, it } from 'vitest';
import {
  idempotencyKeyProblem,
  isFinalAnswer,
  isStorable,
  MAX_STORED_ANSWER_BYTES,
  outcomeForTakenKey,
  type StoredAnswer,
} from '../../../../functions/core/domain/idempotency';

const answer: StoredAnswer = {
  status: 201,
  headers: { 'Content-Type': 'application/json' },
  body: '{"id":"g-1"}',
};

describe('an idempotency key', () => {
  it.each([
    '3f2504e0-4f89-11d3-9a0c-0305e82c3301',
    '01J9Z7K3M4N5P6Q7R8S9T0V1W2',
    'a',
    'k'.repeat(255),
    'order:42/try#1',
  ])('may be %s', (key) => {
    expect(idempotencyKeyProblem(key)).toBeUndefined();
  });

  it.each([
    ['', 'must not be empty'],
    ['k'.repeat(256), 'must be at most 255 characters'],
    ['two words', 'visible ASCII'],
    ['tab\there', 'visible ASCII'],
    ['clé', 'visible ASCII'],
    ['line\nbreak', 'visible ASCII'],
  ])('may not be %j', (key, problem) => {
    expect(idempotencyKeyProblem(key)).toContain(problem);
  });
});

describe('a key another request already holds', () => {
  it('replays the answer to the same request once there is one', () => {
    expect(outcomeForTakenKey({ state: 'COMPLETED', fingerprint: 'f1', answer }, 'f1')).toEqual({
      kind: 'replay',
      answer,
    });
  });

  it('asks the same request to wait while the first one runs', () => {
    const record = { state: 'IN_PROGRESS', fingerprint: 'f1', lockedUntil: new Date() } as const;

    expect(outcomeForTakenKey(record, 'f1')).toEqual({ kind: 'in-progress' });
  });

  it('refuses a different request, running or answered, and never shows it the answer', () => {
    expect(outcomeForTakenKey({ state: 'COMPLETED', fingerprint: 'f1', answer }, 'f2')).toEqual({
      kind: 'key-reused',
    });
    expect(
      outcomeForTakenKey({ state: 'IN_PROGRESS', fingerprint: 'f1', lockedUntil: new Date() }, 'f2'),
    ).toEqual({ kind: 'key-reused' });
  });
});

describe('a final answer', () => {
  it.each([200, 201, 202, 204, 400, 403, 404, 409, 422])('is %i', (status) => {
    expect(isFinalAnswer(status)).toBe(true);
  });

  it.each([429, 500, 502, 503, 504])('is not %i: the repetition runs again', (status) => {
    expect(isFinalAnswer(status)).toBe(false);
  });
});

describe('a stored answer', () => {
  it('fits up to the limit, headers included', () => {
    const headers = { 'Content-Type': 'application/json' };
    const headerBytes = 'Content-Type'.length + 'application/json'.length;
    const body = 'x'.repeat(MAX_STORED_ANSWER_BYTES - headerBytes);

    expect(isStorable({ status: 200, headers, body })).toBe(true);
    expect(isStorable({ status: 200, headers, body: `${body}x` })).toBe(false);
  });

  it('counts bytes, not characters', () => {
    expect(isStorable({ status: 200, headers: {}, body: 'é'.repeat(MAX_STORED_ANSWER_BYTES / 2 + 1) })).toBe(
      false,
    );
  });
});
