import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { FEEDBACK_RETRY_ATTEMPTS } from '../../lib/email';
import { arnOf, logicalIdOf, onlyResource, synthPortico } from './support/portico-app';

const { stack, template, merged } = synthPortico();
const { email, emailFeedback } = stack;
const configurationSetName = { Ref: logicalIdOf(email.configurationSet) };

describe('email: identity, configuration set and bounce/complaint handling', () => {
  it('sends from the domain identity with the configuration set as its default', () => {
    template.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'portico.example',
      ConfigurationSetAttributes: { ConfigurationSetName: configurationSetName },
    });
  });

  it('publishes reputation metrics (the bounce and complaint rate alarms read them)', () => {
    expect(onlyResource(template, 'AWS::SES::ConfigurationSet').Properties).toMatchObject({
      ReputationOptions: { ReputationMetricsEnabled: true },
      SendingOptions: { SendingEnabled: true },
    });
  });

  it('sends hard bounces and complaints, and nothing else, to the default event bus', () => {
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      ConfigurationSetName: configurationSetName,
      EventDestination: {
        Enabled: true,
        MatchingEventTypes: ['bounce', 'complaint'],
        EventBridgeDestination: {
          EventBusArn: Match.objectLike({
            'Fn::Join': Match.arrayWith([Match.arrayWith([':event-bus/default'])]),
          }),
        },
      },
    });
  });

  it("routes this configuration set's bounces and complaints to the feedback function, with retries and a DLQ", () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.ses'],
        'detail-type': ['Email Bounced', 'Email Complaint Received'],
        detail: { mail: { tags: { 'ses:configuration-set': [configurationSetName] } } },
      },
      Targets: [
        Match.objectLike({
          Arn: arnOf(emailFeedback.feedbackFunction.function),
          RetryPolicy: { MaximumRetryAttempts: FEEDBACK_RETRY_ATTEMPTS, MaximumEventAgeInSeconds: 86400 },
          DeadLetterConfig: { Arn: arnOf(emailFeedback.deadLetterQueue) },
        }),
      ],
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: logicalIdOf(emailFeedback.feedbackFunction.function) },
      DestinationConfig: { OnFailure: { Destination: arnOf(emailFeedback.deadLetterQueue) } },
    });
  });

  it('lets every sender send from the identity and its configuration set only', () => {
    // Every sender: the route functions' policies are in nested stacks, so read the merged view.
    const policies = merged.findResources('AWS::IAM::Policy');
    const sesStatements = Object.values(policies).flatMap((policy) =>
      (
        policy as { Properties: { PolicyDocument: { Statement: { Action: unknown; Resource: unknown }[] } } }
      ).Properties.PolicyDocument.Statement.filter((statement) =>
        JSON.stringify(statement.Action).includes('ses:'),
      ),
    );
    expect(sesStatements.length).toBeGreaterThan(3);
    for (const statement of sesStatements) {
      expect(statement.Action).toBe('ses:SendEmail');
      expect(JSON.stringify(statement.Resource)).toContain(':identity/');
      expect(JSON.stringify(statement.Resource)).toContain(':configuration-set/');
    }
  });
});
