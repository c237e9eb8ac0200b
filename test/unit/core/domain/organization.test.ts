import { describe, expect, it } from 'vitest';
import { matchOrganizations } from '../../../../functions/core/domain/organization';
import { anOrganization } from '../../fixtures';

describe('matchOrganizations', () => {
  it('answers SINGLE with the organization when exactly one active organization owns the domain', () => {
    const acme = anOrganization();

    const match = matchOrganizations([acme]);

    expect(match).toEqual({ outcome: 'SINGLE', organization: acme });
  });

  it('answers SEVERAL with candidates sorted by name when several active organizations own the domain', () => {
    const owners = [
      anOrganization({ organizationId: 'org-rail', name: 'Acme Rail', city: 'Munich' }),
      anOrganization({ organizationId: 'org-energy', name: 'Acme Energy', city: 'Hamburg', country: 'DE' }),
      anOrganization({
        organizationId: 'org-health',
        name: 'Acme Healthcare',
        city: 'Zurich',
        country: 'CH',
      }),
    ];

    const match = matchOrganizations(owners);

    expect(match).toEqual({
      outcome: 'SEVERAL',
      candidates: [
        { organizationId: 'org-energy', name: 'Acme Energy', city: 'Hamburg', country: 'DE' },
        { organizationId: 'org-health', name: 'Acme Healthcare', city: 'Zurich', country: 'CH' },
        { organizationId: 'org-rail', name: 'Acme Rail', city: 'Munich', country: 'DE' },
      ],
    });
  });

  it('shows candidates only their public fields, never domains, status or kind', () => {
    const owners = [
      anOrganization({ organizationId: 'a', name: 'A' }),
      anOrganization({ organizationId: 'b', name: 'B' }),
    ];

    const match = matchOrganizations(owners);

    if (match.outcome !== 'SEVERAL') throw new Error(`expected SEVERAL, got ${match.outcome}`);
    for (const candidate of match.candidates) {
      expect(Object.keys(candidate).sort()).toEqual(['city', 'country', 'name', 'organizationId']);
    }
  });

  it('ignores organizations that are not active', () => {
    const active = anOrganization({ organizationId: 'org-active', name: 'Active' });
    const owners = [
      anOrganization({ organizationId: 'org-pending', name: 'Pending', status: 'PENDING' }),
      active,
      anOrganization({ organizationId: 'org-suspended', name: 'Suspended', status: 'SUSPENDED' }),
    ];

    expect(matchOrganizations(owners)).toEqual({ outcome: 'SINGLE', organization: active });
  });

  it('answers NONE when no organization owns the domain', () => {
    expect(matchOrganizations([])).toEqual({ outcome: 'NONE' });
  });

  it('answers NONE when only pending organizations own the domain', () => {
    expect(matchOrganizations([anOrganization({ status: 'PENDING' })])).toEqual({ outcome: 'NONE' });
  });

  it('matches customer organizations by default, never partners', () => {
    const customer = anOrganization({ organizationId: 'org-customer' });
    const partner = anOrganization({ organizationId: 'org-partner', kind: 'PARTNER' });

    expect(matchOrganizations([customer, partner])).toEqual({ outcome: 'SINGLE', organization: customer });
    expect(matchOrganizations([partner])).toEqual({ outcome: 'NONE' });
  });

  it('matches partner organizations only when asked for that kind', () => {
    const customer = anOrganization({ organizationId: 'org-customer' });
    const partner = anOrganization({ organizationId: 'org-partner', kind: 'PARTNER' });

    expect(matchOrganizations([customer, partner], 'PARTNER')).toEqual({
      outcome: 'SINGLE',
      organization: partner,
    });
    expect(matchOrganizations([customer], 'PARTNER')).toEqual({ outcome: 'NONE' });
  });

  it('ignores a pending organization of either kind', () => {
    const pending = anOrganization({ status: 'PENDING' });
    const pendingPartner = anOrganization({ status: 'PENDING', kind: 'PARTNER' });

    expect(matchOrganizations([pending])).toEqual({ outcome: 'NONE' });
    expect(matchOrganizations([pendingPartner], 'PARTNER')).toEqual({ outcome: 'NONE' });
  });
});
