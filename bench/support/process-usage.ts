import { existsSync, readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time and memory of other processes, read from Linux's /proc (the load bench measures the API process,
 * cognito-local and DynamoDB Local from outside). On other systems `available` is false and the figures are 0.
 */

/** Linux reports utime/stime in clock ticks of 1/100 s on every common platform (`getconf CLK_TCK`). */
const TICKS_PER_SECOND = 100;

export const procAvailable = existsSync('/proc/self/stat');

export interface ProcessUsage {
  /** User + system CPU time since the process started, ms. */
  readonly cpuMs: number;
  /** Resident set size now, and its peak (VmHWM), MB. */
  readonly rssMb: number;
  readonly peakRssMb: number;
}

export function processUsage(pid: number): ProcessUsage {
  if (!procAvailable) return { cpuMs: 0, rssMb: 0, peakRssMb: 0 };
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces; the fields after its closing parenthesis are fixed.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
    return {
      cpuMs: (ticks * 1000) / TICKS_PER_SECOND,
      rssMb: kb('VmRSS') / 1024,
      peakRssMb: kb('VmHWM') / 1024,
    };
  } catch {
    return { cpuMs: 0, rssMb: 0, peakRssMb: 0 };
  }
}

/** The process's descendants with their command lines. */
export function descendants(pid: number): { readonly pid: number; readonly command: string }[] {
  if (!procAvailable) return [];
  const found: { pid: number; command: string }[] = [];
  const visit = (parent: number) => {
    for (const child of childrenOf(parent)) {
      const command = commandOf(child);
      if (command === undefined) continue;
      found.push({ pid: child, command });
      visit(child);
    }
  };
  visit(pid);
  return found;
}

function commandOf(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return undefined;
  }
}

function childrenOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((task) =>
      readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean).map(Number),
    );
  } catch {
    return [];
  }
}
