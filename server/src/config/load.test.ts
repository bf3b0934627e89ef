// Configuration loading: a wrong file fails fast, naming the file, the key and what was expected.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadConfig, resolveConfig } from './load.ts';
import { DEFAULT_QUICK_REPLIES, QUICK_REPLY_CATEGORIES } from './quick-replies.ts';

const env = {
  PUBLIC_URL: 'https://sms.example.com/',
  ACME_TWILIO_TOKEN: 'twilio-secret',
  ACME_ZENDESK_TOKEN: 'zendesk-secret',
  ACME_ZENDESK_WEBHOOK_SECRET: 'webhook-secret',
};

function workspace(overrides: Record<string, unknown> = {}) {
  return {
    id: 'acme',
    name: 'Acme',
    businessNumbers: ['+14155550100'],
    carrier: {
      kind: 'twilio',
      accountSid: `AC${'a'.repeat(32)}`,
      authToken: { env: 'ACME_TWILIO_TOKEN' },
    },
    helpdesk: {
      kind: 'zendesk',
      subdomain: 'acme',
      email: 'relay@acme.test',
      apiToken: { env: 'ACME_ZENDESK_TOKEN' },
      webhookSigningSecret: { env: 'ACME_ZENDESK_WEBHOOK_SECRET' },
    },
    ...overrides,
  };
}

const resolve = (raw: unknown, environment: Record<string, string | undefined> = env) =>
  resolveConfig('relay.yaml', raw, environment);

function writeTemp(content: string | Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'smsbridge-config-'));
  const path = join(dir, 'relay.yaml');
  writeFileSync(path, content);
  return path;
}

describe('resolveConfig', () => {
  it('fills defaults, resolves secrets from the environment and uses PUBLIC_URL', () => {
    const config = resolve({ workspaces: [workspace()] });
    expect(config.publicUrl).toBe('https://sms.example.com');
    expect(config.store).toMatchObject({ kind: 'sqlite' });
    expect(config.store.kind === 'sqlite' && config.store.path.endsWith('data/smsbridge.db')).toBe(
      true,
    );
    const [acme] = config.workspaces;
    expect(acme?.carrier.authToken).toBe('twilio-secret');
    expect(acme?.helpdesk).toMatchObject({ webhookSigningSecret: 'webhook-secret' });
    expect(acme?.threading.reopenWindowHours).toBe(72);
    expect(acme?.outbound.quietHours).toEqual({ start: '08:00', end: '21:00', usStateRules: true });
    expect(acme?.replies.stop).toMatch(/START/);
  });

  it('uses PostgreSQL when DATABASE_URL is set', () => {
    const config = resolve(
      { workspaces: [workspace()] },
      { ...env, DATABASE_URL: 'postgres://u@db:5432/relay' },
    );
    expect(config.store).toEqual({ kind: 'postgres', url: 'postgres://u@db:5432/relay' });
  });

  it('refuses a secret written in clear in the file', () => {
    const raw = {
      workspaces: [workspace({ carrier: { ...workspace().carrier, authToken: 'abc123' } })],
    };
    expect(() => resolve(raw)).toThrow(
      /relay\.yaml: invalid configuration\n\s+workspaces\[0\]\.carrier\.authToken: /,
    );
  });

  it('names the missing environment variable of a secret', () => {
    const { ACME_ZENDESK_TOKEN: _, ...partial } = env;
    expect(() => resolve({ workspaces: [workspace()] }, partial)).toThrow(
      'relay.yaml: workspaces[0].helpdesk.apiToken names the environment variable ACME_ZENDESK_TOKEN, which is not set',
    );
  });

  it.each([
    [
      { businessNumbers: ['415-555-0100'] },
      'workspaces[0].businessNumbers[0]: expected an E.164 number',
    ],
    [{ id: 'Acme Corp' }, 'workspaces[0].id: expected lower-case letters'],
    [{ threading: { reopenWindowHours: -1 } }, 'workspaces[0].threading.reopenWindowHours'],
    [
      { outbound: { quietHours: { start: '07:00', end: '22:00' } } },
      'workspaces[0].outbound.quietHours: expected a window inside 08:00–21:00',
    ],
    [
      { carrier: { ...workspace().carrier, accountSid: 'nope' } },
      'workspaces[0].carrier.accountSid: expected a Twilio Account SID',
    ],
    [
      { helpdesk: { ...workspace().helpdesk, apiBaseUrl: 'not a url' } },
      'workspaces[0].helpdesk.apiBaseUrl',
    ],
    [{ surprise: true }, 'workspaces[0]'],
  ])('rejects malformed workspace keys (%j)', (overrides, expected) => {
    expect(() => resolve({ workspaces: [workspace(overrides)] })).toThrow(expected);
  });

  describe('a Freshdesk helpdesk', () => {
    const freshdesk = {
      kind: 'freshdesk',
      domain: 'acme',
      apiKey: { env: 'ACME_FRESHDESK_KEY' },
      webhookSecret: { env: 'ACME_FRESHDESK_SECRET' },
    };
    const freshdeskEnv = {
      ...env,
      ACME_FRESHDESK_KEY: 'fd-key',
      ACME_FRESHDESK_SECRET: 'fd-secret',
    };

    it('resolves its secrets from the environment and keeps optional keys unset', () => {
      const config = resolve({ workspaces: [workspace({ helpdesk: freshdesk })] }, freshdeskEnv);
      expect(config.workspaces[0]?.helpdesk).toEqual({
        kind: 'freshdesk',
        domain: 'acme',
        apiKey: 'fd-key',
        webhookSecret: 'fd-secret',
      });
    });

    it('accepts every optional key', () => {
      const full = {
        ...freshdesk,
        webhookSecretHeader: 'X-Acme-Relay-Secret',
        apiBaseUrl: 'https://proxy.example.com/freshdesk/',
        source: 3,
        ticketType: 'Question',
        ticketCustomFields: { cf_channel: 'SMS', cf_vip: false },
        rateLimitReserve: 50,
      };
      const config = resolve({ workspaces: [workspace({ helpdesk: full })] }, freshdeskEnv);
      expect(config.workspaces[0]?.helpdesk).toMatchObject({
        webhookSecretHeader: 'X-Acme-Relay-Secret',
        apiBaseUrl: 'https://proxy.example.com/freshdesk',
        ticketCustomFields: { cf_channel: 'SMS', cf_vip: false },
      });
    });

    it('names the missing environment variable of its secrets', () => {
      const { ACME_FRESHDESK_SECRET: _, ...partial } = freshdeskEnv;
      expect(() => resolve({ workspaces: [workspace({ helpdesk: freshdesk })] }, partial)).toThrow(
        'relay.yaml: workspaces[0].helpdesk.webhookSecret names the environment variable ACME_FRESHDESK_SECRET, which is not set',
      );
    });

    it.each([
      [
        { domain: 'acme.freshdesk.com' },
        'workspaces[0].helpdesk.domain: expected the Freshdesk domain',
      ],
      [{ apiKey: 'in-clear' }, 'workspaces[0].helpdesk.apiKey'],
      [{ webhookSecretHeader: 'Authorization' }, 'workspaces[0].helpdesk.webhookSecretHeader'],
      [{ ticketCustomFields: { channel: 'SMS' } }, 'workspaces[0].helpdesk.ticketCustomFields'],
      [{ source: 0 }, 'workspaces[0].helpdesk.source'],
      [{ subdomain: 'acme' }, 'workspaces[0].helpdesk'],
    ])('rejects malformed Freshdesk keys (%j)', (overrides, expected) => {
      const raw = { workspaces: [workspace({ helpdesk: { ...freshdesk, ...overrides } })] };
      expect(() => resolve(raw, freshdeskEnv)).toThrow(expected);
    });

    it('names the helpdesks it knows when the kind is unknown or missing', () => {
      for (const kind of ['helpscout', undefined]) {
        const raw = { workspaces: [workspace({ helpdesk: { ...freshdesk, kind } })] };
        expect(() => resolve(raw, freshdeskEnv)).toThrow(
          /workspaces\[0\]\.helpdesk\.kind: .*zendesk.*freshdesk/,
        );
      }
    });
  });

  it('rejects duplicate workspace ids and business numbers', () => {
    expect(() => resolve({ workspaces: [workspace(), workspace()] })).toThrow(
      /workspaces\[1\]\.id: duplicate workspace id 'acme'[\s\S]*workspaces\[1\]\.businessNumbers\[0\]: business number \+14155550100 is already used by workspace 'acme'/,
    );
  });

  it('requires a public URL, because Twilio signs the exact URL it called', () => {
    const { PUBLIC_URL: _, ...withoutUrl } = env;
    expect(() => resolve({ workspaces: [workspace()] }, withoutUrl)).toThrow(
      /server\.publicUrl is missing and PUBLIC_URL is not set/,
    );
    expect(() => resolve({ workspaces: [workspace()] }, { ...env, PUBLIC_URL: 'ftp://x' })).toThrow(
      /must be http\(s\)/,
    );
  });

  it('rejects a DATABASE_URL that is not PostgreSQL, without echoing its password', () => {
    expect(() =>
      resolve({ workspaces: [workspace()] }, { ...env, DATABASE_URL: 'mysql://root:hunter2@db/x' }),
    ).toThrow(/DATABASE_URL is 'mysql:\/\/\*\*\*@db\/x'/);
  });
});

describe('resolveConfig: app API token', () => {
  const TOKEN = 'f3a9c2e17b4d8e06a5c1f9b2d7e4a8c3';
  const withToken = (name = 'ACME_APP_TOKEN') => workspace({ appApiToken: { env: name } });

  it('leaves the app API off when no token is configured', () => {
    expect(resolve({ workspaces: [workspace()] }).workspaces[0]?.appApiToken).toBeUndefined();
  });

  it('reads the token from the environment variable it names', () => {
    const config = resolve({ workspaces: [withToken()] }, { ...env, ACME_APP_TOKEN: TOKEN });
    expect(config.workspaces[0]?.appApiToken).toBe(TOKEN);
  });

  it('names the variable when it is not set, instead of turning the API off silently', () => {
    expect(() => resolve({ workspaces: [withToken()] })).toThrow(
      'relay.yaml: workspaces[0].appApiToken names the environment variable ACME_APP_TOKEN, which is not set',
    );
  });

  it('refuses a token written in the file', () => {
    expect(() => resolve({ workspaces: [workspace({ appApiToken: TOKEN })] })).toThrow(
      /workspaces\[0\]\.appApiToken: /,
    );
  });

  it('refuses a short token or one a bearer header cannot carry, without echoing it', () => {
    for (const [token, expected] of [
      ['hunter2', /ACME_APP_TOKEN is 7 characters long \(expected at least 32/],
      [`${TOKEN} ${TOKEN}`, /ACME_APP_TOKEN has characters a bearer token cannot carry/],
      [`${TOKEN}"`, /cannot carry/],
      [`${TOKEN}é`, /cannot carry/],
    ] as const) {
      let message = '';
      try {
        resolve({ workspaces: [withToken()] }, { ...env, ACME_APP_TOKEN: token });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(expected);
      expect(message).toMatch(/^relay\.yaml: workspaces\[0\]\.appApiToken: /);
      expect(message).not.toContain(token);
    }
  });

  it('refuses two workspaces sharing one token, which would let each read the other', () => {
    const second = workspace({
      id: 'globex',
      businessNumbers: ['+14155550199'],
      appApiToken: { env: 'GLOBEX_APP_TOKEN' },
    });
    const environment = { ...env, ACME_APP_TOKEN: TOKEN, GLOBEX_APP_TOKEN: TOKEN };
    expect(() => resolve({ workspaces: [withToken(), second] }, environment)).toThrow(
      "relay.yaml: workspaces[1].appApiToken: workspace 'acme' already uses this token",
    );
    const distinct = { ...environment, GLOBEX_APP_TOKEN: `${TOKEN}x` };
    expect(resolve({ workspaces: [withToken(), second] }, distinct).workspaces).toHaveLength(2);
  });
});

describe('resolveConfig: quick replies', () => {
  const script = (overrides: Record<string, unknown> = {}) => ({
    id: 'billing-refund',
    category: 'billing',
    title: 'Refund steps',
    body: 'Hi {{first_name}}, your refund for {{order_id}} is on its way. If it has not arrived in 5 days, reply AGENT. {{agent_name}}',
    ...overrides,
  });
  const withReplies = (quickReplies: unknown) => ({ workspaces: [workspace({ quickReplies })] });

  it('gives every workspace one default script per category when none are configured', () => {
    const replies = resolve({ workspaces: [workspace()] }).workspaces[0]?.quickReplies ?? [];
    expect(replies.map((reply) => reply.category)).toEqual([...QUICK_REPLY_CATEGORIES]);
    expect(replies).toEqual(DEFAULT_QUICK_REPLIES);
  });

  it('keeps the configured scripts, in order, and allows none at all', () => {
    const second = script({ id: 'outage', category: 'outage', body: 'We know; reply AGENT.' });
    expect(resolve(withReplies([script(), second])).workspaces[0]?.quickReplies).toEqual([
      script(),
      second,
    ]);
    expect(resolve(withReplies([])).workspaces[0]?.quickReplies).toEqual([]);
  });

  it.each([
    [
      [script(), script()],
      "workspaces[0].quickReplies[1].id: duplicate quick reply id 'billing-refund'",
    ],
    [
      [script({ body: 'Hi {{customer_name}}, thanks!' })],
      'workspaces[0].quickReplies[0].body: unknown variable {{customer_name}} (expected {{first_name}}, {{order_id}}, {{agent_name}})',
    ],
    [
      [script({ body: 'Hi {{ first_name }}' })],
      'workspaces[0].quickReplies[0].body: unknown variable {{ first_name }}',
    ],
    [
      [script({ body: 'Hi {{first_name}' })],
      "workspaces[0].quickReplies[0].body: unbalanced '{{' or '}}'",
    ],
    [
      [script({ body: 'x'.repeat(321) })],
      'workspaces[0].quickReplies[0].body: expected at most 320 characters',
    ],
    [
      [script({ body: '   ' })],
      'workspaces[0].quickReplies[0].body: expected the text of the script',
    ],
    [
      [script({ category: 'sales' })],
      'workspaces[0].quickReplies[0].category: expected one of general_inquiry, order_status, technical, billing, outage',
    ],
    [
      [script({ id: 'Has Spaces' })],
      'workspaces[0].quickReplies[0].id: expected lower-case letters',
    ],
    [[script({ title: '' })], 'workspaces[0].quickReplies[0].title: expected a short title'],
    [[script({ surprise: 1 })], 'workspaces[0].quickReplies[0]'],
    [[script({ body: 42 })], 'workspaces[0].quickReplies[0].body'],
    ['not a list', 'workspaces[0].quickReplies'],
  ])('rejects a malformed quick reply (%#)', (quickReplies, expected) => {
    expect(() => resolve(withReplies(quickReplies))).toThrow(expected);
  });

  it('accepts a 320-character script with emoji and every known variable', () => {
    const body = `{{first_name}} {{order_id}} {{agent_name}} 🙂 `.padEnd(320, 'x');
    expect(body).toHaveLength(320);
    expect(resolve(withReplies([script({ body })])).workspaces[0]?.quickReplies[0]?.body).toBe(
      body,
    );
  });
});

describe('loadConfig', () => {
  it.each(['smsbridge.sandbox.yaml', 'smsbridge.sandbox.freshdesk.yaml'])(
    'loads the example file %s that the demo uses',
    (name) => {
      const path = new URL(`../../../examples/${name}`, import.meta.url).pathname;
      const secrets = Object.fromEntries(
        [
          'DEMO_TWILIO_AUTH_TOKEN',
          'DEMO_ZENDESK_API_TOKEN',
          'DEMO_ZENDESK_WEBHOOK_SECRET',
          'DEMO_FRESHDESK_API_KEY',
          'DEMO_FRESHDESK_WEBHOOK_SECRET',
          'DEMO_APP_API_TOKEN',
        ].map((key) => [key, `${key.toLowerCase()}-0123456789abcdef`]),
      );
      const config = loadConfig(path, secrets);
      expect(config.workspaces.map((w) => w.helpdesk.kind)).toEqual([
        name.includes('freshdesk') ? 'freshdesk' : 'zendesk',
      ]);
    },
  );

  describe('the bot (workspaces[].bot)', () => {
    const bot = {
      businessName: 'Acme Outdoor',
      orderLookup: {
        urlTemplate: 'https://shop.example/api/orders/{orderNumber}',
        authHeader: { name: 'Authorization', env: 'ACME_SHOP_TOKEN', prefix: 'Bearer ' },
      },
      alwaysOpen: { numbers: ['+14155550111'], tags: ['vip'] },
      model: { baseUrl: 'https://llm.example/v1', apiKey: { env: 'ACME_LLM_KEY' }, model: 'small' },
    };
    const botEnv = { ...env, ACME_SHOP_TOKEN: 'shop-secret', ACME_LLM_KEY: 'llm-secret' };

    it("reads the bot's keys through @smsbridge/bot and its secrets from the environment", () => {
      const [acme] = resolve({ workspaces: [workspace({ bot })] }, botEnv).workspaces;
      expect(acme?.bot?.settings.businessName).toBe('Acme Outdoor');
      // The bot's defaults are filled in (the default menu has 5 items).
      expect(acme?.bot?.settings.menu).toHaveLength(5);
      expect(acme?.bot?.alwaysOpen).toEqual({ numbers: ['+14155550111'], tags: ['vip'] });
      expect(acme?.bot?.model).toEqual({
        baseUrl: 'https://llm.example/v1',
        apiKeyEnv: 'ACME_LLM_KEY',
        model: 'small',
        timeoutMs: 3000,
      });
      expect(acme?.bot?.secrets).toEqual({
        ACME_SHOP_TOKEN: 'shop-secret',
        ACME_LLM_KEY: 'llm-secret',
      });
      expect(acme?.bot?.recordResolvedTickets).toBe(true);
    });

    it('has no bot without the key, or with enabled: false (still checked)', () => {
      expect(resolve({ workspaces: [workspace()] }).workspaces[0]?.bot).toBeUndefined();
      const off = { ...bot, enabled: false };
      expect(
        resolve({ workspaces: [workspace({ bot: off })] }, botEnv).workspaces[0]?.bot,
      ).toBeUndefined();
      expect(() =>
        resolve({ workspaces: [workspace({ bot: { ...off, businessName: '' } })] }, botEnv),
      ).toThrow('workspaces[0].bot.businessName');
    });

    it.each([
      [{ businessName: 'x'.repeat(31) }, 'workspaces[0].bot.businessName:'],
      [{ confidenceThreshold: 2 }, 'workspaces[0].bot.confidenceThreshold:'],
      [{ menu: [{ key: '1', label: { en: 'x' } }] }, 'workspaces[0].bot.menu[0]'],
      [{ orderLookup: { urlTemplate: 'not a url' } }, 'workspaces[0].bot.orderLookup.urlTemplate'],
      [{ surprise: true }, 'workspaces[0].bot'],
      [
        { alwaysOpen: { numbers: ['555-0100'] } },
        'workspaces[0].bot.alwaysOpen.numbers[0]: expected an E.164',
      ],
      [
        { model: { baseUrl: 'https://x.example', apiKey: 'in clear', model: 'm' } },
        'workspaces[0].bot.model.apiKey',
      ],
    ])('names the key of a malformed bot setting (%j)', (overrides, expected) => {
      expect(() =>
        resolve({ workspaces: [workspace({ bot: { ...bot, ...overrides } })] }, botEnv),
      ).toThrow(expected);
    });

    it('names the environment variable of a missing bot secret', () => {
      const { ACME_SHOP_TOKEN: _, ...partial } = botEnv;
      expect(() => resolve({ workspaces: [workspace({ bot })] }, partial)).toThrow(
        'relay.yaml: workspaces[0].bot.orderLookup.authHeader.env names the environment variable ACME_SHOP_TOKEN, which is not set',
      );
    });
  });

  describe('SMS CSAT (workspaces[].csat)', () => {
    it('fills the defaults', () => {
      const [acme] = resolve({ workspaces: [workspace({ csat: {} })] }).workspaces;
      expect(acme?.csat).toEqual({
        enabled: true,
        delayMinutes: 60,
        question: 'How did we do? Reply 1-5 (5 = great). Reply STOP to opt out.',
        thanks: 'Thank you for your feedback!',
        answerWindowHours: 72,
      });
      expect(resolve({ workspaces: [workspace()] }).workspaces[0]?.csat).toBeUndefined();
    });

    it.each([
      [{ delayMinutes: -1 }, 'workspaces[0].csat.delayMinutes'],
      [{ question: '' }, 'workspaces[0].csat.question'],
      [{ question: 'x'.repeat(161) }, 'workspaces[0].csat.question'],
      [{ answerWindowHours: 0 }, 'workspaces[0].csat.answerWindowHours'],
      [{ sendTo: 'everyone' }, 'workspaces[0].csat'],
    ])('names the key of a malformed setting (%j)', (csat, expected) => {
      expect(() => resolve({ workspaces: [workspace({ csat })] })).toThrow(expected);
    });
  });

  it('reads a YAML file', () => {
    const path = writeTemp(stringify({ server: { port: 9000 }, workspaces: [workspace()] }));
    expect(loadConfig(path, env).server.port).toBe(9000);
  });

  it('names a file it cannot read', () => {
    expect(() => loadConfig('/nonexistent/relay.yaml', env)).toThrow(
      '/nonexistent/relay.yaml: cannot read the configuration file (ENOENT)',
    );
  });

  it('rejects invalid YAML, duplicate keys, a non-mapping and an oversized file', () => {
    expect(() => loadConfig(writeTemp('workspaces: [\n'), env)).toThrow(
      /relay\.yaml: not valid YAML/,
    );
    expect(() => loadConfig(writeTemp('server: {}\nserver: {}\nworkspaces: []\n'), env)).toThrow(
      /not valid YAML: Map keys must be unique at line 2/,
    );
    expect(() => loadConfig(writeTemp('- just\n- a list\n'), env)).toThrow(
      /expected a YAML mapping/,
    );
    expect(() => loadConfig(writeTemp(Buffer.alloc(2_000_000, 0x20)), env)).toThrow(
      /expected at most 1048576/,
    );
  });
});
