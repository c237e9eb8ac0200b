/**
 * What Node.js this machine runs, against what the functions run on AWS.
 *
 * The functions run on Node.js 22 in Lambda (lib/). The local runtime also works on Node.js 20.19 or newer
 * (package.json `engines`), on which the AWS SDK prints its NodeVersionSupportWarning, a multi-line notice that
 * SDK releases after the first week of January 2027 need Node.js 22, on every start and in every test worker.
 * Portico replaces it with one calm line (`nodeRuntimeNotice`) and turns the SDK's own off with the switch the
 * SDK documents for that (AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true, aws/aws-sdk-js-v3#7983).
 * Importing this module sets that switch, so import it before anything creates an AWS client.
 */

/** The Node.js major version of the Lambda runtime (lib/ uses NODEJS_22_X) and of the SDK's coming minimum. */
export const AWS_NODE_MAJOR = 22;

/** The SDK's documented way to turn its notice off (checked when a client is created). */
export const SDK_NODE_NOTICE_SWITCH = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';

/** One line for a local user on an older Node.js; undefined on Node.js 22 or newer. */
export function nodeRuntimeNotice(nodeVersion: string = process.versions.node): string | undefined {
  const major = Number.parseInt(nodeVersion, 10);
  if (!Number.isInteger(major) || major >= AWS_NODE_MAJOR) return undefined;
  return (
    `Node.js ${nodeVersion}: fine for this machine. The functions run on Node.js ${AWS_NODE_MAJOR} on AWS, and AWS SDK ` +
    `releases after the first week of January 2027 need Node.js ${AWS_NODE_MAJOR}: upgrade before you update the SDK.`
  );
}

/** Turns the SDK's notice off where Portico says it instead (an explicit setting of the variable wins). */
export function quietSdkNodeNotice(env: NodeJS.ProcessEnv = process.env): void {
  env[SDK_NODE_NOTICE_SWITCH] ??= 'true';
}

quietSdkNodeNotice();
