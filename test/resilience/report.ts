/** One line the README's "Security and reliability" table can quote: `[resilience] <test>: key=value …`. */
export function report(test: string, figures: Record<string, string | number | boolean>): void {
  const text = Object.entries(figures)
    .map(([key, value]) => `${key}=${value}`)
    .join(' ');
  process.stdout.write(`[resilience] ${test}: ${text}\n`);
}
