import type { CodeRules, ReviewRules } from '../config';
import type {
  AccountStore,
  AdministratorContacts,
  Clock,
  CodeSecret,
  DueWorkIndex,
  IdentityProvider,
  Mailer,
  OrganizationDirectory,
  OrganizationRequestStore,
  ReviewWorkflow,
  SuppressionList,
} from '../ports';
import type { Locale } from '../i18n/locale';

/** Everything the use cases may need; each use case takes only the part it uses. */
export interface Dependencies {
  readonly accounts: AccountStore;
  readonly organizations: OrganizationDirectory;
  /** Who is told of a join request (the organization's administrators). */
  readonly administrators: AdministratorContacts;
  readonly requests: OrganizationRequestStore;
  readonly dueWork: DueWorkIndex;
  readonly workflow: ReviewWorkflow;
  readonly identity: IdentityProvider;
  readonly mailer: Mailer;
  readonly suppressions: SuppressionList;
  readonly codeSecret: CodeSecret;
  readonly clock: Clock;
  readonly codeRules: CodeRules;
  readonly reviewRules: ReviewRules;
  readonly reviewerEmail: string;
  readonly portalUrl: string;
  /**
   * The language of the answer's words (next steps, restrictions: docs/languages.md), the caller's as the HTTP
   * layer reads it; English when absent. Problems are translated apart (functions/http/problem.ts).
   */
  readonly locale?: Locale;
}

/** What the sign-up and one-time-code use cases need. */
export type OnboardingDependencies = Pick<
  Dependencies,
  'accounts' | 'organizations' | 'identity' | 'mailer' | 'codeSecret' | 'clock' | 'codeRules' | 'portalUrl'
>;
