import { describe, expect, it } from 'vitest';
import type * as z from 'zod/mini';
import type { FieldProblem } from '../../../functions/core/errors';
import { fieldProblems } from '../../../functions/http/request';
import { chooseAccessTypeBody } from '../../../functions/me/choose-access-type.route';
import { registerBusinessBody } from '../../../functions/me/register-business.route';

/** The field problems `schema` reports for `value`; fails the test when the value is accepted. */
function problemsOf(schema: z.ZodMiniType, value: unknown): FieldProblem[] {
  const result = schema.safeParse(value);
  if (result.success) throw new Error(`expected ${JSON.stringify(value)} to be refused`);
  return fieldProblems(result.error, value);
}

const VALID_REGISTRATION = {
  companyName: 'Acme Industries GmbH',
  jobTitle: 'Plant engineer',
  phone: '+49 30 1234567',
  address: { line1: 'Hauptstraße 1', city: 'Berlin', postalCode: '10115' },
  country: 'DE',
};

describe('chooseAccessTypeBody', () => {
  it.each(['CUSTOMER_EMPLOYEE', 'PARTNER'])('accepts %s', (accessType) => {
    expect(chooseAccessTypeBody.parse({ accessType })).toEqual({ accessType });
  });

  it.each(['ADMIN', 'customer_employee', ''])('refuses the access type %j', (accessType) => {
    expect(chooseAccessTypeBody.safeParse({ accessType }).success).toBe(false);
  });

  it('refuses an unknown field such as a self-chosen organization', () => {
    const problems = problemsOf(chooseAccessTypeBody, { accessType: 'PARTNER', organizationId: 'org-acme' });

    expect(problems).toEqual([{ pointer: '/organizationId', detail: 'is not a known field' }]);
  });
});

describe('registerBusinessBody', () => {
  it('accepts a complete registration', () => {
    expect(registerBusinessBody.parse(VALID_REGISTRATION)).toEqual(VALID_REGISTRATION);
  });

  it('refuses an unknown nested field with its JSON pointer', () => {
    const problems = problemsOf(registerBusinessBody, {
      ...VALID_REGISTRATION,
      address: { ...VALID_REGISTRATION.address, floor: '3' },
    });

    expect(problems).toEqual([{ pointer: '/address/floor', detail: 'is not a known field' }]);
  });

  it('refuses an unknown top-level field', () => {
    const problems = problemsOf(registerBusinessBody, { ...VALID_REGISTRATION, role: 'ADMINISTRATOR' });

    expect(problems).toEqual([{ pointer: '/role', detail: 'is not a known field' }]);
  });

  it('refuses a phone number without the international prefix', () => {
    const problems = problemsOf(registerBusinessBody, { ...VALID_REGISTRATION, phone: '030 1234567' });

    expect(problems.map((problem) => problem.pointer)).toEqual(['/phone']);
  });

  it.each(['ZZ', 'EU', 'XX'])('refuses the country %s', (country) => {
    const problems = problemsOf(registerBusinessBody, { ...VALID_REGISTRATION, country });

    expect(problems.map((problem) => problem.pointer)).toEqual(['/country']);
  });

  it('refuses control characters in the company name', () => {
    const problems = problemsOf(registerBusinessBody, {
      ...VALID_REGISTRATION,
      companyName: 'Acme\u0007 GmbH',
    });

    expect(problems).toEqual([{ pointer: '/companyName', detail: 'must not contain control characters' }]);
  });

  it('names a missing nested field', () => {
    const problems = problemsOf(registerBusinessBody, {
      ...VALID_REGISTRATION,
      address: { line1: 'Hauptstraße 1', postalCode: '10115' },
    });

    expect(problems).toEqual([{ pointer: '/address/city', detail: 'is required' }]);
  });
});
