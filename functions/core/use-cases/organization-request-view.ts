import type { OrganizationRequest } from '../domain/organization-request';

/**
 * How a request is shown to the people waiting for it: its stage and dates, the outcome and, when it was
 * rejected, the reason; never who reviewed it or their notes.
 */
export function requesterRequestView(request: OrganizationRequest) {
  return {
    requestId: request.requestId,
    stage: request.stage,
    domain: request.domain,
    organization: {
      legalName: request.organization.legalName,
      country: request.organization.country,
      website: request.organization.website,
    },
    submittedAt: request.submittedAt,
    decisionExpectedBy: request.escalateAt ?? null,
    expiresAt: request.expiresAt ?? null,
    outcome: request.decision
      ? {
          decision: request.decision.outcome,
          decidedAt: request.decision.decidedAt,
          ...(request.decision.outcome === 'REJECTED' ? { reason: request.decision.reason ?? null } : {}),
        }
      : null,
    closedReason: request.closedReason ?? null,
    ...(request.mergedInto ? { mergedInto: request.mergedInto } : {}),
  };
}

export type RequesterRequestView = ReturnType<typeof requesterRequestView>;

/** What operators see: everything, including requesters, the recorded decision and the history. */
export function operatorRequestView(request: OrganizationRequest) {
  return {
    requestId: request.requestId,
    stage: request.stage,
    domain: request.domain,
    organization: request.organization,
    organizationId: request.organizationId,
    requesters: request.requesters,
    submittedAt: request.submittedAt,
    updatedAt: request.updatedAt,
    escalateAt: request.escalateAt ?? null,
    expiresAt: request.expiresAt ?? null,
    decision: request.decision ?? null,
    mergedInto: request.mergedInto ?? null,
    closedReason: request.closedReason ?? null,
    attention: request.attention ?? null,
    history: request.history,
  };
}
