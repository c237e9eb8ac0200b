import type { IdempotencyRecord, StoredAnswer } from '../../functions/core/domain/idempotency';
import type { IdempotencyClaim, IdempotencyStore } from '../../functions/core/ports';
import { FailureInjector } from './fakes';

interface Held {
  readonly record: IdempotencyRecord;
  readonly token: string | undefined;
  readonly expiresAt: Date;
}

/**
 * The IdempotencyStore contract in memory, as the DynamoDB adapter keeps it: a claim takes a free key (never
 * used, its window over, or its lock lapsed) and otherwise hands back the record; only the claiming token may
 * complete or release.
 */
export class InMemoryIdempotencyStore implements IdempotencyStore {
  readonly held = new Map<string, Held>();
  readonly failures = new FailureInjector<keyof IdempotencyStore>();

  async claim(
    scope: string,
    request: { fingerprint: string; token: string; lockedUntil: Date; expiresAt: Date; now: Date },
  ): Promise<IdempotencyClaim> {
    this.failures.throwIfInjected('claim');
    const existing = this.held.get(scope);
    const free =
      !existing ||
      existing.expiresAt < request.now ||
      (existing.record.state === 'IN_PROGRESS' && existing.record.lockedUntil < request.now);
    if (!free) return { claimed: false, record: existing.record };
    this.held.set(scope, {
      record: { state: 'IN_PROGRESS', fingerprint: request.fingerprint, lockedUntil: request.lockedUntil },
      token: request.token,
      expiresAt: request.expiresAt,
    });
    return { claimed: true };
  }

  async complete(scope: string, token: string, answer: StoredAnswer): Promise<boolean> {
    this.failures.throwIfInjected('complete');
    const existing = this.held.get(scope);
    if (!existing || existing.token !== token) return false;
    this.held.set(scope, {
      record: { state: 'COMPLETED', fingerprint: existing.record.fingerprint, answer },
      token: undefined,
      expiresAt: existing.expiresAt,
    });
    return true;
  }

  async release(scope: string, token: string): Promise<void> {
    this.failures.throwIfInjected('release');
    if (this.held.get(scope)?.token === token) this.held.delete(scope);
  }
}
