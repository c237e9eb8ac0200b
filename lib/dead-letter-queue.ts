import { Duration, Validations } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/**
 * A dead-letter queue: encrypted, TLS only, messages kept 14 days. cdk-nag's SQS3 (a queue without its own
 * dead-letter queue) is acknowledged: a dead-letter queue of a dead-letter queue would only move the same
 * messages again. `of` names what sends to it, for the acknowledgement.
 */
export function deadLetterQueue(scope: Construct, id: string, of: string): Queue {
  const queue = new Queue(scope, id, {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  Validations.of(queue).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason:
      `This queue is itself the dead-letter queue of ${of}; a dead-letter queue of a dead-letter queue would ` +
      'only move the same messages again.',
  });
  return queue;
}
