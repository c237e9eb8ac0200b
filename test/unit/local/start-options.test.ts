import { describe, expect, it } from 'vitest';
import { parseStartArgs, START_USAGE } from '../../../local/start-options';

describe("npm start's flags", () => {
  it('starts with nothing asked: every setting is the stack default', () => {
    expect(parseStartArgs([], {})).toEqual({
      kind: 'start',
      settings: { ports: {}, json: false, quiet: false },
    });
  });

  it('reads every flag, a flag winning over its PORTICO_* variable', () => {
    const command = parseStartArgs(
      [
        '--api-port=3100',
        '--s3-port',
        '0',
        '--data-dir',
        '/tmp/portico',
        '--review-day-seconds',
        '30',
        '--review-check-seconds',
        '2',
        '--job-speedup',
        '1.5',
        '--demo-products',
        '0',
        '--quiet',
      ],
      { PORTICO_API_PORT: '3200', PORTICO_COGNITO_PORT: '9300', PORTICO_DEMO_PRODUCTS: '50' },
    );

    expect(command).toEqual({
      kind: 'start',
      settings: {
        dataDirectory: '/tmp/portico',
        ports: { api: 3100, cognito: 9300, s3: 0 },
        reviewDaySeconds: 30,
        reviewCheckIntervalSeconds: 2,
        jobSpeedup: 1.5,
        demoProducts: 0,
        json: false,
        quiet: true,
      },
    });
  });

  it('prints its usage for --help and -h: every port with its default and variable, every flag', () => {
    for (const flag of ['--help', '-h']) {
      expect(parseStartArgs([flag], {})).toEqual({ kind: 'help', text: START_USAGE });
    }
    expect(START_USAGE).toContain('--api-port <port>');
    expect(START_USAGE).toMatch(/--s3-port <port> +S3 \(s3rver\) \(4569; PORTICO_S3_PORT\)/);
    for (const flag of ['--data-dir', '--demo-products', '--job-speedup', '--quiet', '--json']) {
      expect(START_USAGE).toContain(flag);
    }
  });

  it.each([
    [['--api-prot', '3100'], "Unknown option '--api-prot'"],
    [['--data-dir'], "Option '--data-dir <value>' argument missing"],
    [['extra'], "Unexpected argument 'extra'"],
    [['--api-port', 'abc'], '--api-port must be a port number from 0 to 65535 (0 picks a free one), got abc'],
    [['--ses-port', '70000'], '--ses-port must be a port number from 0 to 65535'],
    [['--dynamodb-port', '-1'], "Option '--dynamodb-port' argument is ambiguous"],
    [['--review-day-seconds', '0'], '--review-day-seconds must be a whole number (1 or more), got 0'],
    [['--review-check-seconds', '2.5'], '--review-check-seconds must be a whole number (1 or more)'],
    [['--job-speedup', '0'], '--job-speedup must be a number above 0, got 0'],
    [['--demo-products', 'many'], '--demo-products must be a whole number (0 or more), got many'],
  ])('refuses %j with what is wrong, then the usage', (args, reason) => {
    const command = parseStartArgs(args, {});

    expect(command.kind).toBe('usage-error');
    const text = (command as { text: string }).text;
    expect(text).toContain(reason);
    expect(text).toContain(START_USAGE);
  });

  it('refuses a bad review day or check interval in its variable, saying which variable', () => {
    for (const [variable, flag] of [
      ['REVIEW_DAY_SECONDS', '--review-day-seconds'],
      ['REVIEW_CHECK_INTERVAL_SECONDS', '--review-check-seconds'],
    ] as const) {
      const command = parseStartArgs([], { [variable]: 'soon' });

      expect(command).toMatchObject({ kind: 'usage-error' });
      expect((command as { text: string }).text).toContain(
        `${flag} must be a whole number (1 or more), got soon (from ${variable})`,
      );
    }
    expect(parseStartArgs([], { REVIEW_DAY_SECONDS: '30' })).toMatchObject({
      kind: 'start',
      settings: { reviewDaySeconds: 30 },
    });
  });

  it('refuses a bad port in its variable as in its flag', () => {
    const command = parseStartArgs([], { PORTICO_API_PORT: 'three thousand' });

    expect(command).toMatchObject({ kind: 'usage-error' });
    expect((command as { text: string }).text).toContain('--api-port must be a port number');
    expect((command as { text: string }).text).toContain('(from PORTICO_API_PORT)');
  });
});
