import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';

/**
 * The Lambda context the local runtime hands to a handler module, as the Lambda service would: Powertools'
 * injectLambdaContext reads the names and the request id, and long-running handlers (the scheduled jobs)
 * budget their work with getRemainingTimeInMillis against the function's timeout.
 */
export function lambdaContext(options: {
  /** Short name, e.g. `signUp` or `review`; the function is called `portico-<name>`. */
  readonly name: string;
  /** The deployed function's timeout (lib/), which getRemainingTimeInMillis counts down from. */
  readonly timeoutSeconds: number;
  readonly memoryMb?: number;
  readonly requestId?: string;
}): Context {
  const functionName = `portico-${options.name}`;
  const deadline = Date.now() + options.timeoutSeconds * 1000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
    memoryLimitInMB: String(options.memoryMb ?? 512),
    awsRequestId: options.requestId ?? randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
