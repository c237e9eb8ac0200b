import { describe, expect, it } from 'vitest';
import type { core } from 'zod';
import { takesIdempotencyKey } from '../../../functions/http/idempotency';
import { routeList } from '../../../functions/routes';

/** The route table declares every request schema, and the declarations agree with the paths. */

function keysOf(schema: core.$ZodType | undefined): string[] {
  if (!schema) return [];
  const shape = (schema as unknown as { shape?: Record<string, unknown> }).shape;
  if (!shape) throw new Error('a parameter schema must be a zod object');
  return Object.keys(shape).sort();
}

describe.each(routeList.map((route) => [`${route.method} ${route.path}`, route] as const))(
  '%s',
  (_, route) => {
    it('declares a schema for exactly the {name} parameters of its path', () => {
      const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '').sort();

      expect(keysOf(route.pathParameters)).toEqual(names);
    });

    it('takes a query schema only as an object of named parameters', () => {
      expect(() => keysOf(route.query)).not.toThrow();
    });

    it('reads a body only with a method that carries one, and declares it once', () => {
      if (route.method === 'GET' || route.method === 'DELETE') {
        expect(route.body).toBeUndefined();
        expect(route.requestMediaTypes).toBeUndefined();
      }
      expect(route.body !== undefined && route.requestMediaTypes !== undefined).toBe(false);
    });

    it('may write the table when it takes an Idempotency-Key, which keeps answers there', () => {
      if (takesIdempotencyKey(route)) expect(route.grants).toContain('table:write');
    });

    it("is under the WAF's tighter rate limit when it is public and sends or checks a one-time code", () => {
      const codeRoute =
        route.auth === 'public' &&
        (route.grants.includes('mail:send') || route.grants.includes('code-secret:read'));
      expect(route.strictRateLimit === true).toBe(codeRoute);
    });

    it('documents at least one 2xx answer', () => {
      const statuses = Object.keys(route.success).map(Number);

      expect(statuses.length).toBeGreaterThan(0);
      for (const status of statuses) expect(status).toBeGreaterThanOrEqual(200);
    });
  },
);
