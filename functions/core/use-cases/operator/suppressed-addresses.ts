import { ValidationError } from '../../errors';
import { InvalidCursorError } from '../../ports';
import type { Dependencies } from '../dependencies';
import * as problemDetails from '../../i18n/details/compiled/index';

/** The suppression list for operators, newest first: who no longer gets email from Portico, and why. */
export async function listSuppressedAddresses(
  deps: Pick<Dependencies, 'suppressions'>,
  query: { readonly limit: number; readonly cursor?: string | undefined },
) {
  try {
    const page = await deps.suppressions.list(query);
    return {
      items: page.items.map((entry) => ({
        email: entry.email,
        reason: entry.reason,
        detail: entry.detail ?? null,
        at: entry.at,
        feedbackId: entry.feedbackId,
      })),
      nextCursor: page.cursor ?? null,
    };
  } catch (error) {
    if (error instanceof InvalidCursorError) {
      throw new ValidationError('The cursor is not valid for this list.', [
        { pointer: 'query:/cursor', detail: 'is not a cursor this list issued' },
      ]).keyed(problemDetails.cursorInvalid);
    }
    throw error;
  }
}
