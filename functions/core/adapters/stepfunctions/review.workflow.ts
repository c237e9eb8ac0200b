import { ExecutionAlreadyExists, StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import type { ReviewWorkflow } from '../../ports';
import { WorkflowUnavailableError } from '../../ports';
import { isUnavailable } from '../aws-errors';

/**
 * Starts the organization review state machine. The execution is named after the request (and the attempt
 * when a job restarts it), so starting the same attempt twice is one execution.
 */
export class StepFunctionsReviewWorkflow implements ReviewWorkflow {
  constructor(
    private readonly client: SFNClient,
    private readonly stateMachineArn: string,
  ) {}

  async start(requestId: string, attempt: number): Promise<void> {
    try {
      await this.client.send(
        new StartExecutionCommand({
          stateMachineArn: this.stateMachineArn,
          name: attempt === 0 ? requestId : `${requestId}-restart-${attempt}`,
          input: JSON.stringify({ requestId }),
        }),
      );
    } catch (error) {
      if (error instanceof ExecutionAlreadyExists) return;
      if (isUnavailable(error))
        throw new WorkflowUnavailableError('the review workflow cannot be started now');
      throw error;
    }
  }
}
