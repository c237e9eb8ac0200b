import { route } from '../http/route';
import { visibilityAnswer } from './portal.schema';

export const getVisibilityRoute = route({
  id: 'getVisibility',
  method: 'GET',
  path: '/v1/portal/visibility',
  auth: 'member',
  handler: 'functions/portal/get-visibility.handler.ts',
  summary: 'Administrators: which sites and product families members see',
  body: undefined,
  success: { 200: 'The visibility rules' },
  responses: { 200: visibilityAnswer() },
  grants: ['table:read'],
});
