import { describe, expect, it } from 'vitest';
import type { Context } from 'cognito-local/lib/services/context';
import { pageOfUsers, withStandardClaims } from '../../../local/emulators/cognito-parity';

const users = ['c', 'a', 'e', 'b', 'd'].map((Username) => ({ Username }));

describe('pageOfUsers (ListUsers pages as Cognito answers them)', () => {
  it('walks every user once, in a stable order, Limit at a time', () => {
    const first = pageOfUsers(users, { Limit: 2 });
    const second = pageOfUsers(users, { Limit: 2, PaginationToken: first.paginationToken });
    const third = pageOfUsers(users, { Limit: 2, PaginationToken: second.paginationToken });

    expect([first, second, third].map((page) => page.users.map((user) => user.Username))).toEqual([
      ['a', 'b'],
      ['c', 'd'],
      ['e'],
    ]);
    expect(third.paginationToken).toBeUndefined();
  });

  it('answers 60 by default and refuses a Limit over 60', () => {
    const many = Array.from({ length: 61 }, (_, n) => ({ Username: `u${String(n).padStart(3, '0')}` }));
    expect(pageOfUsers(many, {}).users).toHaveLength(60);
    expect(() => pageOfUsers(many, { Limit: 61 })).toThrow(/less than or equal to 60/);
  });

  it('keeps going after a user removed between two pages', () => {
    const first = pageOfUsers(users, { Limit: 2 });
    const rest = pageOfUsers(
      users.filter((user) => user.Username !== 'b'),
      { Limit: 10, PaginationToken: first.paginationToken },
    );
    expect(rest.users.map((user) => user.Username)).toEqual(['c', 'd', 'e']);
  });
});

describe('withStandardClaims (the ID token carries the locale, as Cognito puts readable attributes in it)', () => {
  const ctx = {} as Context;
  const noTrigger: Parameters<typeof withStandardClaims>[0] = {
    enabled: () => false,
    preTokenGeneration: () => Promise.reject(new Error('no trigger configured')),
  };

  it("adds the user's locale, and nothing for a user without one", async () => {
    const triggers = withStandardClaims(noTrigger);
    expect(triggers.enabled('PreTokenGeneration')).toBe(true);
    expect(triggers.enabled('CustomMessage')).toBe(false);
    const withLocale = await triggers.preTokenGeneration(ctx, {
      userAttributes: [
        { Name: 'email', Value: 'ada@acme.example' },
        { Name: 'locale', Value: 'fr' },
      ],
    });
    expect(withLocale?.claimsOverrideDetails?.claimsToAddOrOverride).toEqual({ locale: 'fr' });
    const without = await triggers.preTokenGeneration(ctx, { userAttributes: [] });
    expect(without?.claimsOverrideDetails?.claimsToAddOrOverride).toEqual({});
  });
});
