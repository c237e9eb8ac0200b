import { describe, expect, it } from 'vitest';
import type * as z from 'zod/mini';
import type { FieldProblem } from '../../../functions/core/errors';
import { fieldProblems } from '../../../functions/http/request';
import { resendCodeBody } from '../../../functions/signup/resend-code.route';
import { signUpBody } from '../../../functions/signup/sign-up.route';
import { verifyEmailBody } from '../../../functions/signup/verify-email.route';

/** The field problems `schema` reports for `value`; fails the test when the value is accepted. */
function problemsOf(schema: z.ZodMiniType, value: unknown): FieldProblem[] {
  const result = schema.safeParse(value);
  if (result.success) throw new Error(`expected ${JSON.stringify(value)} to be refused`);
  return fieldProblems(result.error, value);
}

const VALID_SIGN_UP = {
  email: 'ada@acme.example',
  password: 'Correct-Horse-42',
  firstName: 'Ada',
  lastName: 'Lovelace',
  country: 'GB',
};

describe('signUpBody', () => {
  it('accepts a complete sign-up', () => {
    expect(signUpBody.parse(VALID_SIGN_UP)).toEqual(VALID_SIGN_UP);
  });

  it('refuses an unknown field and names it', () => {
    const problems = problemsOf(signUpBody, { ...VALID_SIGN_UP, role: 'ADMINISTRATOR' });

    expect(problems).toEqual([{ pointer: '/role', detail: 'is not a known field' }]);
  });

  it('names every missing field', () => {
    const problems = problemsOf(signUpBody, {});

    expect(problems.map((problem) => problem.pointer).sort()).toEqual([
      '/country',
      '/email',
      '/firstName',
      '/lastName',
      '/password',
    ]);
  });

  it('refuses a weak password with the rules it breaks', () => {
    const problems = problemsOf(signUpBody, { ...VALID_SIGN_UP, password: 'password' });

    expect(problems).toEqual([
      { pointer: '/password', detail: 'must be at least 12 characters' },
      { pointer: '/password', detail: 'must contain an uppercase letter' },
      { pointer: '/password', detail: 'must contain a digit' },
      { pointer: '/password', detail: 'must contain a symbol' },
    ]);
  });

  it.each(['ZZ', 'EU', 'XX', 'de', 'DEU', 'UK'])('refuses the country %j', (country) => {
    const problems = problemsOf(signUpBody, { ...VALID_SIGN_UP, country });

    expect(problems.map((problem) => problem.pointer)).toEqual(['/country']);
  });

  it('accepts the country DE', () => {
    expect(signUpBody.safeParse({ ...VALID_SIGN_UP, country: 'DE' }).success).toBe(true);
  });

  it('refuses a name with control characters', () => {
    const problems = problemsOf(signUpBody, { ...VALID_SIGN_UP, lastName: 'Love\u0000lace' });

    expect(problems).toEqual([{ pointer: '/lastName', detail: 'must not contain control characters' }]);
  });

  it('refuses a field of the wrong type', () => {
    const problems = problemsOf(signUpBody, { ...VALID_SIGN_UP, firstName: 42 });

    expect(problems.map((problem) => problem.pointer)).toEqual(['/firstName']);
  });
});

describe('verifyEmailBody', () => {
  it('accepts an address and a 6-digit code', () => {
    expect(verifyEmailBody.parse({ email: 'ada@acme.example', code: '012345' })).toEqual({
      email: 'ada@acme.example',
      code: '012345',
    });
  });

  it.each(['12345', '1234567', '12345a', ' 123456', 123456])('refuses the code %j', (code) => {
    const problems = problemsOf(verifyEmailBody, { email: 'ada@acme.example', code });

    expect(problems.map((problem) => problem.pointer)).toEqual(['/code']);
  });

  it('refuses an unknown field', () => {
    const problems = problemsOf(verifyEmailBody, { email: 'ada@acme.example', code: '123456', userId: 'x' });

    expect(problems).toEqual([{ pointer: '/userId', detail: 'is not a known field' }]);
  });
});

describe('resendCodeBody', () => {
  it('accepts an address only', () => {
    expect(resendCodeBody.parse({ email: 'ada@acme.example' })).toEqual({ email: 'ada@acme.example' });
  });

  it('refuses anything beside the address', () => {
    expect(resendCodeBody.safeParse({ email: 'ada@acme.example', firstName: 'Ada' }).success).toBe(false);
  });
});
