/**
 * Answers API Gateway gives before any function runs (no token, unknown path, throttled, too large …).
 * The CDK API construct installs them as gateway responses and the local server answers with the same
 * bodies, so every 4xx/5xx a client sees is RFC 9457 problem+json.
 */
export interface GatewayProblem {
  readonly status: number;
  readonly type: string;
  readonly title: string;
  readonly detail: string;
}

export const GATEWAY_PROBLEMS = {
  UNAUTHORIZED: {
    status: 401,
    type: '/problems/unauthorized',
    title: 'Unauthorized',
    detail: 'Sign in and send the ID token as "Authorization: Bearer <token>".',
  },
  ACCESS_DENIED: {
    status: 403,
    type: '/problems/forbidden',
    title: 'Forbidden',
    detail: 'The token is not allowed to call this route.',
  },
  MISSING_AUTHENTICATION_TOKEN: {
    status: 404,
    type: '/problems/not-found',
    title: 'Not Found',
    detail: 'No route matches this method and path.',
  },
  REQUEST_TOO_LARGE: {
    status: 413,
    type: '/problems/payload-too-large',
    title: 'Payload Too Large',
    detail: 'The request is larger than the API accepts.',
  },
  THROTTLED: {
    status: 429,
    type: '/problems/too-many-requests',
    title: 'Too Many Requests',
    detail: 'The API is receiving too many requests; retry with backoff.',
  },
  DEFAULT_4XX: {
    status: 400,
    type: '/problems/bad-request',
    title: 'Bad Request',
    detail: 'The request could not be accepted.',
  },
  DEFAULT_5XX: {
    status: 500,
    type: '/problems/internal-error',
    title: 'Internal Server Error',
    detail: 'Something went wrong on our side; retry later.',
  },
} as const satisfies Record<string, GatewayProblem>;

export type GatewayResponseType = keyof typeof GATEWAY_PROBLEMS;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
