import { changePasswordAnswers, changePasswordRoute } from './account/change-password.route';
import { exportDataAnswers, exportDataRoute } from './account/export-data.route';
import { forgotPasswordAnswers, forgotPasswordRoute } from './account/forgot-password.route';
import { resetPasswordAnswers, resetPasswordRoute } from './account/reset-password.route';
import { signOutEverywhereAnswers, signOutEverywhereRoute } from './account/sign-out-everywhere.route';
import type { AnyResponseSchemas, ResponsesOf, RouteDefinition } from './http/route';
import { chooseAccessTypeAnswers, chooseAccessTypeRoute } from './me/choose-access-type.route';
import { chooseLocaleAnswers, chooseLocaleRoute } from './me/choose-locale.route';
import { chooseOrganizationAnswers, chooseOrganizationRoute } from './me/choose-organization.route';
import { getAccountAnswers, getAccountRoute } from './me/get-account.route';
import { registerBusinessAnswers, registerBusinessRoute } from './me/register-business.route';
import {
  submitOrganizationRequestAnswers,
  submitOrganizationRequestRoute,
} from './me/submit-organization-request.route';
import {
  decideOrganizationRequestAnswers,
  decideOrganizationRequestRoute,
} from './operator/decide-organization-request.route';
import {
  getOrganizationRequestAnswers,
  getOrganizationRequestRoute,
} from './operator/get-organization-request.route';
import { importPortalDataAnswers, importPortalDataRoute } from './operator/import-portal-data.route';
import { reconcileIdentitiesAnswers, reconcileIdentitiesRoute } from './operator/reconcile-identities.route';
import {
  listOrganizationRequestsAnswers,
  listOrganizationRequestsRoute,
} from './operator/list-organization-requests.route';
import { changeMemberRoleAnswers, changeMemberRoleRoute } from './portal/change-member-role.route';
import { getMembershipPolicyAnswers, getMembershipPolicyRoute } from './portal/get-membership-policy.route';
import { setMembershipPolicyAnswers, setMembershipPolicyRoute } from './portal/set-membership-policy.route';
import { listJoinRequestsAnswers, listJoinRequestsRoute } from './portal/list-join-requests.route';
import { approveJoinRequestAnswers, approveJoinRequestRoute } from './portal/approve-join-request.route';
import { declineJoinRequestAnswers, declineJoinRequestRoute } from './portal/decline-join-request.route';
import { createGroupAnswers, createGroupRoute } from './portal/create-group.route';
import { createInvitationsAnswers, createInvitationsRoute } from './portal/create-invitations.route';
import { listInvitationsAnswers, listInvitationsRoute } from './portal/list-invitations.route';
import { resendInvitationAnswers, resendInvitationRoute } from './portal/resend-invitation.route';
import { revokeInvitationAnswers, revokeInvitationRoute } from './portal/revoke-invitation.route';
import { acceptInvitationAnswers, acceptInvitationRoute } from './me/accept-invitation.route';
import { deleteGroupAnswers, deleteGroupRoute } from './portal/delete-group.route';
import { exportProductsAnswers, exportProductsRoute } from './portal/export-products.route';
import { getGroupAnswers, getGroupRoute } from './portal/get-group.route';
import { getProductAnswers, getProductRoute } from './portal/get-product.route';
import { getPortalSummaryAnswers, getPortalSummaryRoute } from './portal/get-summary.route';
import { getVisibilityAnswers, getVisibilityRoute } from './portal/get-visibility.route';
import { listGroupsAnswers, listGroupsRoute } from './portal/list-groups.route';
import { listMembersAnswers, listMembersRoute } from './portal/list-members.route';
import { listProductsAnswers, listProductsRoute } from './portal/list-products.route';
import { listSitesAnswers, listSitesRoute } from './portal/list-sites.route';
import { setVisibilityAnswers, setVisibilityRoute } from './portal/set-visibility.route';
import { updateGroupAnswers, updateGroupRoute } from './portal/update-group.route';
import { resendCodeAnswers, resendCodeRoute } from './signup/resend-code.route';
import { signUpAnswers, signUpRoute } from './signup/sign-up.route';
import { verifyEmailAnswers, verifyEmailRoute } from './signup/verify-email.route';
import { confirmEmailChangeAnswers, confirmEmailChangeRoute } from './account/confirm-email-change.route';
import { deleteAccountAnswers, deleteAccountRoute } from './account/delete-account.route';
import { requestEmailChangeAnswers, requestEmailChangeRoute } from './account/request-email-change.route';
import {
  listOrganizationAuditLogAnswers,
  listOrganizationAuditLogRoute,
} from './operator/list-organization-audit-log.route';
import { listAuditLogAnswers, listAuditLogRoute } from './portal/list-audit-log.route';
import { createOrganizationAnswers, createOrganizationRoute } from './operator/create-organization.route';
import { getOrganizationAnswers, getOrganizationRoute } from './operator/get-organization.route';
import { listOrganizationsAnswers, listOrganizationsRoute } from './operator/list-organizations.route';
import {
  listSuppressedAddressesAnswers,
  listSuppressedAddressesRoute,
} from './operator/list-suppressed-addresses.route';
import { updateOrganizationAnswers, updateOrganizationRoute } from './operator/update-organization.route';
import { getExportAnswers, getExportRoute } from './portal/get-export.route';
import { chooseSupportDigestAnswers, chooseSupportDigestRoute } from './me/choose-support-digest.route';
import { unsubscribeDigestAnswers, unsubscribeDigestRoute } from './portal/unsubscribe-digest.route';
import { startExportAnswers, startExportRoute } from './portal/start-export.route';
import { removeMemberAnswers, removeMemberRoute } from './portal/remove-member.route';
import { leaveOrganizationAnswers, leaveOrganizationRoute } from './me/leave-organization.route';

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
  requestEmailChange: requestEmailChangeRoute,
  confirmEmailChange: confirmEmailChangeRoute,
  deleteAccount: deleteAccountRoute,
  exportData: exportDataRoute,
  chooseAccessType: chooseAccessTypeRoute,
  chooseLocale: chooseLocaleRoute,
  registerBusiness: registerBusinessRoute,
  chooseOrganization: chooseOrganizationRoute,
  submitOrganizationRequest: submitOrganizationRequestRoute,
  listOrganizationRequests: listOrganizationRequestsRoute,
  getOrganizationRequest: getOrganizationRequestRoute,
  decideOrganizationRequest: decideOrganizationRequestRoute,
  listOrganizations: listOrganizationsRoute,
  createOrganization: createOrganizationRoute,
  getOrganization: getOrganizationRoute,
  updateOrganization: updateOrganizationRoute,
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
  removeMember: removeMemberRoute,
  leaveOrganization: leaveOrganizationRoute,
  chooseSupportDigest: chooseSupportDigestRoute,
  unsubscribeDigest: unsubscribeDigestRoute,
  getMembershipPolicy: getMembershipPolicyRoute,
  setMembershipPolicy: setMembershipPolicyRoute,
  listJoinRequests: listJoinRequestsRoute,
  approveJoinRequest: approveJoinRequestRoute,
  declineJoinRequest: declineJoinRequestRoute,
  createInvitations: createInvitationsRoute,
  listInvitations: listInvitationsRoute,
  resendInvitation: resendInvitationRoute,
  revokeInvitation: revokeInvitationRoute,
  acceptInvitation: acceptInvitationRoute,
  listAuditLog: listAuditLogRoute,
  listOrganizationAuditLog: listOrganizationAuditLogRoute,
  importPortalData: importPortalDataRoute,
  reconcileIdentities: reconcileIdentitiesRoute,
  listSuppressedAddresses: listSuppressedAddressesRoute,
} as const;

export type RouteId = keyof typeof routes;
export const routeList: readonly RouteDefinition[] = Object.values(routes);

/** Each route's answer schemas, by the function its module exports beside it (see RouteDefinition.responses). */
const answers: { readonly [Id in RouteId]: () => ResponsesOf<(typeof routes)[Id]> } = {
  signUp: signUpAnswers,
  verifyEmail: verifyEmailAnswers,
  resendCode: resendCodeAnswers,
  forgotPassword: forgotPasswordAnswers,
  resetPassword: resetPasswordAnswers,
  getAccount: getAccountAnswers,
  changePassword: changePasswordAnswers,
  signOutEverywhere: signOutEverywhereAnswers,
  exportData: exportDataAnswers,
  chooseAccessType: chooseAccessTypeAnswers,
  chooseLocale: chooseLocaleAnswers,
  registerBusiness: registerBusinessAnswers,
  chooseOrganization: chooseOrganizationAnswers,
  submitOrganizationRequest: submitOrganizationRequestAnswers,
  listOrganizationRequests: listOrganizationRequestsAnswers,
  getOrganizationRequest: getOrganizationRequestAnswers,
  decideOrganizationRequest: decideOrganizationRequestAnswers,
  getPortalSummary: getPortalSummaryAnswers,
  listSites: listSitesAnswers,
  listProducts: listProductsAnswers,
  getProduct: getProductAnswers,
  exportProducts: exportProductsAnswers,
  listGroups: listGroupsAnswers,
  createGroup: createGroupAnswers,
  getGroup: getGroupAnswers,
  updateGroup: updateGroupAnswers,
  deleteGroup: deleteGroupAnswers,
  getVisibility: getVisibilityAnswers,
  setVisibility: setVisibilityAnswers,
  listMembers: listMembersAnswers,
  changeMemberRole: changeMemberRoleAnswers,
  removeMember: removeMemberAnswers,
  leaveOrganization: leaveOrganizationAnswers,
  chooseSupportDigest: chooseSupportDigestAnswers,
  unsubscribeDigest: unsubscribeDigestAnswers,
  getMembershipPolicy: getMembershipPolicyAnswers,
  setMembershipPolicy: setMembershipPolicyAnswers,
  listJoinRequests: listJoinRequestsAnswers,
  approveJoinRequest: approveJoinRequestAnswers,
  declineJoinRequest: declineJoinRequestAnswers,
  createInvitations: createInvitationsAnswers,
  listInvitations: listInvitationsAnswers,
  resendInvitation: resendInvitationAnswers,
  revokeInvitation: revokeInvitationAnswers,
  acceptInvitation: acceptInvitationAnswers,
  importPortalData: importPortalDataAnswers,
  reconcileIdentities: reconcileIdentitiesAnswers,
  requestEmailChange: requestEmailChangeAnswers,
  confirmEmailChange: confirmEmailChangeAnswers,
  deleteAccount: deleteAccountAnswers,
  listAuditLog: listAuditLogAnswers,
  listOrganizationAuditLog: listOrganizationAuditLogAnswers,
  listOrganizations: listOrganizationsAnswers,
  createOrganization: createOrganizationAnswers,
  getOrganization: getOrganizationAnswers,
  updateOrganization: updateOrganizationAnswers,
  listSuppressedAddresses: listSuppressedAddressesAnswers,
  startExport: startExportAnswers,
  getExport: getExportAnswers,
};

const builtAnswers = new Map<RouteDefinition, AnyResponseSchemas>();

/**
 * The schemas of a listed route's 2xx answers (status → schema), built on first use: the OpenAPI document and the
 * tests read them here, as no handler's bundle holds them.
 */
export function answerSchemasOf(route: RouteDefinition): AnyResponseSchemas {
  const built = builtAnswers.get(route);
  if (built) return built;
  const id = route.id as RouteId;
  if (routes[id] !== route)
    throw new Error(`route ${route.id} is not in the route list (functions/routes.ts)`);
  const schemas: AnyResponseSchemas = answers[id]();
  builtAnswers.set(route, schemas);
  return schemas;
}
