import { z } from 'zod';
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
