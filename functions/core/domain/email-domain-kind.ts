/**
 * Which kind of address an email domain is. Only a WORK domain can obtain company-level access. Kept apart from
 * the lists that decide it (email-domain-policy.ts): the onboarding rules only read an account's stored kind, so
 * a function that never classifies a domain does not bundle the lists (about 140 KB of disposable domains).
 */
export type EmailDomainKind = 'WORK' | 'PERSONAL' | 'DISPOSABLE';

export function canObtainCompanyAccess(kind: EmailDomainKind): boolean {
  return kind === 'WORK';
}
