/**
 * SES bounce and complaint events as EventBridge delivers them from a configuration set's event destination
 * (SES event publishing records under `detail`, with the envelope EventBridge adds). The handler and
 * integration tests drive the suppression function with these, since the local mailbox cannot bounce.
 */

const CONFIGURATION_SET = 'portico-mail';

function mail(to: string) {
  return {
    timestamp: '2026-12-05T08:59:58.000Z',
    source: 'no-reply@portico.example',
    sourceArn: 'arn:aws:ses:eu-central-1:111111111111:identity/portico.example',
    sendingAccountId: '111111111111',
    messageId: '0107019352a0e2b4-6a5c2f1e-0b0b-4c52-9b8e-1f0e2a7d0c11-000000',
    destination: [to],
    headersTruncated: false,
    headers: [
      { name: 'From', value: 'no-reply@portico.example' },
      { name: 'To', value: to },
      { name: 'Subject', value: 'Your Portico verification code' },
    ],
    commonHeaders: {
      from: ['no-reply@portico.example'],
      to: [to],
      messageId: '0107019352a0e2b4-6a5c2f1e-0b0b-4c52-9b8e-1f0e2a7d0c11-000000',
      subject: 'Your Portico verification code',
    },
    tags: {
      'ses:operation': ['SendEmail'],
      'ses:configuration-set': [CONFIGURATION_SET],
      'ses:source-ip': ['3.120.0.10'],
      'ses:from-domain': ['portico.example'],
      'ses:caller-identity': ['portico-signUp-role'],
    },
  };
}

function envelope(detailType: string, detail: unknown) {
  return {
    version: '0',
    id: 'c1b2a3d4-0000-4000-8000-00000000feed',
    'detail-type': detailType,
    source: 'aws.ses',
    account: '111111111111',
    time: '2026-12-05T09:00:00Z',
    region: 'eu-central-1',
    resources: [`arn:aws:ses:eu-central-1:111111111111:configuration-set/${CONFIGURATION_SET}`],
    detail,
  };
}

export function sesBounceEvent(
  to: string,
  bounceType: 'Permanent' | 'Transient' | 'Undetermined' = 'Permanent',
) {
  return envelope('Email Bounced', {
    eventType: 'Bounce',
    bounce: {
      feedbackId: '0107019352a0e3c1-bounce-000000',
      bounceType,
      bounceSubType: bounceType === 'Permanent' ? 'General' : 'MailboxFull',
      bouncedRecipients: [
        {
          emailAddress: to,
          action: 'failed',
          status: '5.1.1',
          diagnosticCode: 'smtp; 550 5.1.1 user unknown',
        },
      ],
      timestamp: '2026-12-05T09:00:00.000Z',
      reportingMTA: 'dns; b224-13.smtp-out.eu-central-1.amazonses.com',
    },
    mail: mail(to),
  });
}

export function sesComplaintEvent(to: string) {
  return envelope('Email Complaint Received', {
    eventType: 'Complaint',
    complaint: {
      feedbackId: '0107019352a0e3c1-complaint-000000',
      complaintSubType: null,
      complainedRecipients: [{ emailAddress: to }],
      timestamp: '2026-12-05T09:05:00.000Z',
      userAgent: 'Amazon SES Mailbox Simulator',
      complaintFeedbackType: 'abuse',
      arrivalDate: '2026-12-05T09:04:59.000Z',
    },
    mail: mail(to),
  });
}
