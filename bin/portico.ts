import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildPorticoApp } from '../lib/portico-app';

// The CDK app: one stack, checked by cdk-nag's AWS Solutions rules. Every finding is either fixed or
// acknowledged with a reason at the construct it concerns; an unacknowledged one fails `cdk synth`.
const { app } = buildPorticoApp();

Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
