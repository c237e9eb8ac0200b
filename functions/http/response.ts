import type { APIGatewayProxyResult } from 'aws-lambda';

export const SECURITY_HEADERS = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Strict-Transport-Security': 'max-age=63072000; includeSubDomains',
} as const;

/** What a handler returns; the wrapper turns it into the proxy result. */
export interface ApiResult<TStatus extends number = number> {
  readonly status: TStatus;
  readonly body?: unknown;
  /** A body sent as it is (e.g. a CSV file), instead of `body` as JSON; `headers` name its Content-Type. */
  readonly text?: string;
  readonly headers?: Record<string, string>;
}

export function toProxyResult(result: ApiResult): APIGatewayProxyResult {
  if (result.text !== undefined) {
    return {
      statusCode: result.status,
      headers: { ...SECURITY_HEADERS, ...result.headers },
      body: result.text,
    };
  }
  return {
    statusCode: result.status,
    headers: {
      ...SECURITY_HEADERS,
      ...(result.body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...result.headers,
    },
    body: result.body === undefined ? '' : JSON.stringify(result.body),
  };
}
