// Table types of the relay's store; every row carries its workspace (tenant isolation).
import type { Generated } from 'kysely';

/** Timestamps are stored as ISO-8601 UTC strings (`Date#toISOString`), which sort as text on both dialects. */
export type IsoTimestamp = string;

export interface MessagesTable {
  id: Generated<number>;
  workspace_id: string;
  conversation_id: number;
  direction: 'inbound' | 'outbound';
  carrier: string;
  /** Carrier message id (inbound: webhook id; outbound: set once the carrier accepted it). */
  carrier_message_id: string | null;
  body: string;
  /** JSON array of { url, contentType } for inbound media. */
  media_json: string;
  /** Inbound: delivered to the helpdesk. Outbound: delivery status. */
  status: string;
  error_code: string | null;
  /** Outbound: what produced it (agent_reply, keyword_reply) and its unique id (helpdesk comment id). */
  origin: string | null;
  origin_id: string | null;
  /** Outbound: who wrote it, for notes ("Agent Name"). */
  author_name: string | null;
  segments: number | null;
  created_at: IsoTimestamp;
  updated_at: IsoTimestamp;
}

export interface ConversationsTable {
  id: Generated<number>;
  workspace_id: string;
  business_number: string;
  customer_phone: string;
  ticket_id: string | null;
  ticket_status: string | null;
  /** When the helpdesk last reported the ticket's state; the solved time while solved. */
  ticket_status_at: IsoTimestamp | null;
  /** When the ticket state was last read from the helpdesk. */
  ticket_checked_at: IsoTimestamp | null;
  last_inbound_at: IsoTimestamp | null;
  /** When the relay last wrote this conversation's texts to its ticket (migration 0004). */
  helpdesk_written_at: IsoTimestamp | null;
  /** The bot session in progress (migration 0005). */
  bot_session_id: number | null;
  /** When an agent last replied; the bot stays silent until the ticket is closed. */
  agent_replied_at: IsoTimestamp | null;
  /** The next opening the customer was already told about on a hand-off while closed. */
  closed_notice_for: IsoTimestamp | null;
  created_at: IsoTimestamp;
  updated_at: IsoTimestamp;
}

export interface RequestersTable {
  workspace_id: string;
  phone: string;
  helpdesk_requester_id: string;
  created_at: IsoTimestamp;
}

export type JobState = 'pending' | 'running' | 'done' | 'dead';

export interface JobsTable {
  id: Generated<number>;
  workspace_id: string;
  kind: string;
  /** Jobs with the same key run one at a time, in id order. */
  ordering_key: string;
  payload_json: string;
  state: JobState;
  attempts: number;
  max_attempts: number;
  run_at: IsoTimestamp;
  locked_by: string | null;
  locked_until: IsoTimestamp | null;
  last_error: string | null;
  created_at: IsoTimestamp;
  updated_at: IsoTimestamp;
}

export interface ConsentEventsTable {
  id: Generated<number>;
  workspace_id: string;
  phone: string;
  scope: string;
  kind: string;
  source: string;
  keyword: string | null;
  /** The customer's exact words, or the consent language agreed to (carriers.md §6 retention). */
  text: string | null;
  /** Evidence id: carrier message id, carrier error code, agent id. */
  ref: string | null;
  detail: string | null;
  /** The message that caused it, when one did; unique per message so a retried webhook adds nothing. */
  message_id: number | null;
  occurred_at: IsoTimestamp;
}

export interface StatusEventsTable {
  id: Generated<number>;
  workspace_id: string;
  carrier: string;
  carrier_message_id: string;
  status: string;
  error_code: string | null;
  received_at: IsoTimestamp;
}

export interface HelpdeskEventsTable {
  workspace_id: string;
  helpdesk: string;
  event_id: string;
  kind: string;
  received_at: IsoTimestamp;
}

/** Agent replies on a ticket the relay had not recorded yet (migration 0003). */
export interface EarlyAgentRepliesTable {
  workspace_id: string;
  helpdesk: string;
  event_id: string;
  ticket_id: string;
  author_name: string;
  body: string;
  received_at: IsoTimestamp;
}

export type BotSessionStatus = 'active' | 'resolved' | 'handed_off' | 'ended';

/** One conversation of the bot with a customer (migration 0005). */
export interface BotSessionsTable {
  id: Generated<number>;
  workspace_id: string;
  conversation_id: number;
  status: BotSessionStatus;
  /** @smsbridge/bot ConversationState as JSON, transcript included. */
  state_json: string;
  intent: string | null;
  handoff_reason: string | null;
  sla_tier: string | null;
  ticket_id: string | null;
  started_at: IsoTimestamp;
  updated_at: IsoTimestamp;
}

export type CsatSurveyState = 'scheduled' | 'sent' | 'answered' | 'cancelled';

/** The SMS satisfaction survey of a solved ticket: at most one per ticket (migration 0005). */
export interface CsatSurveysTable {
  id: Generated<number>;
  workspace_id: string;
  conversation_id: number;
  ticket_id: string;
  state: CsatSurveyState;
  send_at: IsoTimestamp;
  sent_at: IsoTimestamp | null;
  score: number | null;
  answered_at: IsoTimestamp | null;
  /** Why it was cancelled, or the customer's words when answered. */
  detail: string | null;
  created_at: IsoTimestamp;
  updated_at: IsoTimestamp;
}

export interface Database {
  messages: MessagesTable;
  conversations: ConversationsTable;
  requesters: RequestersTable;
  jobs: JobsTable;
  consent_events: ConsentEventsTable;
  status_events: StatusEventsTable;
  helpdesk_events: HelpdeskEventsTable;
  early_agent_replies: EarlyAgentRepliesTable;
  bot_sessions: BotSessionsTable;
  csat_surveys: CsatSurveysTable;
}
