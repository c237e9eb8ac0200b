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
 * bundle too. Its memory is then flat in the number of products (docs/performance.md, "Memory flat in the
 * number of products", 2026-12-07): peak RSS about 79 MB from 4,000 to 50,000 products, where V8's defaults
 * grew it to about 120 MB.
 *
 * - `--max-semi-space-size=1`: V8 starts the young generation's semi-spaces at 1 MB and grows them, up to
 *   16 MB here and about 5–10 % of the function's memory under Lambda's own flags, while a fast allocator (the
 *   pages of DynamoDB answers) keeps running: what grew with the number of products was that young generation
 *   (heap committed 28 → 57 MB) and what it promoted. Capped at 1 MB, garbage is collected young: more
 *   scavenges (about 15 per 1,000 products), each short.
 * - `--max-old-space-size=768`: named so that Lambda's runtime adds no heap sizes of its own (its bootstrap adds
 *   both unless NODE_OPTIONS names either), so the bench measures exactly what Lambda runs; three quarters of
 *   the function's 1,024 MB, the rest for Buffers and code outside V8's heap. The live data is one page of rows
 *   (under 20 MB of heap at its peak), so any size from 64 MB up measured the same.
 */
export const EXPORT_FUNCTION_NODE_OPTIONS = '--max-semi-space-size=1 --max-old-space-size=768';
