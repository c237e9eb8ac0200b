import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { SETTINGS_CONTEXT, settingsFromContext } from '../../lib/portico-stack';
import { buildPorticoApp, CDK_JSON_CONTEXT, onlyResource, synthPortico } from './support/portico-app';

const settingsOf = (context: Record<string, unknown>) => settingsFromContext(new App({ context }));

const EDGE_ACL_ARN = 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/portico-edge/0a1b2c3d';

describe('deployment settings', () => {
  it('default to the local web client, the example mail domain and a two-business-day review', () => {
    expect(settingsOf({})).toEqual({
      mailDomain: 'portico.example',
      portalUrl: 'http://localhost:5173',
      webOrigin: 'http://localhost:5173',
      reviewerEmail: 'reviewers@portico.example',
      reviewBusinessDays: 2,
      alarmEmail: 'operations@portico.example',
      cloudFrontWebAclArn: undefined,
    });
  });

  it('are declared in cdk.json with the same defaults, except the reviewers address derived from the mail domain', () => {
    for (const { key, fallback } of Object.values(SETTINGS_CONTEXT)) {
      if (fallback === undefined) expect(CDK_JSON_CONTEXT).not.toHaveProperty([key]);
      else expect(CDK_JSON_CONTEXT[key]).toBe(fallback);
    }
    expect(SETTINGS_CONTEXT.reviewerEmail.fallback).toBeUndefined();
  });

  it('send reviewer email to reviewers@<mailDomain> unless portico:reviewerEmail is set', () => {
    expect(settingsOf({ 'portico:mailDomain': 'Mail.Example.org' }).reviewerEmail).toBe(
      'reviewers@mail.example.org',
    );
    expect(
      settingsOf({ 'portico:mailDomain': 'mail.example.org', 'portico:reviewerEmail': ' desk@example.com ' })
        .reviewerEmail,
    ).toBe('desk@example.com');
  });

  it.each([
    [5, 5],
    ['5', 5],
    [1, 1],
    [10, 10],
  ])('take portico:reviewBusinessDays = %j (cdk.json number or -c string) as %i days', (value, days) => {
    expect(settingsOf({ 'portico:reviewBusinessDays': value }).reviewBusinessDays).toBe(days);
  });

  it('come from the portico:* context', () => {
    expect(
      settingsOf({
        'portico:mailDomain': 'Mail.Example.org',
        'portico:portalUrl': 'https://portal.example.org/start',
        'portico:webOrigin': 'https://portal.example.org',
        'portico:reviewerEmail': 'review-desk@example.org',
        'portico:reviewBusinessDays': 3,
        'portico:alarmEmail': 'oncall@example.org',
        'portico:cloudFrontWebAclArn': EDGE_ACL_ARN,
      }),
    ).toEqual({
      mailDomain: 'mail.example.org',
      portalUrl: 'https://portal.example.org/start',
      webOrigin: 'https://portal.example.org',
      reviewerEmail: 'review-desk@example.org',
      reviewBusinessDays: 3,
      alarmEmail: 'oncall@example.org',
      cloudFrontWebAclArn: EDGE_ACL_ARN,
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
    ['portico:reviewerEmail', 'reviewers', /portico:reviewerEmail.*email address/],
    ['portico:reviewerEmail', 'reviewers@', /portico:reviewerEmail.*email address/],
    ['portico:reviewerEmail', '', /portico:reviewerEmail.*non-empty/],
    ['portico:reviewerEmail', 42, /portico:reviewerEmail.*non-empty string/],
    ['portico:reviewBusinessDays', 0, /portico:reviewBusinessDays.*whole number of days from 1 to 10/],
    ['portico:reviewBusinessDays', 11, /portico:reviewBusinessDays.*from 1 to 10, got 11/],
    ['portico:reviewBusinessDays', 2.5, /portico:reviewBusinessDays.*whole number/],
    ['portico:reviewBusinessDays', '-1', /portico:reviewBusinessDays/],
    ['portico:reviewBusinessDays', 'two', /portico:reviewBusinessDays.*got "two"/],
    ['portico:reviewBusinessDays', '', /portico:reviewBusinessDays/],
    ['portico:reviewBusinessDays', true, /portico:reviewBusinessDays/],
  ])('reject %s = %j with a message naming the key', (key, value, message) => {
    expect(() => settingsOf({ [key]: value })).toThrow(message);
  });
});

describe('the Portico app', () => {
  it('refuses to build with an invalid setting, naming the key', () => {
    expect(() => buildPorticoApp({ context: { 'portico:reviewBusinessDays': 0 } })).toThrow(
      /portico:reviewBusinessDays/,
    );
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
