import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { StructuredLogger } from '../../../functions/core/logger';
import {
  ACTIVATION_OUTCOMES,
  embeddedMetric,
  METRICS,
  METRICS_NAMESPACE,
  MetricsRecorder,
  metricsEnabled,
} from '../../../functions/core/metrics';

const NOW = Date.parse('2026-12-05T09:00:00.000Z');

function capture(level?: string) {
  const lines: string[] = [];
  const logger = new StructuredLogger({
    serviceName: 'portico',
    level,
    write: (line) => lines.push(line),
    now: () => new Date(NOW),
  });
  const recorder = new MetricsRecorder(logger, { now: () => NOW });
  const entries = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { recorder, entries };
}

describe('metrics (CloudWatch Embedded Metric Format)', () => {
  it('writes one EMF line per event: namespace, the service dimension, the unit and the value', () => {
    const { recorder, entries } = capture();

    recorder.count('SignUps');

    expect(entries()).toEqual([
      expect.objectContaining({
        _aws: {
          Timestamp: NOW,
          CloudWatchMetrics: [
            {
              Namespace: METRICS_NAMESPACE,
              Dimensions: [['service']],
              Metrics: [{ Name: 'SignUps', Unit: 'Count' }],
            },
          ],
        },
        service: 'portico',
        SignUps: 1,
        message: 'metric SignUps',
      }),
    ]);
  });

  it('publishes a metric counted by outcome both in total and per outcome', () => {
    const { recorder, entries } = capture();

    recorder.count('Activations', 'division');

    const [entry] = entries();
    expect(entry).toMatchObject({ Activations: 1, outcome: 'division', service: 'portico' });
    expect(entry?._aws).toMatchObject({
      CloudWatchMetrics: [{ Dimensions: [['service'], ['service', 'outcome']] }],
    });
  });

  it('writes gauges with their own unit', () => {
    const { recorder, entries } = capture();

    recorder.gauge('OldestOpenReviewAge', 7200);

    expect(entries()[0]).toMatchObject({
      OldestOpenReviewAge: 7200,
      _aws: { CloudWatchMetrics: [{ Metrics: [{ Name: 'OldestOpenReviewAge', Unit: 'Seconds' }] }] },
    });
  });

  it('keeps metrics at every log level but SILENT (lowering the level must not hide them)', () => {
    const warn = capture('ERROR');
    warn.recorder.count('EmailsFailed');
    expect(warn.entries()).toHaveLength(1);

    const silent = capture('SILENT');
    silent.recorder.count('EmailsFailed');
    expect(silent.entries()).toHaveLength(0);
  });

  it('writes nothing when POWERTOOLS_METRICS_DISABLED is true (the local runtime)', () => {
    const lines: string[] = [];
    const logger = new StructuredLogger({ serviceName: 'portico', write: (line) => lines.push(line) });
    const recorder = new MetricsRecorder(logger, {
      enabled: metricsEnabled({ POWERTOOLS_METRICS_DISABLED: 'true' }),
    });

    recorder.count('SignUps');

    expect(lines).toEqual([]);
    expect(metricsEnabled({})).toBe(true);
    expect(metricsEnabled({ POWERTOOLS_METRICS_DISABLED: 'false' })).toBe(true);
  });

  it('declares the activation outcomes the issue names, and a unit and a documented meaning for every metric', () => {
    expect(ACTIVATION_OUTCOMES).toEqual(['single', 'division', 'review', 'invitation']);
    const operations = readFileSync('docs/operations.md', 'utf8');
    for (const [name, definition] of Object.entries(METRICS)) {
      expect(['Count', 'Seconds'], name).toContain(definition.unit);
      const row = new RegExp(`\\| \`${name}\` +\\| ${definition.unit} +\\| [^|]{10,}\\|`);
      expect(operations, `${name} has a row in docs/operations.md`).toMatch(row);
      const object = embeddedMetric(name as keyof typeof METRICS, 1, NOW);
      expect(object[name]).toBe(1);
    }
  });
});
