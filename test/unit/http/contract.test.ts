import { describe, expect, it } from 'vitest';
import { API_EXAMPLES } from '../../../functions/api-examples';
import { routes } from '../../../functions/routes';
import { checkAnswer, ContractViolation, routeOf } from '../../support/contract';

/** The shared contract check the handler and integration tests run on every answer (test/support/contract.ts). */

const member = API_EXAMPLES.changeMemberRole?.responses[200][0]?.value;
const json = (status: number, body: unknown) => ({
  status,
  contentType: 'application/json; charset=utf-8',
  text: JSON.stringify(body),
});

describe('routeOf', () => {
  it('finds the route of a method and a concrete path, query string or not', () => {
    expect(routeOf('PUT', '/v1/portal/members/u-12345678/role')?.id).toBe('changeMemberRole');
    expect(routeOf('get', '/v1/portal/products?limit=5')?.id).toBe('listProducts');
    expect(routeOf('GET', '/v1/portal/products/7XK2P93')?.id).toBe('getProduct');
    expect(routeOf('DELETE', '/v1/me')).toBeUndefined();
  });
});

describe('checkAnswer', () => {
  it('accepts an answer that is what the route declares', () => {
    expect(() => checkAnswer(routes.changeMemberRole, json(200, member))).not.toThrow();
  });

  it('refuses a dropped, a renamed and an added field', () => {
    const { joinedAt, ...dropped } = member ?? { joinedAt: '' };
    expect(() => checkAnswer(routes.changeMemberRole, json(200, dropped))).toThrow(/joinedAt/);
    expect(() => checkAnswer(routes.changeMemberRole, json(200, { ...dropped, joinedOn: joinedAt }))).toThrow(
      /joinedOn/,
    );
    expect(() => checkAnswer(routes.changeMemberRole, json(200, { ...member, extra: 1 }))).toThrow(
      ContractViolation,
    );
  });

  it('refuses a success status the route does not declare, and a 204 with a body', () => {
    expect(() => checkAnswer(routes.changeMemberRole, json(201, member))).toThrow(/does not declare/);
    expect(() =>
      checkAnswer(routes.deleteGroup, { status: 204, contentType: undefined, text: '{}' }),
    ).toThrow(/204 with a body/);
  });

  it('wants problem+json for errors', () => {
    const problem = {
      type: '/problems/not-found',
      title: 'Not found',
      status: 404,
      detail: 'No such member.',
    };
    expect(() =>
      checkAnswer(routes.changeMemberRole, {
        ...json(404, problem),
        contentType: 'application/problem+json',
      }),
    ).not.toThrow();
    expect(() => checkAnswer(routes.changeMemberRole, json(404, problem))).toThrow(/Content-Type/);
  });
});
