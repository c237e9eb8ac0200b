import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';

/**
 * Does what API Gateway's Cognito user pools authorizer does for the local server: checks the ID token's
 * signature against the pool's JWKS, its issuer, expiry and `token_use`, and hands the claims on as strings.
 */
export interface TokenAuthorizer {
  authorize(authorizationHeader: string | undefined): Promise<Record<string, string> | undefined>;
}

export function cognitoAuthorizer(options: {
  issuer: string;
  clientIds: readonly string[];
}): TokenAuthorizer {
  const jwks = createRemoteJWKSet(new URL(`${options.issuer}/.well-known/jwks.json`));
  return {
    async authorize(header) {
      const token = header?.replace(/^Bearer\s+/i, '').trim();
      if (!token) return undefined;
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, jwks, { issuer: options.issuer }));
      } catch {
        return undefined;
      }
      const audience = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
      if (payload['token_use'] !== 'id' || !audience.some((aud) => aud && options.clientIds.includes(aud))) {
        return undefined;
      }
      // API Gateway (REST) passes every claim to the function as a string.
      return Object.fromEntries(
        Object.entries(payload).map(([name, value]) => [
          name,
          typeof value === 'string' ? value : JSON.stringify(value),
        ]),
      );
    },
  };
}
