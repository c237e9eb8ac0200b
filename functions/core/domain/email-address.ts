import { domainToASCII } from 'node:url';

/** Addresses are compared case-insensitively everywhere (Cognito username, code records, domain lookups). */
export function normalizeEmail(address: string): string {
  return address.trim().toLowerCase();
}

/** The domain part in its ASCII (punycode) form, so `bücher.example` and `xn--bcher-kva.example` match. */
export function emailDomainOf(address: string): string {
  const at = address.lastIndexOf('@');
  const domain = at >= 0 ? address.slice(at + 1) : '';
  return domainToASCII(domain.trim().toLowerCase()) || domain.trim().toLowerCase();
}
