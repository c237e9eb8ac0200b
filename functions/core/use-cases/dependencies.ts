import type { CodeRules } from '../config';
import type {
  AccountStore,
  Clock,
  CodeSecret,
  IdentityProvider,
  Mailer,
  OrganizationDirectory,
} from '../ports';

/** Everything the use cases may need; each use case takes only the part it uses. */
export interface Dependencies {
  readonly accounts: AccountStore;
  readonly organizations: OrganizationDirectory;
  readonly identity: IdentityProvider;
  readonly mailer: Mailer;
  readonly codeSecret: CodeSecret;
  readonly clock: Clock;
  readonly codeRules: CodeRules;
  readonly portalUrl: string;
}
