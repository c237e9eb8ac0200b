import { describe, expect, it } from 'vitest';
import { emailDomainOf, normalizeEmail } from '../../../../functions/core/domain/email-address';

describe('normalizeEmail', () => {
  it('trims and lower-cases the whole address', () => {
    expect(normalizeEmail('  Ada.Lovelace@ACME.Example \n')).toBe('ada.lovelace@acme.example');
  });

  it('leaves an already normal address unchanged', () => {
    expect(normalizeEmail('ada@acme.example')).toBe('ada@acme.example');
  });
});

describe('emailDomainOf', () => {
  it('answers the lower-cased domain part', () => {
    expect(emailDomainOf('Ada@Engineering.ACME.example')).toBe('engineering.acme.example');
  });

  it('takes the part after the last @', () => {
    expect(emailDomainOf('"odd@local"@acme.example')).toBe('acme.example');
  });

  it('answers an internationalized domain in its punycode form', () => {
    expect(emailDomainOf('info@Bücher.example')).toBe('xn--bcher-kva.example');
  });

  it('answers the same domain for the unicode and the punycode spelling', () => {
    expect(emailDomainOf('a@münchen.example')).toBe(emailDomainOf('a@xn--mnchen-3ya.example'));
  });

  it('answers an empty domain for a string without @', () => {
    expect(emailDomainOf('not-an-address')).toBe('');
  });
});
