import { describe, expect, it } from 'vitest';
import { PASSWORD_POLICY, passwordPolicyViolations } from '../../../../functions/core/domain/password-policy';

describe('passwordPolicyViolations', () => {
  it('accepts a long password with lower and upper case, a digit and a symbol', () => {
    expect(passwordPolicyViolations('Correct-Horse-42')).toEqual([]);
  });

  it.each([
    ['Sh0rt!pass', 'must be at least 12 characters'],
    ['all-lowercase-42', 'must contain an uppercase letter'],
    ['ALL-UPPERCASE-42', 'must contain a lowercase letter'],
    ['No-Digits-Anywhere', 'must contain a digit'],
    ['NoSymbolsHere42', 'must contain a symbol'],
    [' Leading-Space-42', 'must not begin or end with a space'],
    ['Trailing-Space-42 ', 'must not begin or end with a space'],
  ])('refuses %j: %s', (password, violation) => {
    expect(passwordPolicyViolations(password)).toContain(violation);
  });

  it('refuses a password longer than the maximum', () => {
    const tooLong = `Aa1!${'x'.repeat(PASSWORD_POLICY.maxLength)}`;

    expect(passwordPolicyViolations(tooLong)).toContain('must be at most 128 characters');
  });

  it('names every rule a weak password breaks', () => {
    expect(passwordPolicyViolations('abc')).toEqual([
      'must be at least 12 characters',
      'must contain an uppercase letter',
      'must contain a digit',
      'must contain a symbol',
    ]);
  });

  it.each([
    '^',
    '$',
    '*',
    '.',
    '[',
    ']',
    '{',
    '}',
    '(',
    ')',
    '?',
    '"',
    '!',
    '@',
    '#',
    '%',
    '&',
    '/',
    '\\',
    ',',
    '>',
    '<',
    "'",
    ':',
    ';',
    '|',
    '_',
    '~',
    '`',
    '=',
    '+',
    '-',
  ])('counts Cognito symbol %j as a symbol', (symbol) => {
    expect(passwordPolicyViolations(`Abcdefghij12${symbol}`)).toEqual([]);
  });
});
