import type { APIGatewayProxyResult } from 'aws-lambda';
import { PorticoError } from '../core/errors';
import { isUnavailable } from '../core/adapters/aws-errors';
import { PROBLEM_CONTENT_TYPE } from './gateway-responses';
import { SECURITY_HEADERS } from './response';

/** RFC 9457 problem document. Extension members sit beside the standard ones. */
export interface ProblemDocument {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance?: string;
  readonly [extension: string]: unknown;
}

export function problemResponse(
  problem: ProblemDocument,
  headers: Record<string, string> = {},
): APIGatewayProxyResult {
  return {
    statusCode: problem.status,
    headers: { ...SECURITY_HEADERS, 'Content-Type': PROBLEM_CONTENT_TYPE, ...headers },
    body: JSON.stringify(problem),
  };
}

/**
 * The only place an error becomes a response. A PorticoError shows its own safe message; an AWS service that
 * is down or throttling becomes 503; anything else is a bug and shows nothing but a request id.
 */
export function problemFor(
  error: unknown,
  context: { instance?: string; requestId?: string },
): APIGatewayProxyResult {
  const where = {
    ...(context.instance ? { instance: context.instance } : {}),
    ...(context.requestId ? { requestId: context.requestId } : {}),
  };
  if (error instanceof PorticoError) {
    return problemResponse(
      {
        type: `/problems/${error.type}`,
        title: error.title,
        status: error.status,
        detail: error.message,
        ...where,
        ...error.extensions,
      },
      error.headers,
    );
  }
  if (isUnavailable(error)) {
    return problemResponse(
      {
        type: '/problems/service-unavailable',
        title: 'Service unavailable',
        status: 503,
        detail: 'A service Portico depends on is unavailable right now. Retry shortly.',
        retryAfterSeconds: 30,
        ...where,
      },
      { 'Retry-After': '30' },
    );
  }
  return problemResponse({
    type: '/problems/internal-error',
    title: 'Internal Server Error',
    status: 500,
    detail: 'Something went wrong on our side. Quote the requestId if you contact support.',
    ...where,
  });
}
