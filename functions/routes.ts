import { changePasswordRoute } from './account/change-password.route';
import { exportDataRoute } from './account/export-data.route';
import { forgotPasswordRoute } from './account/forgot-password.route';
import { resetPasswordRoute } from './account/reset-password.route';
import { signOutEverywhereRoute } from './account/sign-out-everywhere.route';
import type { RouteDefinition } from './http/route';
import { chooseAccessTypeRoute } from './me/choose-access-type.route';
import { chooseOrganizationRoute } from './me/choose-organization.route';
import { getAccountRoute } from './me/get-account.route';
import { registerBusinessRoute } from './me/register-business.route';
import { submitOrganizationRequestRoute } from './me/submit-organization-request.route';
import { decideOrganizationRequestRoute } from './operator/decide-organization-request.route';
import { getOrganizationRequestRoute } from './operator/get-organization-request.route';
import { importPortalDataRoute } from './operator/import-portal-data.route';
import { listOrganizationRequestsRoute } from './operator/list-organization-requests.route';
import { changeMemberRoleRoute } from './portal/change-member-role.route';
import { createGroupRoute } from './portal/create-group.route';
import { deleteGroupRoute } from './portal/delete-group.route';
import { exportProductsRoute } from './portal/export-products.route';
import { getExportRoute } from './portal/get-export.route';
import { getGroupRoute } from './portal/get-group.route';
import { getProductRoute } from './portal/get-product.route';
import { getPortalSummaryRoute } from './portal/get-summary.route';
import { getVisibilityRoute } from './portal/get-visibility.route';
import { listGroupsRoute } from './portal/list-groups.route';
import { listMembersRoute } from './portal/list-members.route';
import { listProductsRoute } from './portal/list-products.route';
import { listSitesRoute } from './portal/list-sites.route';
import { setVisibilityRoute } from './portal/set-visibility.route';
import { startExportRoute } from './portal/start-export.route';
import { updateGroupRoute } from './portal/update-group.route';
import { resendCodeRoute } from './signup/resend-code.route';
import { signUpRoute } from './signup/sign-up.route';
import { verifyEmailRoute } from './signup/verify-email.route';

export {
  OPERATORS_GROUP,
  type HttpMethod,
  type RouteAuth,
  type RouteDefinition,
  type RouteFunctionSettings,
  type RouteGrant,
  type RouteProblemStatus,
  type SuccessStatus,
} from './http/route';

/**
 * The one route list. Each route is declared in its own module next to its handler
 * (`functions/<area>/<name>.route.ts`, see functions/http/route.ts), which the handler imports alone: a function
 * then bundles, and builds at cold start, only its own route's schemas. This list gathers them all: the CDK API
 * construct (lib/api.ts) makes one Lambda function and one API Gateway method per entry; the local server
 * (local/api-server.ts) serves the same entries with the same handler modules; the OpenAPI document
 * (functions/http/openapi.ts) describes them. No handler imports this module (test/unit/http/route-table.test.ts
 * checks that each entry's handler was built from that very entry).
 */
export const routes = {
  signUp: signUpRoute,
  verifyEmail: verifyEmailRoute,
  resendCode: resendCodeRoute,
  forgotPassword: forgotPasswordRoute,
  resetPassword: resetPasswordRoute,
  getAccount: getAccountRoute,
  changePassword: changePasswordRoute,
  signOutEverywhere: signOutEverywhereRoute,
  exportData: exportDataRoute,
  chooseAccessType: chooseAccessTypeRoute,
  registerBusiness: registerBusinessRoute,
  chooseOrganization: chooseOrganizationRoute,
  submitOrganizationRequest: submitOrganizationRequestRoute,
  listOrganizationRequests: listOrganizationRequestsRoute,
  getOrganizationRequest: getOrganizationRequestRoute,
  decideOrganizationRequest: decideOrganizationRequestRoute,
  getPortalSummary: getPortalSummaryRoute,
  listSites: listSitesRoute,
  listProducts: listProductsRoute,
  getProduct: getProductRoute,
  exportProducts: exportProductsRoute,
  startExport: startExportRoute,
  getExport: getExportRoute,
  listGroups: listGroupsRoute,
  createGroup: createGroupRoute,
  getGroup: getGroupRoute,
  updateGroup: updateGroupRoute,
  deleteGroup: deleteGroupRoute,
  getVisibility: getVisibilityRoute,
  setVisibility: setVisibilityRoute,
  listMembers: listMembersRoute,
  changeMemberRole: changeMemberRoleRoute,
  importPortalData: importPortalDataRoute,
} as const;

export type RouteId = keyof typeof routes;
export const routeList: readonly RouteDefinition[] = Object.values(routes);
