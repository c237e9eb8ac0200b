import * as z from 'zod/mini';
import { route } from '../http/route';
import { productAnswer, serviceTag } from './portal.schema';

export const productPath = z.object({ serviceTag: serviceTag() });

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
  responses: { 200: productAnswer() },
  grants: ['table:read'],
});
