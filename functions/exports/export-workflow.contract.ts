/**
 * The contract between the export state machine (lib/export-workflow.ts) and the export function
 * (export-task.handler.ts): each Task state invokes the function with `{ task, organizationId, ownerId,
 * exportId }`, the task named here. The local runtime checks the synthesized definition against it.
 */
export const EXPORT_TASK_STATES = {
  RunExport: 'run',
  RecordFailure: 'record-failure',
} as const;

export type ExportTaskState = keyof typeof EXPORT_TASK_STATES;
export const EXPORT_TASKS = ['run', 'record-failure'] as const;

/**
 * The export function's NODE_OPTIONS (lib/export-workflow.ts), with which `npm run bench -- exports` runs its
 * bundle too. Its memory is then flat in the number of products (docs/performance.md, "Background exports:
 * memory flat in the number of products", 2026-12-07): peak RSS 70–80 MB from 1,000 to 50,000 products, where
 * V8's defaults grew it from 75 to 118 MB.
 *
 * - `--max-semi-space-size=1`: V8 grows the young generation's semi-spaces with the allocation rate, and 50
 *   pages of DynamoDB answers in a row are a fast allocator (heap committed 29 MB at 1,000 products, 58 MB at
 *   50,000). Capped at 1 MB, garbage is collected young: more scavenges (about 15 per 1,000 products), each
 *   short.
 * - `--max-old-space-size=768`: without it the old generation is sized from the machine's memory and collected
 *   rarely (the cap above alone still grew to 114 MB); any size from 64 MB to 922 MB measured the same. Named,
 *   it also means Lambda's runtime adds no heap sizes of its own (its bootstrap adds them unless NODE_OPTIONS
 *   names one), so the bench measures exactly what Lambda runs. Three quarters of the function's 1,024 MB; the
 *   live data is one page of rows.
 */
export const EXPORT_FUNCTION_NODE_OPTIONS = '--max-semi-space-size=1 --max-old-space-size=768';
