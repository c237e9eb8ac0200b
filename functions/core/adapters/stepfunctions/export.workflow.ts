import { ExecutionAlreadyExists, StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import type { ExportJobRef, ExportWorkflow } from '../../ports';
import { WorkflowUnavailableError } from '../../ports';
import { isUnavailable } from '../aws-errors';

/** Starts the export state machine; the execution is named after the job, so starting it twice is one run. */
export class StepFunctionsExportWorkflow implements ExportWorkflow {
  constructor(
    private readonly client: SFNClient,
    private readonly stateMachineArn: string,
  ) {}

  async start(job: ExportJobRef): Promise<void> {
    try {
      await this.client.send(
        new StartExecutionCommand({
          stateMachineArn: this.stateMachineArn,
          name: job.exportId,
          input: JSON.stringify({
            organizationId: job.organizationId,
            ownerId: job.ownerId,
            exportId: job.exportId,
          }),
        }),
      );
    } catch (error) {
      if (error instanceof ExecutionAlreadyExists) return;
      if (isUnavailable(error))
        throw new WorkflowUnavailableError('the export workflow cannot be started now');
      throw error;
    }
  }
}
