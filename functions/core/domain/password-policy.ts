/**
 * The password rules, in one place: the Cognito user pool is configured from them (lib/identity.ts) and the
 * sign-up schema checks them first, so a weak password gets field-level detail instead of a Cognito error.
 */
export const PASSWORD_POLICY = {
  minLength: 12,
  maxLength: 128,
  requireLowercase: true,
  requireUppercase: true,
  requireDigits: true,
  requireSymbols: true,
} as const;

/** Cognito's own list of characters that count as symbols. */
const COGNITO_SYMBOLS = /[\^$*.[\]{}()?"!@#%&/\\,><':;|_~`=+-]/;

export function passwordPolicyViolations(password: string): string[] {
  const violations: string[] = [];
  if (password.length < PASSWORD_POLICY.minLength) {
    violations.push(`must be at least ${PASSWORD_POLICY.minLength} characters`);
  }
  if (password.length > PASSWORD_POLICY.maxLength) {
    violations.push(`must be at most ${PASSWORD_POLICY.maxLength} characters`);
  }
  if (!/[a-z]/.test(password)) violations.push('must contain a lowercase letter');
  if (!/[A-Z]/.test(password)) violations.push('must contain an uppercase letter');
  if (!/[0-9]/.test(password)) violations.push('must contain a digit');
  if (!COGNITO_SYMBOLS.test(password)) violations.push('must contain a symbol');
  if (/^\s|\s$/.test(password)) violations.push('must not begin or end with a space');
  return violations;
}
