/**
 * What a partner or prospective partner is pointed to. Partners keep LIMITED access in Portico: their
 * company-level access is granted by the partner programme, not by domain matching.
 */
export interface PartnerProgrammeReferences {
  readonly programme: string;
  readonly description: string;
  readonly links: readonly { readonly rel: string; readonly title: string; readonly href: string }[];
}

export function partnerProgrammeReferences(portalUrl: string): PartnerProgrammeReferences {
  const base = portalUrl.replace(/\/+$/, '');
  return {
    programme: 'Portico Partner Network',
    description:
      'Resellers, service providers and prospective partners apply to and work through the partner programme.',
    links: [
      { rel: 'programme', title: 'Partner programme overview', href: `${base}/partners` },
      { rel: 'apply', title: 'Apply to become a partner', href: `${base}/partners/apply` },
      { rel: 'contact', title: 'Partner programme desk', href: 'mailto:partners@portico.example' },
    ],
  };
}
