import { describe, expect, it } from 'vitest';
import { FUNCTION_ENVIRONMENT, parseConfig } from '../../functions/core/config';
import { routeList } from '../../functions/routes';
import { POWERTOOLS_ENVIRONMENT } from '../../lib/portico-function';
import { type CfnResourceJson, logicalIdOf, ref, resourcesOfType, synthPortico } from './support/portico-app';

const { stack, template } = synthPortico();
const resources = template.toJSON().Resources as Record<string, CfnResourceJson>;

function functionOf(routeId: string) {
  const fn = stack.api.functions.get(routeId);
  if (!fn) throw new Error(`no function for route ${routeId}`);
  const resource = resources[logicalIdOf(fn.function)];
  if (!resource) throw new Error(`function of route ${routeId} is not in the template`);
  return { construct: fn, properties: resource.Properties ?? {} };
}

function variablesOf(properties: Record<string, unknown>): Record<string, unknown> {
  return (properties.Environment as { Variables: Record<string, unknown> }).Variables;
}

describe('route functions', () => {
  it('are exactly one per route', () => {
    expect(Object.keys(resourcesOfType(template, 'AWS::Lambda::Function'))).toHaveLength(routeList.length);
    expect([...stack.api.functions.keys()].sort()).toEqual(routeList.map((route) => route.id).sort());
  });

  describe.each(routeList.map((route) => [route.id, route] as const))('%s', (routeId, route) => {
    const { construct, properties } = functionOf(routeId);

    it('runs Node.js 22 on arm64 with active tracing', () => {
      expect(properties.Runtime).toBe('nodejs22.x');
      expect(properties.Architectures).toEqual(['arm64']);
      expect(properties.TracingConfig).toEqual({ Mode: 'Active' });
    });

    it('has 512 MB, a 10 s timeout and the ESM handler', () => {
      expect(properties.MemorySize).toBe(512);
      expect(properties.Timeout).toBe(10);
      expect(properties.Handler).toBe('index.handler');
      expect(properties.Description).toContain(route.summary);
    });

    it('logs to its own log group, kept for a month', () => {
      expect(properties.LoggingConfig).toEqual({ LogGroup: ref(construct.logGroup) });
      expect(resources[logicalIdOf(construct.logGroup)]?.Properties?.RetentionInDays).toBe(30);
    });
  });
});

describe('the function environment', () => {
  const environments = routeList.map((route) => variablesOf(functionOf(route.id).properties));

  it('is the same for every function', () => {
    for (const environment of environments) expect(environment).toEqual(environments[0]);
  });

  it('names the deployed resources and settings', () => {
    expect(environments[0]).toEqual({
      TABLE_NAME: ref(stack.data.table),
      USER_POOL_ID: ref(stack.identity.userPool),
      MAIL_FROM_ADDRESS: 'no-reply@portico.example',
      PORTAL_URL: 'http://localhost:5173',
      CODE_SECRET_ARN: ref(stack.data.codeSecret),
      ...POWERTOOLS_ENVIRONMENT,
    });
    expect(POWERTOOLS_ENVIRONMENT).toEqual({
      POWERTOOLS_SERVICE_NAME: 'portico',
      POWERTOOLS_LOG_LEVEL: 'INFO',
    });
  });

  it('only sets keys the functions read, and never the code secret itself', () => {
    const keys = Object.keys(environments[0] ?? {}).filter((key) => !key.startsWith('POWERTOOLS_'));
    expect(FUNCTION_ENVIRONMENT).toEqual(expect.arrayContaining(keys));
    expect(keys).not.toContain('CODE_SECRET');
  });

  it("passes the functions' own config parser once deploy-time references are resolved", () => {
    const resolved = Object.fromEntries(
      Object.entries(environments[0] ?? {}).map(([key, value]) => [
        key,
        typeof value === 'string' ? value : `resolved-at-deploy-${key.toLowerCase()}`,
      ]),
    );
    expect(() => parseConfig(resolved)).not.toThrow();
  });

  it('follows the portico:mailDomain and portico:portalUrl context', () => {
    const { template: other } = synthPortico({
      context: {
        'portico:mailDomain': 'mail.example.org',
        'portico:portalUrl': 'https://portal.example.org',
      },
    });
    for (const fn of Object.values(resourcesOfType(other, 'AWS::Lambda::Function'))) {
      expect(variablesOf(fn.Properties ?? {})).toEqual(
        expect.objectContaining({
          MAIL_FROM_ADDRESS: 'no-reply@mail.example.org',
          PORTAL_URL: 'https://portal.example.org',
        }),
      );
    }
  });
});
