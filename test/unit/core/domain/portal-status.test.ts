import { describe, expect, it } from 'vitest';
import {
  addDays,
  isCalendarDay,
  nextStatusChange,
  parseProductRef,
  productRef,
  supportStatusDueAt,
  supportStatusOn,
} from '../../../../functions/core/domain/portal';

const TODAY = '2025-03-03';

describe('supportStatusOn', () => {
  it.each([
    ['yesterday', addDays(TODAY, -1), 'EXPIRED'],
    ['a year ago', addDays(TODAY, -365), 'EXPIRED'],
    ['today (the last day of support)', TODAY, 'EXPIRING'],
    ['tomorrow', addDays(TODAY, 1), 'EXPIRING'],
    ['in 90 days', addDays(TODAY, 90), 'EXPIRING'],
    ['in 91 days', addDays(TODAY, 91), 'ACTIVE'],
    ['in four years', addDays(TODAY, 4 * 365), 'ACTIVE'],
  ])('is %s → %s', (_when, endDate, status) => {
    expect(supportStatusOn(endDate, TODAY)).toBe(status);
  });

  it('counts days across month and leap-year ends', () => {
    expect(supportStatusOn('2024-05-29', '2024-02-29')).toBe('EXPIRING');
    expect(supportStatusOn('2024-05-30', '2024-02-29')).toBe('ACTIVE');
    expect(supportStatusOn('2024-12-31', '2025-01-01')).toBe('EXPIRED');
  });
});

describe('nextStatusChange', () => {
  it('is 90 days before the end for an ACTIVE product: the first EXPIRING day', () => {
    const end = addDays(TODAY, 200);
    const change = nextStatusChange(end, TODAY);

    expect(change).toBe(addDays(end, -90));
    expect(supportStatusOn(end, addDays(change ?? '', -1))).toBe('ACTIVE');
    expect(supportStatusOn(end, change ?? '')).toBe('EXPIRING');
  });

  it('is the day after the end for an EXPIRING product: the first EXPIRED day', () => {
    expect(nextStatusChange(TODAY, TODAY)).toBe(addDays(TODAY, 1));
    expect(nextStatusChange(addDays(TODAY, 90), TODAY)).toBe(addDays(TODAY, 91));
    expect(supportStatusOn(TODAY, addDays(TODAY, 1))).toBe('EXPIRED');
  });

  it('is undefined once EXPIRED', () => {
    expect(nextStatusChange(addDays(TODAY, -1), TODAY)).toBeUndefined();
  });
});

describe('supportStatusDueAt', () => {
  it('is 00:00 UTC of the day the stored status stops being right', () => {
    expect(supportStatusDueAt({ supportEndDate: '2025-09-30', supportStatus: 'ACTIVE' })).toEqual(
      new Date('2025-07-02T00:00:00.000Z'),
    );
    expect(supportStatusDueAt({ supportEndDate: '2025-09-30', supportStatus: 'EXPIRING' })).toEqual(
      new Date('2025-10-01T00:00:00.000Z'),
    );
    expect(supportStatusDueAt({ supportEndDate: '2025-09-30', supportStatus: 'EXPIRED' })).toBeUndefined();
  });

  it('agrees with nextStatusChange for a product stored with its status of today', () => {
    for (const offset of [-3, 0, 1, 90, 91, 500]) {
      const end = addDays(TODAY, offset);
      const due = supportStatusDueAt({ supportEndDate: end, supportStatus: supportStatusOn(end, TODAY) });
      const next = nextStatusChange(end, TODAY);
      expect(due).toEqual(next === undefined ? undefined : new Date(`${next}T00:00:00.000Z`));
    }
  });
});

describe('isCalendarDay', () => {
  it.each(['2025-03-03', '2024-02-29', '2099-12-31'])('accepts %s', (day) => {
    expect(isCalendarDay(day)).toBe(true);
  });

  it.each(['2025-02-29', '2025-13-01', '2025-3-3', '03/03/2025', '2025-03-03T00:00:00Z', ''])(
    'refuses %j',
    (day) => {
      expect(isCalendarDay(day)).toBe(false);
    },
  );
});

describe('productRef', () => {
  it('names a product by organization and service tag, and reads back', () => {
    const ref = productRef('org-acme', 'ABC-123');

    expect(ref).toBe('org-acme/ABC-123');
    expect(parseProductRef(ref)).toEqual({ organizationId: 'org-acme', serviceTag: 'ABC-123' });
  });

  it.each(['no-slash', '/ABC', 'org-acme/'])('refuses %j', (ref) => {
    expect(parseProductRef(ref)).toBeUndefined();
  });
});
