// The relay's configuration file, as a zod schema: every key, its default and what it expects.
import { z } from 'zod';
import {
  DEFAULT_QUICK_REPLIES,
  QUICK_REPLY_CATEGORIES,
  QUICK_REPLY_MAX_CHARACTERS,
  templateProblems,
} from './quick-replies.ts';

const E164 = /^\+[1-9]\d{6,14}$/;
const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * A secret is never written in the file: it names the environment variable that holds it.
 * (DESIGN.md: "Secrets come from the environment, never from the file in clear".)
 */
export const secretRefSchema = z
  .object({
    env: z
      .string()
      .regex(
        /^[A-Z_][A-Z0-9_]*$/,
        'expected an environment variable name such as ACME_TWILIO_TOKEN',
      ),
  })
  .strict();

const urlSchema = z
  .string()
  .url('expected an absolute URL such as https://api.example.com')
  .refine((value) => /^https?:\/\//.test(value), 'expected an http:// or https:// URL')
  .transform((value) => value.replace(/\/+$/, ''));

const workspaceIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'expected lower-case letters, digits, - or _ (at most 63)');

export const twilioCarrierSchema = z
  .object({
    kind: z.literal('twilio'),
    accountSid: z
      .string()
      .regex(/^AC[0-9a-fA-F]{32}$/, 'expected a Twilio Account SID: AC + 32 hex'),
    authToken: secretRefSchema,
    apiBaseUrl: urlSchema.optional(),
    /**
     * True when Twilio Advanced Opt-Out already answers STOP/START/HELP (carriers.md §1.7), so the
     * relay records consent but sends no confirmation of its own: customers never get two.
     */
    carrierRepliesToKeywords: z.boolean().default(false),
  })
  .strict();

export const zendeskHelpdeskSchema = z
  .object({
    kind: z.literal('zendesk'),
    subdomain: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'expected the Zendesk subdomain'),
    email: z.string().email('expected the API user e-mail address'),
    apiToken: secretRefSchema,
    webhookSigningSecret: secretRefSchema,
    apiBaseUrl: urlSchema.optional(),
  })
  .strict();

/** Freshdesk (freshdesk.md §1.1: `https://{domain}.freshdesk.com`, Basic auth with the API key). */
export const freshdeskHelpdeskSchema = z
  .object({
    kind: z.literal('freshdesk'),
    domain: z
      .string()
      .regex(
        /^[a-z0-9][a-z0-9-]{0,62}$/,
        'expected the Freshdesk domain: the "acme" of acme.freshdesk.com',
      ),
    apiKey: secretRefSchema,
    /** Freshdesk webhooks carry no signature (freshdesk.md §2): a shared secret in a header. */
    webhookSecret: secretRefSchema,
    webhookSecretHeader: z
      .string()
      .regex(/^X-[A-Za-z0-9-]{1,60}$/, 'expected a custom header name such as X-SMSBridge-Secret')
      .optional(),
    apiBaseUrl: urlSchema.optional(),
    /** Ticket `source` (freshdesk.md §1.5 has no SMS source); default 3, Phone. */
    source: z.number().int().min(1).max(100).optional(),
    /** One of the account's ticket types, e.g. "Question". */
    ticketType: z.string().trim().min(1).max(100).optional(),
    /** `custom_fields` for every new ticket, by field name (`cf_...`, freshdesk.md §1.6). */
    ticketCustomFields: z
      .record(
        z.string().regex(/^cf_[a-z0-9_]{1,60}$/, 'expected a custom field name such as cf_channel'),
        z.union([z.string().max(255), z.number(), z.boolean()]),
      )
      .optional(),
    /** Calls left for other integrations before the relay paces itself (freshdesk.md §1.3). */
    rateLimitReserve: z.number().int().min(0).max(100_000).optional(),
  })
  .strict();

export const helpdeskSchema = z.discriminatedUnion('kind', [
  zendeskHelpdeskSchema,
  freshdeskHelpdeskSchema,
]);

export const repliesSchema = z
  .object({
    stop: z
      .string()
      .min(1)
      .max(320)
      .default(
        'You are unsubscribed and will get no more texts from us. Reply START to resubscribe.',
      ),
    start: z
      .string()
      .min(1)
      .max(320)
      .default('You are resubscribed to our support texts. Reply STOP to opt out, HELP for help.'),
    help: z
      .string()
      .min(1)
      .max(320)
      .default('Support by text. Msg&data rates may apply. Reply STOP to opt out.'),
  })
  .strict();

export const quickReplySchema = z
  .object({
    id: z
      .string()
      .regex(
        /^[a-z0-9][a-z0-9_-]{0,62}$/,
        'expected lower-case letters, digits, - or _ (at most 63)',
      ),
    category: z.enum(QUICK_REPLY_CATEGORIES, {
      error: `expected one of ${QUICK_REPLY_CATEGORIES.join(', ')}`,
    }),
    title: z.string().trim().min(1, 'expected a short title').max(80),
    body: z
      .string()
      .refine((body) => body.trim() !== '', 'expected the text of the script')
      .refine(
        (body) => body.length <= QUICK_REPLY_MAX_CHARACTERS,
        `expected at most ${QUICK_REPLY_MAX_CHARACTERS} characters`,
      )
      .superRefine((body, ctx) => {
        for (const problem of templateProblems(body))
          ctx.addIssue({ code: 'custom', message: problem });
      }),
  })
  .strict();

/** The approved scripts agents insert from the sidebar; ids are unique within the workspace. */
export const quickRepliesSchema = z
  .array(quickReplySchema)
  .max(200, 'expected at most 200 quick replies')
  .superRefine((replies, ctx) => {
    const seen = new Set<string>();
    replies.forEach((reply, index) => {
      if (seen.has(reply.id)) {
        ctx.addIssue({
          code: 'custom',
          path: [index, 'id'],
          message: `duplicate quick reply id '${reply.id}'`,
        });
      }
      seen.add(reply.id);
    });
  });

const tagSchema = z
  .string()
  .regex(/^[a-z0-9_:-]{1,80}$/, 'expected a helpdesk tag: lower-case letters, digits, _ - or :');

/**
 * The relay's own keys of `workspaces[].bot`. Every other key there is the bot's configuration,
 * validated by @smsbridge/bot (`parseBotConfig`, packages/bot/README.md) when the file is loaded.
 */
export const botRelayKeysSchema = z.looseObject({
  /** Turns the bot off without deleting its configuration. */
  enabled: z.boolean().default(true),
  /** A 24/7 tier: these customers are never told "we're closed" on hand-off. */
  alwaysOpen: z
    .object({
      /** End users carrying one of these helpdesk tags (Zendesk user tags, Freshdesk contact tags). */
      tags: z.array(tagSchema).max(50).default([]),
      numbers: z
        .array(z.string().regex(E164, 'expected an E.164 number such as +14155550100'))
        .max(10_000)
        .default([]),
    })
    .strict()
    .default({ tags: [], numbers: [] }),
  /** An OpenAI-compatible chat endpoint that helps understand free text (optional). */
  model: z
    .object({
      /** Up to the version, e.g. https://api.openai.com/v1; `/chat/completions` is added. */
      baseUrl: urlSchema,
      apiKey: secretRefSchema,
      model: z.string().trim().min(1).max(100),
      /** After this long the local classifier answers alone. */
      timeoutMs: z.number().int().min(100).max(30_000).default(3000),
    })
    .strict()
    .optional(),
  /** Record a conversation the bot resolved as a solved ticket (so reports count deflection). */
  recordResolvedTickets: z.boolean().default(true),
  /** "Many customers report the same" (P1) counts technical hand-offs of the last this many minutes. */
  similarReportsWindowMinutes: z.number().int().min(1).max(1440).default(60),
});

/** SMS CSAT: "How did we do? Reply 1-5" after a ticket is solved. */
export const csatSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** Wait this long after the ticket is solved (it may be reopened meanwhile). */
    delayMinutes: z.number().min(0).max(10_080).default(60),
    question: z
      .string()
      .trim()
      .min(1)
      .max(160)
      .default('How did we do? Reply 1-5 (5 = great). Reply STOP to opt out.'),
    /** Sent after a rating; empty to send nothing. */
    thanks: z.string().trim().max(160).default('Thank you for your feedback!'),
    /** A rating is read from the customer's texts for this long after the question. */
    answerWindowHours: z.number().positive().max(720).default(72),
  })
  .strict();

export const workspaceSchema = z
  .object({
    id: workspaceIdSchema,
    name: z.string().min(1).max(100),
    businessNumbers: z
      .array(z.string().regex(E164, 'expected an E.164 number such as +14155550100'))
      .min(1, 'expected at least one business number'),
    carrier: twilioCarrierSchema,
    helpdesk: helpdeskSchema,
    /**
     * The token the sidebar apps send as `Authorization: Bearer ...` to the app API. Optional:
     * without it the workspace's app API refuses every request.
     */
    appApiToken: secretRefSchema.optional(),
    quickReplies: quickRepliesSchema.default(DEFAULT_QUICK_REPLIES.map((reply) => ({ ...reply }))),
    /** The bot front door (packages/bot); absent: every text goes straight to the helpdesk. */
    bot: botRelayKeysSchema.optional(),
    /** SMS satisfaction survey after a ticket is solved; absent: none is sent. */
    csat: csatSchema.optional(),
    replies: repliesSchema.default(repliesSchema.parse({})),
    threading: z
      .object({
        /** A solved ticket younger than this is reopened; older ones get a follow-up ticket. */
        reopenWindowHours: z.number().positive().max(8760).default(72),
        /**
         * A conversation's texts are written to its ticket at most once per this many seconds;
         * texts that arrive sooner go in the next update together. The first text of a quiet
         * conversation is written at once. Zendesk allows 30 updates per ticket per 10 minutes
         * (zendesk.md §2.9), and agents get one notification for a burst instead of one a text.
         */
        ticketUpdateIntervalSeconds: z.number().min(0).max(600).default(2),
      })
      .strict()
      .default({ reopenWindowHours: 72, ticketUpdateIntervalSeconds: 2 }),
    outbound: z
      .object({
        /** An agent reply is proactive when the customer has not texted for this long. */
        proactiveAfterHours: z.number().positive().max(8760).default(24),
        /** Local-time window for proactive texts (47 CFR 64.1200(c)(1), carriers.md §6). */
        quietHours: z
          .object({
            start: z.string().regex(HH_MM, 'expected HH:mm'),
            end: z.string().regex(HH_MM, 'expected HH:mm'),
            /** Also apply the stricter state windows (Oklahoma, Florida: 08:00–20:00; carriers.md §6). */
            usStateRules: z.boolean().default(true),
          })
          .strict()
          .refine(
            (window) =>
              window.start >= '08:00' && window.end <= '21:00' && window.start < window.end,
            {
              message:
                'expected a window inside 08:00–21:00 (47 CFR 64.1200(c)(1)), start before end',
            },
          )
          .default({ start: '08:00', end: '21:00', usStateRules: true }),
        /** Replies containing block-level PII (cards, SSNs, IBANs, passwords) are not sent. */
        blockPii: z.boolean().default(true),
      })
      .strict()
      .default({
        proactiveAfterHours: 24,
        quietHours: { start: '08:00', end: '21:00', usStateRules: true },
        blockPii: true,
      }),
  })
  .strict();

export const configFileSchema = z
  .object({
    server: z
      .object({
        /**
         * The public base URL carriers call (e.g. https://sms.example.com). Twilio signs the exact
         * URL it called, so it is configured, never guessed (carriers.md §1.4). PUBLIC_URL overrides.
         */
        publicUrl: urlSchema.optional(),
        host: z.string().min(1).default('127.0.0.1'),
        port: z.number().int().min(0).max(65535).default(8080),
        /** Largest accepted webhook body. */
        maxBodyBytes: z.number().int().min(1024).max(10_485_760).default(262_144),
      })
      .strict()
      .default({ host: '127.0.0.1', port: 8080, maxBodyBytes: 262_144 }),
    store: z
      .object({
        /** SQLite file used when DATABASE_URL is not set. */
        sqlitePath: z.string().min(1).default('./data/smsbridge.db'),
      })
      .strict()
      .default({ sqlitePath: './data/smsbridge.db' }),
    worker: z
      .object({
        concurrency: z.number().int().min(1).max(64).default(8),
        pollIntervalMs: z.number().int().min(5).max(60_000).default(50),
        /** Attempts before a helpdesk job moves to the dead-letter state. */
        maxAttempts: z.number().int().min(1).max(100).default(10),
        /** Attempts for an outbound SMS (DESIGN.md: at most 3). */
        maxSendAttempts: z.number().int().min(1).max(10).default(3),
        leaseSeconds: z.number().int().min(5).max(3600).default(60),
        /**
         * `smsbridge start` runs the jobs in a worker thread of their own, so helpdesk and carrier
         * work never delays a webhook's acknowledgement (docs/benchmarks.md, section 3).
         */
        thread: z.boolean().default(true),
      })
      .strict()
      .default({
        concurrency: 8,
        pollIntervalMs: 50,
        maxAttempts: 10,
        maxSendAttempts: 3,
        leaseSeconds: 60,
        thread: true,
      }),
    logging: z
      .object({
        level: z
          .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
          .default('info'),
        /** Message bodies are omitted from logs unless this is true. */
        includeBodies: z.boolean().default(false),
      })
      .strict()
      .default({ level: 'info', includeBodies: false }),
    workspaces: z.array(workspaceSchema).min(1, 'expected at least one workspace'),
  })
  .strict()
  .superRefine((config, ctx) => {
    const seenIds = new Set<string>();
    const seenNumbers = new Map<string, string>();
    config.workspaces.forEach((workspace, index) => {
      if (seenIds.has(workspace.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['workspaces', index, 'id'],
          message: `duplicate workspace id '${workspace.id}'`,
        });
      }
      seenIds.add(workspace.id);
      workspace.businessNumbers.forEach((number, numberIndex) => {
        const owner = seenNumbers.get(number);
        if (owner !== undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['workspaces', index, 'businessNumbers', numberIndex],
            message: `business number ${number} is already used by workspace '${owner}'`,
          });
        }
        seenNumbers.set(number, workspace.id);
      });
    });
  });

export type ConfigFile = z.infer<typeof configFileSchema>;
export type WorkspaceFileConfig = z.infer<typeof workspaceSchema>;
