import * as z from 'zod/mini';
import { answersOf, route } from '../http/route';
import { productAnswer, serviceTag } from './portal.schema';

export const productPath = z.object({ serviceTag: serviceTag() });

/** The schemas of the answers (functions/routes.ts builds them; the handler's bundle leaves them out). */
export function getProductAnswers() {
  return { 200: productAnswer() };
}

export const getProductRoute = route({
  id: 'getProduct',
  method: 'GET',
  path: '/v1/portal/products/{serviceTag}',
  auth: 'member',
  handler: 'functions/portal/get-product.handler.ts',
  summary: 'One product the caller may see',
  body: undefined,
  pathParameters: productPath,
  success: { 200: 'The product' },
  responses: answersOf<typeof getProductAnswers>(),
  grants: ['table:read'],
});
