import { describe, expect, it } from 'vitest';
import { keyRange, keys } from '../../../../functions/core/adapters/dynamodb/table-design';

/** DynamoDB compares string keys as UTF-8 bytes. */
function compare(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

function inRange(key: string, range: { readonly low: string; readonly high: string }): boolean {
  return compare(range.low, key) <= 0 && compare(key, range.high) <= 0;
}

describe('keyRange', () => {
  it('bounds the keys of a prefix by the prefix and the prefix with `$` for its last `#`', () => {
    expect(keyRange('SITE#')).toEqual({ low: 'SITE#', high: 'SITE$' });
    expect(keyRange('GROUP#user-ada#')).toEqual({ low: 'GROUP#user-ada#', high: 'GROUP#user-ada$' });
    expect(() => keyRange('SITE')).toThrow();
    expect(() => keyRange('')).toThrow();
  });

  it('holds exactly the sort keys that begin with the prefix', () => {
    const org = 'org-acme';
    const partition = [
      keys.organization(org).sk,
      keys.visibility(org).sk,
      keys.organizationDomain(org, 'acme.example').sk,
      keys.membership(org, 'user-ada').sk,
      keys.membership(org, '0b7c5b2e-1d5f-4a5e-9f3c-1b2c3d4e5f60').sk,
      keys.site(org, 'MUC-1').sk,
      keys.site(org, 'z.last_site-9').sk,
      keys.product(org, 'T1').sk,
      keys.product(org, 'zz-999').sk,
      keys.group(org, 'user-ada', 'AbC-_x').sk,
      keys.group(org, 'user-ada-2', 'g').sk,
      keys.group(org, 'user-ad', 'g').sk,
      'SITE',
      'SITE~',
      'SITE#\u00e9',
      'SITE#\u{1f600}',
    ];
    for (const prefix of ['SITE#', 'MEMBER#', 'PRODUCT#', 'GROUP#user-ada#', 'DOMAIN#']) {
      const range = keyRange(prefix);
      expect(partition.filter((key) => inRange(key, range))).toEqual(
        partition.filter((key) => key.startsWith(prefix)),
      );
    }
    const collection = ['Latitude#T1', 'Latitude 7440#T2', 'Latitude/x#T3', 'Latitudes#T4', 'Power+Edge#T5'];
    const range = keyRange('Latitude#');
    expect(collection.filter((key) => inRange(key, range))).toEqual(['Latitude#T1']);
  });
});
