// What every relay component shares: configuration, store, one adapter pair per workspace, logs, metrics.
import type { CarrierAdapter } from '@smsbridge/carriers';
import type { HelpdeskAdapter } from '@smsbridge/helpdesks';
import type { Logger } from 'pino';
import type { RelayConfig, WorkspaceConfig } from '../config/load.ts';
import type { MetricsSnapshot, RelayMetrics } from '../observability/metrics.ts';
import type { Store } from '../store/open-store.ts';
import type { BotRuntime } from './bot-runtime.ts';

export interface WorkspaceRuntime {
  readonly config: WorkspaceConfig;
  readonly carrier: CarrierAdapter;
  readonly helpdesk: HelpdeskAdapter;
  /** The bot front door, when the workspace has one turned on. */
  readonly bot: BotRuntime | undefined;
}

export interface RelayContext {
  readonly config: RelayConfig;
  readonly store: Store;
  readonly workspaces: ReadonlyMap<string, WorkspaceRuntime>;
  readonly logger: Logger;
  readonly metrics: RelayMetrics;
  readonly now: () => Date;
  /** Wakes the local worker after a job was committed. */
  readonly notifyWorker: () => void;
  /** Metrics of job workers outside this registry (the job thread's), merged into /metrics. */
  readonly workerMetrics: () => Promise<readonly MetricsSnapshot[]>;
}

/** Public URLs of a workspace's webhook routes (what carriers and helpdesks are told to call). */
export function webhookPaths(workspaceId: string) {
  return {
    smsInbound: `/webhooks/${workspaceId}/sms/inbound`,
    smsStatus: `/webhooks/${workspaceId}/sms/status`,
    helpdesk: `/webhooks/${workspaceId}/helpdesk`,
  };
}

export function webhookUrls(publicUrl: string, workspaceId: string) {
  const paths = webhookPaths(workspaceId);
  return {
    smsInbound: `${publicUrl}${paths.smsInbound}`,
    smsStatus: `${publicUrl}${paths.smsStatus}`,
    helpdesk: `${publicUrl}${paths.helpdesk}`,
  };
}

/** Ordering keys: helpdesk writes and SMS sends of one conversation each run in order. */
export const orderingKeys = {
  helpdesk: (conversationId: number) => `conversation:${conversationId}:helpdesk`,
  sms: (conversationId: number) => `conversation:${conversationId}:sms`,
};

export const JOB_KINDS = {
  deliverInbound: 'deliver_inbound',
  sendSms: 'send_sms',
  ticketNote: 'ticket_note',
  recordSentText: 'record_sent_text',
  /** Sends a solved ticket's SMS satisfaction survey (csat.ts). */
  csatSend: 'csat_send',
} as const;
