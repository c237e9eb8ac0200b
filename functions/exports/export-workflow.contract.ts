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

/** The export function's NODE_OPTIONS (lib/export-workflow.ts); the export bench runs its bundle with them. */
export const EXPORT_FUNCTION_NODE_OPTIONS = '';
