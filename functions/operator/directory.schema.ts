import * as z from 'zod/mini';
import { countryOf, described, instant, postalAddressAnswer } from '../http/fields';

/**
 * Schemas the organization directory routes share (operators only), as factories marked `@__NO_SIDE_EFFECTS__`
 * (see functions/http/fields.ts).
 */

/** `{organizationId}` in directory paths. */
/* @__NO_SIDE_EFFECTS__ */
export function organizationPath() {
  return z.object({
    organizationId: z.string().check(z.regex(/^[0-9A-Za-z_-]{3,80}$/, 'is not an organization id')),
  });
}

/** An email domain an operator types: lower-cased, a registrable host name (`acme-robotics.example`). */
/* @__NO_SIDE_EFFECTS__ */
export function emailDomain() {
  return z.pipe(
    z.string().check(z.trim(), z.toLowerCase(), z.maxLength(253)),
    z
      .string()
      .check(
        z.regex(
          /^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
          'is not an email domain',
        ),
      ),
  );
}

/** The group an organization is a division of: a name operators choose. */
/* @__NO_SIDE_EFFECTS__ */
export function groupName() {
  return z.string().check(z.trim(), z.minLength(1), z.maxLength(200));
}

/* @__NO_SIDE_EFFECTS__ */
function directoryFields() {
  return {
    organizationId: z.string(),
    name: described('Legal name'),
    kind: z.enum(['CUSTOMER', 'PARTNER']),
    status: z.enum(['ACTIVE', 'PENDING', 'SUSPENDED']).check(
      z.meta({
        description:
          'ACTIVE accepts members; SUSPENDED is deactivated (members keep their accounts, the portal refuses them); PENDING waits for its review',
      }),
    ),
    country: countryOf('Country of the organization'),
    city: z.string(),
    address: z.nullable(postalAddressAnswer()),
    domains: z.array(z.string()).check(z.meta({ description: 'Email domains whose owners belong to it' })),
    divisionOf: z.nullable(
      described('The group it is a division of; only divisions of one group share a domain'),
    ),
    revision: z
      .int()
      .check(
        z.gte(0),
        z.meta({ description: 'Send it back with an edit: the edit applies only to this revision' }),
      ),
  };
}

/** An organization in a directory list. */
/* @__NO_SIDE_EFFECTS__ */
export function directoryOrganizationAnswer() {
  return z.strictObject(directoryFields()).check(z.meta({ description: 'An organization of the directory' }));
}

/** An organization with its directory history, newest first. */
/* @__NO_SIDE_EFFECTS__ */
export function directoryOrganizationDetailAnswer() {
  return z
    .strictObject({
      ...directoryFields(),
      history: z.array(
        z.strictObject({
          at: instant('When'),
          event: described(
            'CREATED, UPDATED, DEACTIVATED, REACTIVATED, DIVISION_MARKED, DIVISION_UNMARKED, DOMAIN_ADDED or DOMAIN_REMOVED',
          ),
          detail: z.nullable(z.string()),
          by: z.email().check(z.meta({ description: 'The operator' })),
          revision: z.int(),
        }),
      ),
    })
    .check(z.meta({ description: 'An organization of the directory with its history, newest first' }));
}
