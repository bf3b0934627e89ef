// Configuration loading: a wrong file fails fast, naming the file, the key and what was expected.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadConfig, resolveConfig } from './load.ts';

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
    expect(acme?.helpdesk.webhookSigningSecret).toBe('webhook-secret');
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

describe('loadConfig', () => {
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
