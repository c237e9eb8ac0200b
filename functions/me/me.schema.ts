import * as z from 'zod';
import { countryCode, phoneNumber, postalAddress, text } from '../http/fields';

export const ACCESS_TYPES = ['CUSTOMER_EMPLOYEE', 'PARTNER'] as const;

export const chooseAccessTypeBody = z.strictObject({
  accessType: z.enum(ACCESS_TYPES),
});
export type ChooseAccessTypeBody = z.infer<typeof chooseAccessTypeBody>;

export const registerBusinessBody = z.strictObject({
  companyName: text(200),
  jobTitle: text(100),
  phone: phoneNumber,
  address: postalAddress,
  country: countryCode,
});
export type RegisterBusinessBody = z.infer<typeof registerBusinessBody>;

export const chooseOrganizationBody = z.strictObject({
  organizationId: z.string().trim().min(1).max(100),
});
export type ChooseOrganizationBody = z.infer<typeof chooseOrganizationBody>;

/** A company website: http(s) only, normalised to its origin and path. */
const website = z
  .url({ protocol: /^https?$/, hostname: z.regexes.domain, error: 'Enter the website as https://…' })
  .max(300);

export const submitOrganizationRequestBody = z.strictObject({
  legalName: text(200),
  address: postalAddress,
  country: countryCode,
  website,
  phone: phoneNumber,
  /** VAT / EIN / company registration number, as printed on official documents. */
  taxId: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9 .\-/]{1,38}[A-Za-z0-9]$/, 'Enter the tax id as printed (letters, digits)')
    .optional(),
  /** Dun & Bradstreet number: nine digits. */
  dunsNumber: z
    .string()
    .trim()
    .regex(/^\d{9}$/, 'A DUNS number has nine digits')
    .optional(),
});
export type SubmitOrganizationRequestBody = z.infer<typeof submitOrganizationRequestBody>;
