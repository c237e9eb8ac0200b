import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { SETTINGS_CONTEXT, settingsFromContext } from '../../lib/portico-stack';
import { CDK_JSON_CONTEXT, onlyResource, synthPortico } from './support/portico-app';

const settingsOf = (context: Record<string, unknown>) => settingsFromContext(new App({ context }));

describe('deployment settings', () => {
  it('default to the local web client and the example mail domain', () => {
    expect(settingsOf({})).toEqual({
      mailDomain: 'portico.example',
      portalUrl: 'http://localhost:5173',
      webOrigin: 'http://localhost:5173',
    });
  });

  it('are declared in cdk.json with the same defaults', () => {
    for (const { key, fallback } of Object.values(SETTINGS_CONTEXT))
      expect(CDK_JSON_CONTEXT[key]).toBe(fallback);
  });

  it('come from the portico:* context', () => {
    expect(
      settingsOf({
        'portico:mailDomain': 'Mail.Example.org',
        'portico:portalUrl': 'https://portal.example.org/start',
        'portico:webOrigin': 'https://portal.example.org',
      }),
    ).toEqual({
      mailDomain: 'mail.example.org',
      portalUrl: 'https://portal.example.org/start',
      webOrigin: 'https://portal.example.org',
    });
  });

  it.each([
    ['portico:mailDomain', 'not a domain', /portico:mailDomain.*domain name/],
    ['portico:mailDomain', 'no-reply@portico.example', /portico:mailDomain/],
    ['portico:portalUrl', 'portal.example.org', /portico:portalUrl.*http\(s\) URL/],
    ['portico:portalUrl', 'ftp://portal.example.org', /portico:portalUrl/],
    ['portico:webOrigin', 'https://portal.example.org/', /portico:webOrigin.*origin/],
    ['portico:webOrigin', 'https://portal.example.org/app', /portico:webOrigin/],
    ['portico:webOrigin', '', /portico:webOrigin.*non-empty/],
  ])('reject %s = %j with a message naming the key', (key, value, message) => {
    expect(() => settingsOf({ [key]: value })).toThrow(message);
  });
});

describe('the SES identity', () => {
  it('is the domain of portico:mailDomain', () => {
    const { template } = synthPortico({ context: { 'portico:mailDomain': 'mail.example.org' } });
    expect(onlyResource(template, 'AWS::SES::EmailIdentity').Properties?.EmailIdentity).toBe(
      'mail.example.org',
    );
  });
});
