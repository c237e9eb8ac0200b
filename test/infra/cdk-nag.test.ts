import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Validations } from 'aws-cdk-lib';
import { AttributeType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PorticoStack } from '../../lib/portico-stack';
import { buildPorticoApp } from './support/portico-app';

interface Finding {
  readonly plugin: string;
  readonly rule: string;
  readonly severity: string;
  readonly paths: readonly string[];
}

interface ValidationReport {
  readonly pluginReports: {
    readonly pluginName: string;
    readonly violations: {
      readonly ruleName: string;
      readonly severity: string;
      readonly violatingConstructs: { readonly constructPath: string }[];
    }[];
  }[];
}

/**
 * Synthesizes the app as bin/portico.ts does (cdk-nag 3 runs as a CDK validation plugin) and returns what the
 * validation report lists: cdk-nag findings of any severity, CloudFormation Validate findings and construct
 * warnings. cdk-nag 3 fails synthesis on any finding, so `error` is set whenever the list is not empty.
 */
function synthWithNag(addToStack?: (stack: PorticoStack) => void): { error: unknown; findings: Finding[] } {
  const { app, stack } = buildPorticoApp({ validate: true });
  addToStack?.(stack);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  let error: unknown;
  try {
    app.synth();
  } catch (caught) {
    error = caught;
  }
  const report = JSON.parse(
    readFileSync(path.join(app.outdir, 'validation-report.json'), 'utf8'),
  ) as ValidationReport;
  const findings = report.pluginReports.flatMap((plugin) =>
    plugin.violations.map((violation) => ({
      plugin: plugin.pluginName,
      rule: violation.ruleName,
      severity: violation.severity,
      paths: violation.violatingConstructs.map((construct) => construct.constructPath),
    })),
  );
  return { error, findings };
}

describe('cdk-nag (AWS Solutions)', () => {
  it('finds nothing unacknowledged in the Portico app, and synthesis succeeds', () => {
    const { error, findings } = synthWithNag();
    expect(findings).toEqual([]);
    expect(error).toBeUndefined();
  });

  describe('when a finding is not acknowledged', () => {
    // cdk-nag prints the failing report to stderr before synthesis throws; keep the test output readable.
    beforeEach(() => {
      vi.spyOn(console, 'error').mockImplementation(() => undefined);
    });
    afterEach(() => {
      vi.restoreAllMocks();
    });

    it('fails synthesis on an error-level finding and reports it at its construct', () => {
      const { error, findings } = synthWithNag((stack) => new Secret(stack, 'UnacknowledgedSecret'));
      expect(error).toBeInstanceOf(Error);
      expect(findings).toEqual([
        {
          plugin: 'AwsSolutions',
          rule: 'AwsSolutions-SMG4',
          severity: 'error',
          paths: ['Portico/UnacknowledgedSecret/Resource'],
        },
      ]);
    });

    it('fails synthesis on a warning-level finding too', () => {
      const { error, findings } = synthWithNag(
        (stack) =>
          new Table(stack, 'TableWithoutRecovery', {
            partitionKey: { name: 'pk', type: AttributeType.STRING },
          }),
      );
      expect(error).toBeInstanceOf(Error);
      expect(findings).toEqual([
        expect.objectContaining({
          rule: 'AwsSolutions-DDB3',
          severity: 'warning',
          paths: ['Portico/TableWithoutRecovery/Resource'],
        }),
      ]);
    });

    it('keeps each acknowledgement on its own construct: a second secret beside the code secret is reported', () => {
      const { findings } = synthWithNag((stack) => new Secret(stack.data, 'SecondSecret'));
      expect(findings).toEqual([
        expect.objectContaining({ rule: 'AwsSolutions-SMG4', paths: ['Portico/Data/SecondSecret/Resource'] }),
      ]);
    });
  });
});
