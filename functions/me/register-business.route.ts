import * as z from 'zod/mini';
import { countryCode, phoneNumber, postalAddress, text } from '../http/fields';
import { route } from '../http/route';

export const registerBusinessBody = z.strictObject({
  companyName: text(200),
  jobTitle: text(100),
  phone: phoneNumber(),
  address: postalAddress(),
  country: countryCode(),
});
export type RegisterBusinessBody = z.infer<typeof registerBusinessBody>;

export const registerBusinessRoute = route({
  id: 'registerBusiness',
  method: 'PUT',
  path: '/v1/me/registration',
  auth: 'user',
  handler: 'functions/me/register-business.handler.ts',
  summary: 'Submit business registration; joins the organization that owns the email domain',
  body: registerBusinessBody,
  success: { 200: 'The account after registration (ACTIVE, CHOOSE_ORGANIZATION or ORGANIZATION_REQUIRED)' },
  problems: [403, 404, 409, 422],
  grants: ['table:write', 'mail:send'],
});
