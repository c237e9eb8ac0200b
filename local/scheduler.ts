/**
 * The local stand-in for the EventBridge schedules (lib/schedules.ts): one timer per job of the same table,
 * SCHEDULED_JOBS, each calling the jobs function's handler with `{ job }` as the rule would.
 *
 * The local clock runs `speedup` times faster: a job due every `everyMinutes` runs every
 * `everyMinutes * 60 / speedup` seconds, never more often than every `minIntervalSeconds`. A run of a job
 * never overlaps the previous run of the same job: the next one is timed from the end of the last.
 */

export interface ScheduledJobSpec {
  readonly everyMinutes: number;
}

export interface JobRun {
  readonly job: string;
  readonly ms: number;
  readonly result?: unknown;
  readonly error?: unknown;
}

export interface SchedulerOptions<TJob extends string> {
  readonly jobs: Readonly<Record<TJob, ScheduledJobSpec>>;
  readonly run: (job: TJob) => Promise<unknown>;
  /** How many times faster than on AWS the jobs run. */
  readonly speedup: number;
  /** Floor of the interval between two runs of a job. @default 5 */
  readonly minIntervalSeconds?: number;
  /** Called after every run, successful or not. */
  readonly onRun?: (run: JobRun) => void;
}

export interface Scheduler {
  /** Seconds between two runs of each job. */
  readonly intervals: Readonly<Record<string, number>>;
  /** Stops the timers and waits for the runs in progress. */
  stop(): Promise<void>;
}

export function localIntervalSeconds(everyMinutes: number, speedup: number, minIntervalSeconds = 5): number {
  return Math.max(minIntervalSeconds, (everyMinutes * 60) / speedup);
}

export function startScheduler<TJob extends string>(options: SchedulerOptions<TJob>): Scheduler {
  if (!(options.speedup > 0)) throw new Error(`the job speedup must be positive, not ${options.speedup}`);
  const names = Object.keys(options.jobs) as TJob[];
  const intervals = Object.fromEntries(
    names.map((job) => [
      job,
      localIntervalSeconds(options.jobs[job].everyMinutes, options.speedup, options.minIntervalSeconds),
    ]),
  ) as Record<TJob, number>;
  const timers = new Map<TJob, NodeJS.Timeout>();
  const inProgress = new Set<Promise<void>>();
  let stopped = false;

  const schedule = (job: TJob) => {
    if (stopped) return;
    timers.set(
      job,
      setTimeout(() => {
        const started = Date.now();
        const done = options.run(job).then(
          (result) => options.onRun?.({ job, ms: Date.now() - started, result }),
          (error: unknown) => options.onRun?.({ job, ms: Date.now() - started, error }),
        );
        const tracked = done
          .catch(() => undefined)
          .finally(() => {
            inProgress.delete(tracked);
            schedule(job);
          });
        inProgress.add(tracked);
      }, intervals[job] * 1000),
    );
  };
  names.forEach(schedule);

  return {
    intervals,
    async stop() {
      stopped = true;
      timers.forEach((timer) => clearTimeout(timer));
      timers.clear();
      await Promise.all(inProgress);
    },
  };
}
