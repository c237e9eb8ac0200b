import * as z from 'zod';
import { passwordPolicyViolations, PASSWORD_POLICY } from '../core/domain/password-policy';

/** Field schemas shared by the request schemas of several routes. */

/** Made at the first country check, not at import: building ICU's region names costs every cold start 15–40 ms. */
let regionNames: Intl.DisplayNames | undefined;
/**
 * Region codes ICU names that are not ISO 3166-1 countries: unknown, EU, eurozone, UN, outlying Oceania, the
 * pseudo-regions XA/XB and the exceptionally reserved codes (Ascension, Clipperton, Sark, Diego Garcia,
 * Ceuta & Melilla, Canary Islands, Tristan da Cunha).
 */
const NON_COUNTRY_REGIONS = new Set('ZZ EU EZ UN QO XA XB AC CP CQ DG EA IC TA'.split(' '));

function isCountryCode(code: string): boolean {
  // DisplayNames.of throws a RangeError for what is not a region subtag ("DEU", "D"): check the shape first.
  if (!/^[A-Z]{2}$/.test(code) || NON_COUNTRY_REGIONS.has(code)) return false;
  // ICU still names withdrawn codes and aliases (UK, SU, DD, YU …) under their successor; a current code
  // is its own canonical form.
  regionNames ??= new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
  return regionNames.of(code) !== undefined && new Intl.Locale('und', { region: code }).region === code;
}

export const countryCode = z
  .string()
  .regex(/^[A-Z]{2}$/, { message: 'must be an ISO 3166-1 alpha-2 country code, e.g. "DE"', abort: true })
  .refine(isCountryCode, { message: 'is not a known ISO 3166-1 country code' });

export const emailAddress = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email({ message: 'must be a valid email address' }))
  // The OpenAPI document shows the input side of the pipe (a string): say what it must be.
  .meta({ format: 'email' });

export const password = z
  .string()
  .max(PASSWORD_POLICY.maxLength)
  .superRefine((value, ctx) => {
    for (const violation of passwordPolicyViolations(value))
      ctx.addIssue({ code: 'custom', message: violation });
  });

/** Free text typed by a person: trimmed, non-empty, bounded, no control characters. */
export function text(maxLength: number) {
  return z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(maxLength)
    .refine((value) => !/\p{Cc}/u.test(value), { message: 'must not contain control characters' });
}

export const phoneNumber = z
  .string()
  .trim()
  .regex(
    /^\+[1-9][0-9 ()-]{6,20}$/,
    'must be an international number starting with +, e.g. "+49 30 1234567"',
  );

export const postalAddress = z.strictObject({
  line1: text(200),
  line2: text(200).optional(),
  city: text(100),
  region: text(100).optional(),
  postalCode: text(20),
});
