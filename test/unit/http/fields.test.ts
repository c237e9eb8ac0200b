import { describe, expect, it } from 'vitest';
import {
  countryCode,
  emailAddress,
  password,
  phoneNumber,
  postalAddress,
  text,
} from '../../../functions/http/fields';

describe('countryCode', () => {
  it.each(['DE', 'GB', 'US', 'FR', 'JP', 'BR', 'CH'])('accepts the ISO 3166-1 code %s', (code) => {
    expect(countryCode().safeParse(code).success).toBe(true);
  });

  it.each([
    ['ZZ', 'unknown region'],
    ['EU', 'European Union, not a country'],
    ['EZ', 'eurozone'],
    ['UN', 'United Nations'],
    ['QO', 'outlying Oceania'],
    ['XX', 'unassigned'],
    ['AA', 'user-assigned'],
  ])('refuses %s (%s)', (code) => {
    expect(countryCode().safeParse(code).success).toBe(false);
  });

  it.each([
    ['UK', 'GB is the ISO code of the United Kingdom'],
    ['SU', 'Soviet Union, withdrawn'],
    ['DD', 'East Germany, withdrawn'],
    ['YU', 'Yugoslavia, withdrawn'],
    ['ZR', 'Zaire, withdrawn'],
    ['AN', 'Netherlands Antilles, withdrawn'],
  ])('refuses the alias or withdrawn code %s (%s), which ICU still names', (code) => {
    expect(countryCode().safeParse(code).success).toBe(false);
  });

  it.each([
    ['XA', 'pseudo-locale'],
    ['XB', 'pseudo-locale'],
    ['AC', 'exceptionally reserved: Ascension Island'],
    ['IC', 'exceptionally reserved: Canary Islands'],
    ['EA', 'exceptionally reserved: Ceuta & Melilla'],
    ['DG', 'exceptionally reserved: Diego Garcia'],
    ['TA', 'exceptionally reserved: Tristan da Cunha'],
    ['CP', 'exceptionally reserved: Clipperton Island'],
  ])('refuses %s (%s), which is not an ISO 3166-1 country', (code) => {
    expect(countryCode().safeParse(code).success).toBe(false);
  });

  it('accepts XK, the user-assigned code for Kosovo that registries and banks use', () => {
    expect(countryCode().safeParse('XK').success).toBe(true);
  });

  it.each(['de', 'De', 'DEU', 'D', '', '276'])('refuses %j, which is not two capital letters', (code) => {
    const result = countryCode().safeParse(code);

    // One issue, the shape; the ISO lookup must not run (ICU throws a RangeError for "DEU").
    expect(result.error?.issues.map((issue) => issue.message)).toEqual([
      'must be an ISO 3166-1 alpha-2 country code, e.g. "DE"',
    ]);
  });
});

describe('emailAddress', () => {
  it('accepts an address and trims surrounding spaces', () => {
    expect(emailAddress().parse('  ada@acme.example ')).toBe('ada@acme.example');
  });

  it.each(['ada', 'ada@', '@acme.example', 'ada@acme', 'ada @acme.example'])('refuses %j', (value) => {
    expect(emailAddress().safeParse(value).success).toBe(false);
  });

  it('refuses an address longer than 254 characters', () => {
    expect(emailAddress().safeParse(`${'a'.repeat(250)}@acme.example`).success).toBe(false);
  });
});

describe('password', () => {
  it('accepts a password that meets the policy, unchanged', () => {
    expect(password().parse('Correct-Horse-42')).toBe('Correct-Horse-42');
  });

  it('reports each broken rule as its own issue', () => {
    const result = password().safeParse('weakpassword');

    expect(result.error?.issues.map((issue) => issue.message)).toEqual([
      'must contain an uppercase letter',
      'must contain a digit',
      'must contain a symbol',
    ]);
  });
});

describe('text', () => {
  const name = text(10);

  it('trims surrounding whitespace', () => {
    expect(name.parse('  Ada  ')).toBe('Ada');
  });

  it('refuses an empty or blank value', () => {
    expect(name.safeParse('').success).toBe(false);
    expect(name.safeParse('   ').error?.issues[0]?.message).toBe('must not be empty');
  });

  it('refuses a value longer than the limit', () => {
    expect(name.safeParse('Adalovelace').success).toBe(false);
  });

  it.each([
    ['NUL', 'Ada\u0000Byron'],
    ['newline', 'Ada\nByron'],
    ['escape', 'Ada\u001b[31m'],
    ['DEL', 'Ada\u007fB'],
    ['C1 control', 'Ada\u0085B'],
  ])('refuses a %s control character inside the text', (_kind, value) => {
    const result = name.safeParse(value);

    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message)).toContain(
      'must not contain control characters',
    );
  });

  it('accepts letters beyond ASCII', () => {
    expect(name.parse('Zoë Ørsted')).toBe('Zoë Ørsted');
  });
});

describe('phoneNumber', () => {
  it.each(['+49 30 1234567', '+1 (555) 010-9999', '+441632960961'])(
    'accepts the international number %j',
    (value) => {
      expect(phoneNumber().safeParse(value).success).toBe(true);
    },
  );

  it.each([
    ['030 1234567', 'no leading +'],
    ['+0 30 1234567', 'country code cannot start with 0'],
    ['+49 30', 'too short'],
    ['+49 30 1234567 ext. 12', 'letters'],
    [`+49 ${'1'.repeat(25)}`, 'too long'],
  ])('refuses %j (%s)', (value) => {
    const result = phoneNumber().safeParse(value);

    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/international number starting with \+/);
  });
});

describe('postalAddress', () => {
  it('accepts the required lines and the optional ones', () => {
    const address = {
      line1: 'Hauptstraße 1',
      line2: 'Building B',
      city: 'Berlin',
      region: 'BE',
      postalCode: '10115',
    };

    expect(postalAddress().parse(address)).toEqual(address);
  });

  it('refuses an unknown field', () => {
    const result = postalAddress().safeParse({ line1: 'x', city: 'y', postalCode: 'z', floor: '3' });

    expect(result.error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['floor'] });
  });
});
