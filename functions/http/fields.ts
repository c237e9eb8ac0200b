import * as z from 'zod/mini';
import { passwordPolicyViolations, PASSWORD_POLICY } from '../core/domain/password-policy';
import { LOCALES } from '../core/i18n/locale';

/**
 * Field schemas shared by the request schemas of several routes, as factories marked `@__NO_SIDE_EFFECTS__`:
 * a route module builds the fields it uses, and esbuild drops the others from its function. (A module-level
 * `z.string().check(...)` is a method call esbuild cannot prove pure: every function importing one field would
 * bundle and build them all. The same goes for a schema that reads another module-level schema.)
 */

/** Made at the first country check, not at import: building ICU's region names costs every cold start 15–40 ms. */
let regionNames: Intl.DisplayNames | undefined;
/**
 * Region codes ICU names that are not ISO 3166-1 countries: unknown, EU, eurozone, UN, outlying Oceania, the
 * pseudo-regions XA/XB and the exceptionally reserved codes (Ascension, Clipperton, Sark, Diego Garcia,
 * Ceuta & Melilla, Canary Islands, Tristan da Cunha).
 */
const NON_COUNTRY_REGIONS = /^(?:ZZ|EU|EZ|UN|QO|XA|XB|AC|CP|CQ|DG|EA|IC|TA)$/;

function isCountryCode(code: string): boolean {
  // DisplayNames.of throws a RangeError for what is not a region subtag ("DEU", "D"): check the shape first.
  if (!/^[A-Z]{2}$/.test(code) || NON_COUNTRY_REGIONS.test(code)) return false;
  // ICU still names withdrawn codes and aliases (UK, SU, DD, YU …) under their successor; a current code
  // is its own canonical form.
  regionNames ??= new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
  return regionNames.of(code) !== undefined && new Intl.Locale('und', { region: code }).region === code;
}

/* @__NO_SIDE_EFFECTS__ */
export function countryCode() {
  return z.string().check(
    z.regex(/^[A-Z]{2}$/, {
      message: 'must be an ISO 3166-1 alpha-2 country code, e.g. "DE"',
      abort: true,
    }),
    z.refine(isCountryCode, { message: 'is not a known ISO 3166-1 country code' }),
  );
}

/** A language Portico speaks (functions/core/i18n/locale.ts). */
/* @__NO_SIDE_EFFECTS__ */
export function locale(description: string) {
  return z
    .enum(LOCALES, { message: 'must be one of en, fr, de, ja' })
    .check(z.meta({ description, example: 'fr' }));
}

/* @__NO_SIDE_EFFECTS__ */
export function emailAddress() {
  return (
    z
      .pipe(
        z.string().check(z.trim(), z.maxLength(254)),
        z.email({ message: 'must be a valid email address' }),
      )
      // The OpenAPI document shows the input side of the pipe (a string): say what it must be.
      .check(z.meta({ format: 'email' }))
  );
}

/* @__NO_SIDE_EFFECTS__ */
export function password() {
  return z.string().check(
    z.maxLength(PASSWORD_POLICY.maxLength),
    z.superRefine((value, ctx) => {
      for (const violation of passwordPolicyViolations(value))
        ctx.addIssue({ code: 'custom', message: violation });
    }),
  );
}

/** Free text typed by a person: trimmed, non-empty, bounded, no control characters. */
/* @__NO_SIDE_EFFECTS__ */
export function text(maxLength: number) {
  return z.string().check(
    z.trim(),
    z.minLength(1, 'must not be empty'),
    z.maxLength(maxLength),
    z.refine((value) => !/\p{Cc}/u.test(value), { message: 'must not contain control characters' }),
  );
}

/* @__NO_SIDE_EFFECTS__ */
export function phoneNumber() {
  return z
    .string()
    .check(
      z.trim(),
      z.regex(
        /^\+[1-9][0-9 ()-]{6,20}$/,
        'must be an international number starting with +, e.g. "+49 30 1234567"',
      ),
    );
}

/* @__NO_SIDE_EFFECTS__ */
export function postalAddress() {
  return z.strictObject({
    line1: text(200),
    line2: z.optional(text(200)),
    city: text(100),
    region: z.optional(text(100)),
    postalCode: text(20),
  });
}

/** `limit` of a paged list: 1 to 100 items per page, 25 when absent. */
/* @__NO_SIDE_EFFECTS__ */
export function pageLimit() {
  return z
    ._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 25)
    .check(z.meta({ description: 'Items per page' }));
}

/** `cursor` of a paged list: the opaque position a page answered, to fetch the next. */
/* @__NO_SIDE_EFFECTS__ */
export function pageCursor(description: string) {
  return z.optional(z.string().check(z.maxLength(2000))).check(z.meta({ description }));
}

/*
 * Fields of the answers (the `responses` schemas of the route modules). They describe what the API sends; the
 * tests parse every answer with them (test/support/contract.ts), production handlers never do.
 */

/** An instant as the API writes it: ISO 8601 in UTC (`Date.toISOString`). */
/* @__NO_SIDE_EFFECTS__ */
export function instant(description: string) {
  return z.iso.datetime().check(z.meta({ description }));
}

/** A calendar day, `YYYY-MM-DD`. */
/* @__NO_SIDE_EFFECTS__ */
export function calendarDay(description: string) {
  return z.iso.date().check(z.meta({ description }));
}

/** An ISO 3166-1 alpha-2 country code as stored (the request schemas checked it against the list). */
/* @__NO_SIDE_EFFECTS__ */
export function countryOf(what: string) {
  return z.string().check(z.regex(/^[A-Z]{2}$/), z.meta({ description: `${what}: ISO 3166-1 alpha-2 code` }));
}

/** A text field of an answer, described. */
/* @__NO_SIDE_EFFECTS__ */
export function described(description: string) {
  return z.string().check(z.meta({ description }));
}

/** A count of things: a whole number, never negative. */
/* @__NO_SIDE_EFFECTS__ */
export function count(description: string) {
  return z.int().check(z.gte(0), z.meta({ description }));
}

/** A postal address as stored from a request (line2 and region only when given). */
/* @__NO_SIDE_EFFECTS__ */
export function postalAddressAnswer() {
  return z.strictObject({
    line1: z.string(),
    line2: z.optional(z.string()),
    city: z.string(),
    region: z.optional(z.string()),
    postalCode: z.string(),
  });
}

/** An organization as the person who asked for its review described it (an organization request's details). */
/* @__NO_SIDE_EFFECTS__ */
export function organizationDetailsAnswer() {
  return z
    .strictObject({
      legalName: z.string(),
      address: postalAddressAnswer(),
      country: countryOf('Country of the organization'),
      website: z.string(),
      phone: z.string(),
      taxId: z.optional(z.string()),
      dunsNumber: z.optional(z.string()),
    })
    .check(z.meta({ description: 'The organization as the requester described it' }));
}
