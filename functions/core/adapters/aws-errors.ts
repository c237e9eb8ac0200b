/**
 * Whether an AWS SDK error means "the service could not be reached or is overloaded" (after the SDK's own
 * retries): network failures, server faults and throttling. Such errors become 503s, never 500s.
 */
const THROTTLING = new Set([
  'ThrottlingException',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'LimitExceededException',
  'TimeoutError',
]);

export function isUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const fault = (error as { $fault?: unknown }).$fault;
  if (THROTTLING.has(error.name) || fault === 'server') return true;
  // No $fault: the request never got an AWS answer (refused connection, DNS, socket timeout).
  return (
    fault === undefined &&
    /ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EPIPE|socket hang up/i.test(
      `${error.name} ${error.message} ${String((error as { code?: unknown }).code ?? '')}`,
    )
  );
}
