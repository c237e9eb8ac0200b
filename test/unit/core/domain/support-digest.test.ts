import { describe, expect, it } from 'vitest';
import { EVERYTHING } from '../../../../functions/core/domain/portal-visibility';
import {
  changeInWeek,
  DIGEST_MAX_PRODUCTS,
  digestFor,
  endDatesChangingIn,
  isoWeekOf,
  nextDigestAt,
  readUnsubscribeToken,
  receivesDigest,
  unsubscribeToken,
} from '../../../../functions/core/domain/support-digest';

const SECRET = 'a-secret-of-at-least-thirty-two-characters';

function product(serviceTag: string, supportEndDate: string, siteId = 'BER-1', family = 'Servers') {
  return { serviceTag, model: 'R750', family, siteId, supportEndDate };
}

describe('isoWeekOf', () => {
  it('names the ISO week and its Monday to Sunday', () => {
    expect(isoWeekOf(new Date('2026-12-07T06:00:00Z'))).toEqual({
      id: '2026-W50',
      from: '2026-12-07',
      to: '2026-12-13',
    });
    expect(isoWeekOf(new Date('2026-12-13T23:59:59Z')).id).toBe('2026-W50');
  });

  it('gives the days around New Year to the year of their Thursday', () => {
    expect(isoWeekOf(new Date('2027-01-01T12:00:00Z'))).toMatchObject({ id: '2026-W53', from: '2026-12-28' });
    expect(isoWeekOf(new Date('2025-12-29T00:00:00Z'))).toMatchObject({ id: '2026-W01', to: '2026-01-04' });
  });
});

describe('nextDigestAt', () => {
  it('is the next Monday 06:00 UTC, strictly after now', () => {
    expect(nextDigestAt(new Date('2026-12-06T03:00:00Z')).toISOString()).toBe('2026-12-07T06:00:00.000Z');
    expect(nextDigestAt(new Date('2026-12-07T05:59:59Z')).toISOString()).toBe('2026-12-07T06:00:00.000Z');
    expect(nextDigestAt(new Date('2026-12-07T06:00:00Z')).toISOString()).toBe('2026-12-14T06:00:00.000Z');
    expect(nextDigestAt(new Date('2026-12-09T10:00:00Z')).toISOString()).toBe('2026-12-14T06:00:00.000Z');
  });
});

describe('the week’s changes', () => {
  const week = isoWeekOf(new Date('2026-12-07T06:00:00Z')); // 2026-12-07 … 2026-12-13

  it('queries the end dates 90 days on (entering EXPIRING) and the day before (entering EXPIRED)', () => {
    expect(endDatesChangingIn(week)).toEqual({
      expiring: { from: '2027-03-07', to: '2027-03-13' },
      expired: { from: '2026-12-06', to: '2026-12-12' },
    });
  });

  it('says which status a product enters and on which day', () => {
    expect(changeInWeek({ supportEndDate: '2027-03-07' }, week)).toEqual({
      change: 'EXPIRING',
      on: '2026-12-07',
    });
    expect(changeInWeek({ supportEndDate: '2026-12-12' }, week)).toEqual({
      change: 'EXPIRED',
      on: '2026-12-13',
    });
    expect(changeInWeek({ supportEndDate: '2026-12-13' }, week)).toBeUndefined();
    expect(changeInWeek({ supportEndDate: '2027-03-14' }, week)).toBeUndefined();
  });
});

describe('receivesDigest', () => {
  it('defaults to on for administrators and off for members; a choice wins', () => {
    expect(receivesDigest('ADMINISTRATOR', undefined)).toBe(true);
    expect(receivesDigest('MEMBER', undefined)).toBe(false);
    expect(receivesDigest('ADMINISTRATOR', false)).toBe(false);
    expect(receivesDigest('MEMBER', true)).toBe(true);
  });
});

describe('digestFor', () => {
  const week = isoWeekOf(new Date('2026-12-07T06:00:00Z'));
  const sites = [
    { siteId: 'BER-1', name: 'Berlin' },
    { siteId: 'AMS-1', name: 'Amsterdam' },
  ];

  it('groups what the person may see by site (by name), then by day and tag', () => {
    const digest = digestFor(
      { sites: new Set(['BER-1', 'AMS-1']), families: new Set(['Servers']) },
      week,
      [
        product('B2', '2027-03-08'),
        product('B1', '2026-12-12'),
        product('A1', '2027-03-07', 'AMS-1'),
        product('HIDDEN', '2027-03-07', 'BER-1', 'Storage'),
      ],
      sites,
    );
    expect(digest?.total).toBe(3);
    expect(digest?.omitted).toBe(0);
    expect(
      digest?.sections.map((section) => [
        section.siteName,
        section.lines.map((line) => `${line.product.serviceTag} ${line.change} ${line.on}`),
      ]),
    ).toEqual([
      ['Amsterdam', ['A1 EXPIRING 2026-12-07']],
      ['Berlin', ['B2 EXPIRING 2026-12-08', 'B1 EXPIRED 2026-12-13']],
    ]);
  });

  it('is nothing when nothing the person may see changes that week', () => {
    expect(
      digestFor({ sites: new Set(['AMS-1']), families: 'ALL' }, week, [product('B1', '2027-03-08')], sites),
    ).toBeUndefined();
    expect(digestFor(EVERYTHING, week, [product('B1', '2027-06-01')], sites)).toBeUndefined();
  });

  it(`lists at most ${DIGEST_MAX_PRODUCTS} products and counts the rest`, () => {
    const many = Array.from({ length: DIGEST_MAX_PRODUCTS + 5 }, (_, i) =>
      product(`T${String(i).padStart(4, '0')}`, '2027-03-09'),
    );
    const digest = digestFor(EVERYTHING, week, many, sites);
    expect(digest?.total).toBe(DIGEST_MAX_PRODUCTS + 5);
    expect(digest?.omitted).toBe(5);
    expect(digest?.sections.flatMap((section) => section.lines)).toHaveLength(DIGEST_MAX_PRODUCTS);
  });
});

describe('the unsubscribe token', () => {
  const subscriber = { organizationId: 'org-acme', userId: 'user-ada' };

  it('names the organization and person it was signed for', () => {
    expect(readUnsubscribeToken(SECRET, unsubscribeToken(SECRET, subscriber))).toEqual(subscriber);
  });

  it('is refused when tampered with, signed with another key, or not a token', () => {
    const token = unsubscribeToken(SECRET, subscriber);
    const [, mac] = token.split('.');
    const forged = `${Buffer.from(JSON.stringify({ o: 'org-acme', u: 'user-bob' })).toString('base64url')}.${mac}`;
    expect(readUnsubscribeToken(SECRET, forged)).toBeUndefined();
    expect(readUnsubscribeToken(`${SECRET}-rotated`, token)).toBeUndefined();
    expect(readUnsubscribeToken(SECRET, `${token}.x`)).toBeUndefined();
    expect(readUnsubscribeToken(SECRET, 'not-a-token')).toBeUndefined();
    expect(readUnsubscribeToken(SECRET, '')).toBeUndefined();
  });

  it('cannot be made from a MAC over the bare payload (its own purpose label)', async () => {
    const { createHmac } = await import('node:crypto');
    const payload = unsubscribeToken(SECRET, subscriber).split('.')[0] as string;
    const bare = createHmac('sha256', SECRET).update(payload).digest('base64url');
    expect(readUnsubscribeToken(SECRET, `${payload}.${bare}`)).toBeUndefined();
  });
});
