import * as z from 'zod/mini';

export const invitationPath = z.object({
  invitationId: z.string().check(z.regex(/^[0-9A-Za-z_-]{22}$/, 'is not an invitation id')),
});
