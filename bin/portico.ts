import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { PorticoStack, settingsFromContext } from '../lib/portico-stack';

// The CDK app: one stack, checked by cdk-nag's AWS Solutions rules. Every finding is either fixed or
// acknowledged with a reason at the construct it concerns; an unacknowledged one fails `cdk synth`.
const app = new App();

new PorticoStack(app, 'Portico', {
  ...settingsFromContext(app),
  description: 'Portico: serverless onboarding of customer companies into the enterprise support portal',
});

Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
