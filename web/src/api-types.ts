import type { paths } from './api-schema';

/**
 * The shapes of the Portico API, each named from the types generated from the OpenAPI document
 * (api-schema.ts, `npm run openapi`): nothing here is typed by hand, so a field the API drops or renames breaks
 * the web client's typecheck. `Operation`, `AnswerOf` and `BodyOf` also type the client itself (api.ts).
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type ApiPath = keyof paths;

/** The operation at `method path`; never when there is none. */
export type Operation<M extends HttpMethod, P extends ApiPath> = NonNullable<paths[P][Lowercase<M>]>;

/** The paths that take `method`. */
export type PathsOf<M extends HttpMethod> = {
  [P in ApiPath]: [Operation<M, P>] extends [never] ? never : P;
}[ApiPath];

type JsonContent<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;

/** What a successful answer holds: the JSON of its 2xx statuses (undefined for a 204). */
export type AnswerOf<M extends HttpMethod, P extends ApiPath> =
  Operation<M, P> extends { responses: infer Responses }
    ? {
        [Status in keyof Responses]: Status extends 204
          ? undefined
          : Status extends 200 | 201 | 202
            ? JsonContent<Responses[Status]>
            : never;
      }[keyof Responses]
    : never;

/** The JSON body the operation takes; never when it takes none. */
export type BodyOf<M extends HttpMethod, P extends ApiPath> =
  Operation<M, P> extends { requestBody: infer Body } ? JsonContent<NonNullable<Body>> : never;

/** The query parameters the operation takes; never when it takes none. */
export type QueryOf<M extends HttpMethod, P extends ApiPath> =
  Operation<M, P> extends { parameters: { query?: infer Query } } ? NonNullable<Query> : never;

/** The `{name}` parameters of the path; never when it has none. */
export type PathParametersOf<M extends HttpMethod, P extends ApiPath> =
  Operation<M, P> extends { parameters: { path: infer Parameters } } ? Parameters : never;

export type Account = AnswerOf<'GET', '/v1/me'>;
export type OnboardingState = Account['state'];
export type AccessType = NonNullable<Account['accessType']>;
export type PartnerLink = NonNullable<Account['partnerProgramme']>['links'][number];
export type OrganizationRequestView = NonNullable<Account['organizationRequest']>;
export type ReviewStage = OrganizationRequestView['stage'];

export type SignUpBody = BodyOf<'POST', '/v1/signup'>;
export type RegistrationBody = BodyOf<'PUT', '/v1/me/registration'>;
export type PostalAddress = RegistrationBody['address'];
export type RegistrationAnswer = AnswerOf<'PUT', '/v1/me/registration'>;
export type OrganizationCandidate = Extract<
  RegistrationAnswer,
  { outcome: 'CHOOSE_ORGANIZATION' }
>['candidates'][number];
export type OrganizationRequestBody = BodyOf<'POST', '/v1/organization-requests'>;

export type Summary = AnswerOf<'GET', '/v1/portal/summary'>;
export type Counts = Summary['totals'];
export type GroupEntry = Summary['groups'][number];
export type MemberRole = Summary['member']['role'];

export type Group = AnswerOf<'GET', '/v1/portal/groups/{groupId}'>;
export type GroupDefinition = Group['definition'];
export type GroupKind = Group['kind'];

/** A page of any of the portal's lists: its items, and the cursor of the next page while there is one. */
export type Page<Item> = Omit<AnswerOf<'GET', '/v1/portal/sites'>, 'items'> & { items: Item[] };
export type Site = AnswerOf<'GET', '/v1/portal/sites'>['items'][number];
export type Product = AnswerOf<'GET', '/v1/portal/products/{serviceTag}'>;
export type SupportStatus = Product['supportStatus'];
export type Member = AnswerOf<'GET', '/v1/portal/members'>['items'][number];

export type VisibilityRules = AnswerOf<'GET', '/v1/portal/visibility'>;
export type AllowList = VisibilityRules['sites'];

export type MembershipPolicy = AnswerOf<'GET', '/v1/portal/membership-policy'>['policy'];
export type JoinRequest = AnswerOf<'GET', '/v1/portal/join-requests'>['items'][number];
export type AuditEntry = AnswerOf<'GET', '/v1/portal/audit-log'>['items'][number];
export type AuditKind = AuditEntry['kind'];
