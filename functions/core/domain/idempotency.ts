/**
 * Idempotency keys (the IETF httpapi draft "The Idempotency-Key HTTP Header Field", as Stripe and others use
 * it): a client that may send a write twice (a timeout, a double click, a retrying proxy) names it with a key
 * of its choosing, and every repetition with that key gets the first answer instead of a second effect.
 *
 * A key is scoped to the route and the caller, so two people (or two routes) can never collide, and it is tied
 * to the request it first came with: the same key with a different request is refused, never answered with
 * the first request's result.
 */

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
/** Set to `true` on an answer that repeats a stored one. */
export const IDEMPOTENT_REPLAYED_HEADER = 'Idempotent-Replayed';

/** How long an answer is kept for repetitions; a key is free again afterwards. */
export const IDEMPOTENCY_WINDOW_SECONDS = 24 * 60 * 60;
/** Longest key accepted; a UUID (36) or a ULID (26) is what clients usually send. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;
/** An answer larger than this is not kept (DynamoDB items hold 400 KB); the key is released instead. */
export const MAX_STORED_ANSWER_BYTES = 64 * 1024;

/** Visible ASCII only: no spaces, no control characters, nothing that changes meaning after normalization. */
const KEY_PATTERN = /^[\x21-\x7e]+$/;

/** Why a key cannot be used, or undefined when it can. */
export function idempotencyKeyProblem(key: string): string | undefined {
  if (key.length === 0) return 'must not be empty';
  if (key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    return `must be at most ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`;
  }
  if (!KEY_PATTERN.test(key)) return 'must be visible ASCII characters without spaces (a UUID is a good key)';
  return undefined;
}

/** An answer as it is kept for repetitions. */
export interface StoredAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** What is kept under a key: the request it belongs to and, once there is one, its answer. */
export type IdempotencyRecord =
  | {
      readonly state: 'IN_PROGRESS';
      readonly fingerprint: string;
      /** Until then the first request is deemed running; afterwards (it crashed or timed out) the key is free. */
      readonly lockedUntil: Date;
    }
  | {
      readonly state: 'COMPLETED';
      readonly fingerprint: string;
      readonly answer: StoredAnswer;
    };

/** What a request carrying a key that is already taken gets. */
export type IdempotentOutcome =
  | { readonly kind: 'replay'; readonly answer: StoredAnswer }
  | { readonly kind: 'key-reused' }
  | { readonly kind: 'in-progress' };

/**
 * The answer for a key that another request already holds: the same request gets the stored answer (or waits
 * while the first one is running); a different request under the same key is a client error.
 */
export function outcomeForTakenKey(record: IdempotencyRecord, fingerprint: string): IdempotentOutcome {
  if (record.fingerprint !== fingerprint) return { kind: 'key-reused' };
  return record.state === 'COMPLETED' ? { kind: 'replay', answer: record.answer } : { kind: 'in-progress' };
}

/**
 * Whether an answer is final, so that a repetition must get it again. A 2xx is; so is a 4xx the request
 * itself earned (invalid input, a refused rule), since sending it again changes nothing. A 429 or a 5xx says
 * "try again later": the key is released so the repetition runs.
 */
export function isFinalAnswer(status: number): boolean {
  return status >= 200 && status < 500 && status !== 429;
}

/** Whether the answer fits in the store. */
export function isStorable(answer: StoredAnswer): boolean {
  const headerBytes = Object.entries(answer.headers).reduce(
    (sum, [name, value]) => sum + name.length + value.length,
    0,
  );
  return Buffer.byteLength(answer.body, 'utf8') + headerBytes <= MAX_STORED_ANSWER_BYTES;
}
