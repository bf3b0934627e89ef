// JSON Schemas (OpenAPI 3.1 dialect) of what the app API answers; the OpenAPI document and tests use them.
import { DELIVERY_STATUSES } from '@smsbridge/carriers';
import { CONSENT_EVENT_KINDS, CONSENT_EVENT_SOURCES, CONSENT_SCOPES } from '@smsbridge/compliance';
import { QUICK_REPLY_CATEGORIES, QUICK_REPLY_VARIABLES } from '../config/quick-replies.ts';

export type JsonSchema = Readonly<Record<string, unknown>>;

const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
const nullable = (type: string, extra: Record<string, unknown> = {}): JsonSchema => ({
  type: [type, 'null'],
  ...extra,
});
const timestamp = (description: string): JsonSchema => ({
  type: 'string',
  format: 'date-time',
  description,
});

/** States an outbound text can be in: the relay's own (before the carrier) and the carrier's. */
export const OUTBOUND_STATUSES = [
  'pending',
  'held',
  'blocked_opted_out',
  'blocked_pii',
  'blocked_too_long',
  ...DELIVERY_STATUSES,
] as const;

function object(
  description: string,
  properties: Record<string, JsonSchema>,
  required: readonly string[] = Object.keys(properties),
): JsonSchema {
  return { type: 'object', description, properties, required, additionalProperties: false };
}

export const APP_API_SCHEMAS: Readonly<Record<string, JsonSchema>> = {
  Error: object('A refusal or failure, in one line.', {
    error: { type: 'string', description: 'What went wrong, in one line.' },
  }),
  Conversation: object('The SMS conversation behind a ticket.', {
    customerPhoneMasked: {
      type: 'string',
      description: "The customer's number, masked (+1415***0123).",
      examples: ['+1415***0123'],
    },
    businessNumber: { type: 'string', description: 'The business number texted (E.164).' },
    ticketId: { type: 'string', pattern: '^[0-9]+$' },
    ticketStatus: nullable('string', {
      description: "The ticket's status as the relay last saw it (new, open, solved...).",
    }),
    createdAt: timestamp('When the customer first texted this business number.'),
  }),
  ConsentDecidingEvent: object('The ledger event that set the current consent status.', {
    kind: { enum: [...CONSENT_EVENT_KINDS] },
    source: { enum: [...CONSENT_EVENT_SOURCES] },
    keyword: nullable('string', { description: 'The keyword texted (STOP, START...), if any.' }),
    at: timestamp('When it happened.'),
  }),
  Consent: object("The customer's consent to support texts, from the consent ledger.", {
    status: {
      enum: ['opted_in', 'opted_out', 'implied', 'unknown'],
      description:
        'opted_in: explicit opt-in; opted_out: revoked (replies are not sent); implied: the customer texted first; unknown: nothing allows texting.',
    },
    canSend: { type: 'boolean', description: 'Whether an agent reply would be sent now.' },
    since: nullable('string', { format: 'date-time', description: 'When this status began.' }),
    decidingEvent: { oneOf: [ref('ConsentDecidingEvent'), { type: 'null' }] },
  }),
  BotTurn: object('One turn of the bot conversation.', {
    at: timestamp('When it was said.'),
    from: { enum: ['customer', 'bot'] },
    text: {
      type: 'string',
      description:
        'What was said, on one line; passwords, card numbers and the like are replaced ("[card number removed]").',
    },
  }),
  Bot: object('The bot session that led to this ticket.', {
    status: {
      enum: ['active', 'resolved', 'handed_off'],
      description:
        'resolved: the bot answered the question (the ticket was created solved); handed_off: it passed the customer to an agent.',
    },
    intent: nullable('string', {
      description:
        'What the customer wanted, as the bot understood it: order_status, password_reset, profile_update, close_account, billing, technical_issue, hours_location, agent, greeting, thanks.',
    }),
    handoffReason: nullable('string', {
      description:
        'Why it handed off: customer_asked, needs_agent, not_understood, order_not_found, order_lookup_timeout, order_lookup_failed, order_lookup_unavailable, order_number_missing, reset_not_working, reset_unconfirmed, reset_failed, reset_unavailable, hours_unavailable, conversation_too_long, opted_out (the customer texted STOP mid-way).',
    }),
    slaTier: {
      enum: ['P1', 'P2', 'P3', null],
      description: 'The SLA tier the hand-off gave the ticket (P1 urgent, P2 billing, P3 general).',
    },
    startedAt: timestamp("The customer's first text to the bot."),
    updatedAt: timestamp('The last turn.'),
    transcript: { type: 'array', items: ref('BotTurn') },
  }),
  ConversationView: object(
    "A ticket's conversation, the customer's consent and the bot session behind it.",
    {
      conversation: ref('Conversation'),
      consent: ref('Consent'),
      bot: { oneOf: [ref('Bot'), { type: 'null' }] },
    },
  ),
  ConsentEvent: object('One consent ledger event.', {
    at: timestamp('When it happened.'),
    scope: { enum: [...CONSENT_SCOPES] },
    kind: { enum: [...CONSENT_EVENT_KINDS] },
    source: { enum: [...CONSENT_EVENT_SOURCES] },
    keyword: nullable('string'),
    text: nullable('string', {
      description: "The customer's exact words, or the consent wording.",
    }),
    ref: nullable('string', {
      description: 'Evidence: carrier message id or error code, agent id.',
    }),
    detail: nullable('string'),
  }),
  ConsentHistory: object("The customer's consent ledger, newest first.", {
    events: { type: 'array', items: ref('ConsentEvent') },
  }),
  Delivery: object('An outbound text and how far it got.', {
    id: { type: 'integer', minimum: 1 },
    createdAt: timestamp('When the relay took the text on.'),
    origin: nullable('string', {
      description:
        'What produced it: agent_reply (an agent replying in the helpdesk), sidebar_send (an agent sending from the sidebar app), keyword_reply (the answer to STOP, START or HELP), bot_reply (the bot), csat_survey and csat_thanks (the satisfaction survey and its thank-you).',
    }),
    authorName: nullable('string', { description: 'The agent who wrote it, for agent replies.' }),
    status: { enum: [...OUTBOUND_STATUSES] },
    errorCode: nullable('string', { description: "The carrier's error code, when it gave one." }),
    plainReason: nullable('string', {
      description:
        'Why it was not sent or not delivered (or is held), in words an agent understands; null while it is on its way or delivered.',
    }),
    segments: nullable('integer', { minimum: 1, description: 'SMS segments the text costs.' }),
  }),
  Deliveries: object('The latest outbound texts of the conversation, newest first.', {
    deliveries: { type: 'array', items: ref('Delivery') },
  }),
  SendSmsRequest: object('A text to send to the customer of the ticket.', {
    text: {
      type: 'string',
      minLength: 1,
      maxLength: 10000,
      description:
        'The text as the customer should receive it; at most 1,600 characters are sent (longer: 422 too_long).',
    },
    agentName: {
      type: 'string',
      minLength: 1,
      maxLength: 100,
      description: 'Shown on the ticket as "Sent by SMS by <agentName>".',
    },
    requestId: {
      type: 'string',
      pattern: '^[A-Za-z0-9_-]{8,64}$',
      description:
        'A new id for each text (a UUID does): a request repeated with the same id sends nothing more.',
    },
  }),
  SentSms: object('The text as the deliveries list shows it.', { delivery: ref('Delivery') }),
  Refusal: object('Why the text was not sent.', {
    error: { type: 'string', description: 'What went wrong, in one line an agent can read.' },
    code: {
      enum: ['opted_out', 'request_id_reused', 'pii_blocked', 'too_long'],
      description: 'A stable word the apps branch on.',
    },
  }),
  QuickReply: object('An approved script agents can insert.', {
    id: { type: 'string' },
    category: { enum: [...QUICK_REPLY_CATEGORIES] },
    title: { type: 'string' },
    body: {
      type: 'string',
      description:
        'The script; {{first_name}}, {{order_id}} and {{agent_name}} are filled in by the app.',
    },
    variables: {
      type: 'array',
      items: { enum: [...QUICK_REPLY_VARIABLES] },
      uniqueItems: true,
      description: 'The variables the script uses, in order of first use.',
    },
    encoding: { enum: ['GSM-7', 'UCS-2'] },
    segments: {
      type: 'integer',
      minimum: 1,
      description:
        'Segments of the script as written, placeholders counted as typed; the app recounts once they are filled.',
    },
  }),
  QuickReplies: object("The workspace's quick replies, in configuration order.", {
    quickReplies: { type: 'array', items: ref('QuickReply') },
  }),
};

export const schemaRef = ref;
