// A workspace's bot configuration: zod schema, defaults, and readable errors naming key and expectation.
import { z } from 'zod';
import { validateBusinessHours } from '@smsbridge/compliance';
import type { BusinessHoursSchedule } from '@smsbridge/compliance';
import { BOT_INTENTS, BOT_LANGUAGES, OUT_OF_SCOPE } from './intents.ts';
import type { BotIntent, BotLanguage, IntentLabel } from './intents.ts';
import { BOT_TEXT_KEYS, placeholdersIn, TEXT_PLACEHOLDERS } from './texts.ts';
import type { BotTextKey } from './texts.ts';

/** Intents a menu entry may lead to (greeting and thanks are not choices). */
export const MENU_INTENTS = [
  'order_status',
  'password_reset',
  'profile_update',
  'close_account',
  'billing',
  'technical_issue',
  'hours_location',
  'agent',
] as const satisfies readonly BotIntent[];

export type MenuIntent = (typeof MENU_INTENTS)[number];

const languageSchema = z.enum(BOT_LANGUAGES);

const labelSchema = z
  .strictObject({
    en: z.string().trim().min(1).max(40).optional(),
    es: z.string().trim().min(1).max(40).optional(),
  })
  .refine((label) => label.en !== undefined || label.es !== undefined, {
    message: 'expected a label in at least one language, e.g. { en: "Billing" }',
  });

const submenuEntrySchema = z.strictObject({
  key: z.string().regex(/^[A-Za-z]$/, 'expected one letter, e.g. "A"'),
  label: labelSchema,
  intent: z.enum(MENU_INTENTS),
});

const menuItemSchema = z
  .strictObject({
    key: z.string().regex(/^[1-9]$/, 'expected one digit 1-9 ("0" always means a person)'),
    label: labelSchema,
    intent: z.enum(MENU_INTENTS).optional(),
    submenu: z.array(submenuEntrySchema).min(1).max(9).optional(),
  })
  .refine((item) => (item.intent === undefined) !== (item.submenu === undefined), {
    message: 'expected either intent or submenu (not both)',
  })
  .refine(
    (item) =>
      new Set((item.submenu ?? []).map((entry) => entry.key.toUpperCase())).size ===
      (item.submenu ?? []).length,
    { message: 'submenu keys must be different letters' },
  );

export const DEFAULT_MENU: readonly z.input<typeof menuItemSchema>[] = [
  { key: '1', label: { en: 'Order status', es: 'Estado del pedido' }, intent: 'order_status' },
  {
    key: '2',
    label: { en: 'Account help', es: 'Ayuda con tu cuenta' },
    submenu: [
      {
        key: 'A',
        label: { en: 'Password reset', es: 'Cambiar contraseña' },
        intent: 'password_reset',
      },
      {
        key: 'B',
        label: { en: 'Update profile', es: 'Actualizar perfil' },
        intent: 'profile_update',
      },
      { key: 'C', label: { en: 'Close account', es: 'Cerrar cuenta' }, intent: 'close_account' },
    ],
  },
  { key: '3', label: { en: 'Billing', es: 'Pagos y cobros' }, intent: 'billing' },
  { key: '4', label: { en: 'Technical issue', es: 'Problema técnico' }, intent: 'technical_issue' },
  { key: '5', label: { en: 'Talk to a person', es: 'Hablar con una persona' }, intent: 'agent' },
];

/** Label of the always-available "0 → a person" line shown in sub-menus. */
export const AGENT_MENU_LABEL: Readonly<Record<BotLanguage, string>> = {
  en: 'Talk to a person',
  es: 'Hablar con una persona',
};

/** Bot-side bounds on top of compliance's rules: every status check re-reads the whole schedule. */
const MAX_OPENINGS_PER_DAY = 6;
const MAX_HOLIDAYS = 1000;

/** Splits compliance's issue path ('weekly.mon[0].open', "weekly['mon day']") into zod path segments. */
function pathSegments(path: string): (string | number)[] {
  const segments: (string | number)[] = [];
  for (const match of path.matchAll(/([^.[\]]+)|\[(\d+)\]|\[([^\]]*)\]/g)) {
    if (match[2] !== undefined) segments.push(Number(match[2]));
    else segments.push(match[1] ?? match[3] ?? '');
  }
  return segments;
}

/**
 * The schedule shape of `@smsbridge/compliance` (same JSON feeds both), checked by its
 * `validateBusinessHours` so the rules (HH:mm, 24:00 only as a close, overlaps, real dates, known
 * time zone, duplicate holidays) live in one place.
 */
export const businessHoursSchema = z
  .custom<BusinessHoursSchedule>()
  .superRefine((schedule: unknown, context) => {
    // Counted first, so an oversized list is refused before compliance reads it.
    let oversized = false;
    const tooMany = (path: (string | number)[], message: string): void => {
      oversized = true;
      context.addIssue({ code: 'custom', path, message });
    };
    const { weekly, holidays } = (schedule ?? {}) as { weekly?: unknown; holidays?: unknown };
    if (typeof weekly === 'object' && weekly !== null) {
      for (const [day, openings] of Object.entries(weekly)) {
        if (Array.isArray(openings) && openings.length > MAX_OPENINGS_PER_DAY) {
          tooMany(['weekly', day], `expected at most ${MAX_OPENINGS_PER_DAY} openings a day`);
        }
      }
    }
    if (Array.isArray(holidays) && holidays.length > MAX_HOLIDAYS) {
      tooMany(['holidays'], `expected at most ${MAX_HOLIDAYS} holidays`);
    }
    if (oversized) return;
    for (const issue of validateBusinessHours(schedule)) {
      const prefix = `${issue.path || 'schedule'}: `;
      context.addIssue({
        code: 'custom',
        path: pathSegments(issue.path),
        message: issue.message.startsWith(prefix)
          ? issue.message.slice(prefix.length)
          : issue.message,
      });
    }
  });

function urlTemplateSchema(required: readonly string[], allowed: readonly string[]) {
  return z
    .string()
    .max(500)
    .superRefine((template, context) => {
      const used = placeholdersIn(template);
      for (const name of used) {
        if (!allowed.includes(name)) {
          context.addIssue({
            code: 'custom',
            message: `unknown placeholder {${name}}; expected ${allowed.map((a) => `{${a}}`).join(' or ') || 'none'}`,
          });
        }
      }
      if (required.length > 0 && !required.some((name) => used.includes(name))) {
        context.addIssue({
          code: 'custom',
          message: `expected the template to contain ${required.map((r) => `{${r}}`).join(' or ')}`,
        });
      }
      let url: URL | null;
      try {
        url = new URL(template.replace(/\{[A-Za-z]+\}/g, 'x'));
      } catch {
        url = null;
      }
      if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
        context.addIssue({ code: 'custom', message: 'expected an http(s) URL' });
      }
    });
}

/** Only the *name* of the environment variable: the relay reads it, the config never holds secrets. */
const authHeaderSchema = z.strictObject({
  name: z
    .string()
    .regex(/^[A-Za-z0-9-]{1,64}$/, 'expected an HTTP header name such as "Authorization"')
    .default('Authorization'),
  env: z
    .string()
    .regex(
      /^[A-Z_][A-Z0-9_]{0,127}$/,
      'expected an environment variable NAME such as "SHOP_API_TOKEN"',
    ),
  /** Put before the secret, e.g. "Bearer ". */
  prefix: z.string().max(20).default(''),
});

const timeoutSchema = z.number().int().min(100).max(30_000).default(5000);

const orderLookupSchema = z.strictObject({
  urlTemplate: urlTemplateSchema(['orderNumber'], ['orderNumber']),
  authHeader: authHeaderSchema.optional(),
  timeoutMs: timeoutSchema,
});

const passwordResetSchema = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('link'), url: urlTemplateSchema([], []) }),
  z.strictObject({
    mode: z.literal('endpoint'),
    url: urlTemplateSchema([], []),
    authHeader: authHeaderSchema.optional(),
    timeoutMs: timeoutSchema,
  }),
]);

const textOverridesSchema = z
  .strictObject(
    Object.fromEntries(
      BOT_TEXT_KEYS.map((key) => [key, z.string().trim().min(1).max(480).optional()]),
    ) as Record<BotTextKey, z.ZodOptional<z.ZodString>>,
  )
  .superRefine((texts, context) => {
    for (const [key, text] of Object.entries(texts)) {
      if (text === undefined) continue;
      const allowed: readonly string[] = TEXT_PLACEHOLDERS[key as BotTextKey];
      for (const name of placeholdersIn(text)) {
        if (!allowed.includes(name)) {
          context.addIssue({
            code: 'custom',
            path: [key],
            message: `unknown placeholder {${name}}; this text may use ${allowed.map((a) => `{${a}}`).join(', ') || 'no placeholder'}`,
          });
        }
      }
    }
  });

const phraseListSchema = z.array(z.string().trim().min(1).max(200)).max(500);

const examplePhrasesSchema = z.strictObject(
  Object.fromEntries(
    [...BOT_INTENTS, OUT_OF_SCOPE].map((intent) => [intent, phraseListSchema.optional()]),
  ) as Record<IntentLabel, z.ZodOptional<typeof phraseListSchema>>,
);

const perLanguage = <T extends z.ZodType>(schema: T) =>
  z.strictObject({ en: schema.optional(), es: schema.optional() });

export const botConfigSchema = z
  .strictObject({
    businessName: z.string().trim().min(1).max(30),
    languages: z.array(languageSchema).min(1).default(['en', 'es']),
    defaultLanguage: languageSchema.default('en'),
    /** Below this classifier score the bot asks with the menu instead of guessing. */
    confidenceThreshold: z.number().min(0).max(1).default(0.6),
    menu: z
      .array(menuItemSchema)
      .min(1)
      .max(9)
      .default(() => DEFAULT_MENU.map((item) => ({ ...item })) as z.output<typeof menuItemSchema>[])
      .refine((items) => new Set(items.map((item) => item.key)).size === items.length, {
        message: 'menu keys must be different digits',
      }),
    examplePhrases: perLanguage(examplePhrasesSchema).default({}),
    orderNumber: z
      .strictObject({
        /** A regular expression (source, no slashes); capture group 1, if any, is the number. */
        pattern: z
          .string()
          .min(1)
          .max(200)
          .refine(
            (pattern) => {
              try {
                return !new RegExp(pattern, 'i').test('');
              } catch {
                return false;
              }
            },
            { message: 'expected a valid regular expression that does not match an empty text' },
          ),
        example: z.string().trim().min(1).max(20),
      })
      .default({ pattern: String.raw`(?:#|\b)([A-Z]{0,3}-?\d{5,12})\b`, example: '12345678' }),
    orderLookup: orderLookupSchema.optional(),
    /** Short tracking link, e.g. "https://trk.example/{trackingNumber}". */
    trackingLinkTemplate: urlTemplateSchema(
      ['trackingNumber', 'orderNumber'],
      ['trackingNumber', 'orderNumber'],
    ).optional(),
    passwordReset: passwordResetSchema.optional(),
    businessHours: businessHoursSchema.optional(),
    /** Replaces the generated "Mon-Fri 9am-5pm" summary. */
    hoursSummary: perLanguage(z.string().trim().min(1).max(160)).optional(),
    location: z.string().trim().min(1).max(200).optional(),
    expectedWait: perLanguage(z.string().trim().min(1).max(60)).default({
      en: 'about 15 minutes',
      es: 'unos 15 minutos',
    }),
    texts: perLanguage(textOverridesSchema).default({}),
    /** "Many customers reporting the same" makes a hand-off P1 from this many recent reports. */
    sla: z
      .strictObject({ similarReportsForUrgent: z.number().int().min(1).max(10_000).default(5) })
      .default({ similarReportsForUrgent: 5 }),
    /** Ticket tags (DESIGN.md "Native reporting"). */
    tags: z
      .strictObject({
        resolved: z
          .string()
          .regex(/^[a-z0-9_]{1,80}$/)
          .default('sms_bot_resolved'),
        escalated: z
          .string()
          .regex(/^[a-z0-9_]{1,80}$/)
          .default('sms_escalated'),
        intentPrefix: z
          .string()
          .regex(/^[a-z0-9_]{1,40}$/)
          .default('sms_intent_'),
      })
      .default({
        resolved: 'sms_bot_resolved',
        escalated: 'sms_escalated',
        intentPrefix: 'sms_intent_',
      }),
  })
  .refine((config) => config.languages.includes(config.defaultLanguage), {
    path: ['defaultLanguage'],
    message: 'expected one of the configured languages',
  });

export type BotConfigInput = z.input<typeof botConfigSchema>;
export type BotConfig = z.output<typeof botConfigSchema>;
export type MenuItem = BotConfig['menu'][number];
export type OrderLookupSettings = NonNullable<BotConfig['orderLookup']>;
export type PasswordResetSettings = NonNullable<BotConfig['passwordReset']>;

/** Everything but the business name, as `parseBotConfig` fills it in. */
export const BOT_CONFIG_DEFAULTS: Omit<BotConfig, 'businessName'> = (() => {
  const { businessName: _businessName, ...defaults } = botConfigSchema.parse({ businessName: 'x' });
  return defaults;
})();

export interface BotConfigIssue {
  /** Dotted path such as 'menu[1].submenu[0].key'; '' for the whole config. */
  readonly path: string;
  /** One line: the path, then what was expected. */
  readonly message: string;
}

export class BotConfigError extends Error {
  readonly issues: readonly BotConfigIssue[];
  constructor(issues: readonly BotConfigIssue[]) {
    super(`invalid bot configuration:\n${issues.map((issue) => `  ${issue.message}`).join('\n')}`);
    this.name = 'BotConfigError';
    this.issues = issues;
  }
}

function formatPath(path: readonly PropertyKey[]): string {
  let result = '';
  for (const segment of path) {
    if (typeof segment === 'number') result += `[${segment}]`;
    else result += result === '' ? String(segment) : `.${String(segment)}`;
  }
  return result;
}

export type BotConfigParseResult =
  | { readonly ok: true; readonly config: BotConfig }
  | { readonly ok: false; readonly issues: readonly BotConfigIssue[] };

export function safeParseBotConfig(input: unknown): BotConfigParseResult {
  const result = botConfigSchema.safeParse(input);
  if (result.success) return { ok: true, config: result.data };
  const issues = result.error.issues.map((issue) => {
    const path = formatPath(issue.path);
    return { path, message: `${path || 'config'}: ${issue.message}` };
  });
  return { ok: false, issues };
}

/** Validates and fills defaults; throws {@link BotConfigError} listing every problem. */
export function parseBotConfig(input: unknown): BotConfig {
  const result = safeParseBotConfig(input);
  if (!result.ok) throw new BotConfigError(result.issues);
  return result.config;
}

export type { BusinessHoursSchedule };
