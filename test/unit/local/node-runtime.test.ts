import { describe, expect, it } from 'vitest';
import {
  AWS_NODE_MAJOR,
  nodeRuntimeNotice,
  quietSdkNodeNotice,
  SDK_NODE_NOTICE_SWITCH,
} from '../../../local/node-runtime';

describe('the Node.js notice of the local runtime', () => {
  it('says in one line that an older Node.js is fine here and what to do before updating the SDK', () => {
    const notice = nodeRuntimeNotice('20.19.0');
    expect(notice).toContain('Node.js 20.19.0: fine for this machine');
    expect(notice).toContain(`Node.js ${AWS_NODE_MAJOR} on AWS`);
    expect(notice).not.toContain('\n');
  });

  it('says nothing on the Node.js the functions run on, or newer', () => {
    expect(nodeRuntimeNotice('22.11.0')).toBeUndefined();
    expect(nodeRuntimeNotice('24.1.0')).toBeUndefined();
  });

  it("turns the SDK's own notice off with its documented switch, unless the user set it", () => {
    const env: NodeJS.ProcessEnv = {};
    quietSdkNodeNotice(env);
    expect(env[SDK_NODE_NOTICE_SWITCH]).toBe('true');
    const chosen: NodeJS.ProcessEnv = { [SDK_NODE_NOTICE_SWITCH]: 'false' };
    quietSdkNodeNotice(chosen);
    expect(chosen[SDK_NODE_NOTICE_SWITCH]).toBe('false');
  });

  it('matches the runtime lib/ deploys the functions on', async () => {
    const { readFileSync } = await import('node:fs');
    expect(readFileSync('lib/portico-function.ts', 'utf8')).toContain(`NODEJS_${AWS_NODE_MAJOR}_X`);
  });
});
