import personalProviders from 'email-providers/all.json';
import { disposableEmailBlocklist } from 'disposable-email-domains-js';
import type { EmailDomainKind } from './email-domain-kind';

export { canObtainCompanyAccess, type EmailDomainKind } from './email-domain-kind';

let personal: ReadonlySet<string> | undefined;
let disposable: ReadonlySet<string> | undefined;

function lists(): { personal: ReadonlySet<string>; disposable: ReadonlySet<string> } {
  personal ??= new Set(personalProviders);
  disposable ??= new Set(disposableEmailBlocklist());
  return { personal, disposable };
}

/** `a.b.example.com` → `a.b.example.com`, `b.example.com`, `example.com` (never a bare TLD). */
function domainAndParents(domain: string): string[] {
  const labels = domain.split('.');
  const candidates: string[] = [];
  for (let i = 0; i < labels.length - 1; i += 1) candidates.push(labels.slice(i).join('.'));
  return candidates;
}

/**
 * Which kind of address an email domain is, from two maintained npm lists (never a hand-typed array):
 * `email-providers` (about 8,700 webmail providers: gmail.com, outlook.com, proton.me, gmx.*, qq.com …) and
 * `disposable-email-domains-js` (throwaway mailboxes). Only a WORK domain can obtain company-level access.
 * A subdomain counts as its parent (`eu.mailinator.com` is disposable). Only sign-up classifies; everything
 * else reads the kind stored on the account (email-domain-kind.ts), so only its bundle carries the lists.
 */
export function classifyEmailDomain(domain: string): EmailDomainKind {
  const { personal: personalSet, disposable: disposableSet } = lists();
  const candidates = domainAndParents(domain.toLowerCase());
  if (candidates.some((candidate) => disposableSet.has(candidate))) return 'DISPOSABLE';
  if (candidates.some((candidate) => personalSet.has(candidate))) return 'PERSONAL';
  return 'WORK';
}
