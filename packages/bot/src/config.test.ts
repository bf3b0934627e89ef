// Workspace bot configuration: defaults, and errors that name the key and what was expected.
import { describe, expect, it } from 'vitest';
import {
  BOT_CONFIG_DEFAULTS,
  BotConfigError,
  parseBotConfig,
  safeParseBotConfig,
} from './config.ts';

function issuesOf(input: unknown): string[] {
  const result = safeParseBotConfig(input);
  return result.ok ? [] : result.issues.map((issue) => issue.message);
}

describe('parseBotConfig', () => {
  it('fills every default from a business name alone', () => {
    const config = parseBotConfig({ businessName: 'Acme' });
    expect(config.menu.map((item) => [item.key, item.intent ?? 'submenu'])).toEqual([
      ['1', 'order_status'],
      ['2', 'submenu'],
      ['3', 'billing'],
      ['4', 'technical_issue'],
      ['5', 'agent'],
    ]);
    expect(config.menu[1]?.submenu?.map((entry) => [entry.key, entry.intent])).toEqual([
      ['A', 'password_reset'],
      ['B', 'profile_update'],
      ['C', 'close_account'],
    ]);
    expect(config.confidenceThreshold).toBe(0.6);
    expect(config.languages).toEqual(['en', 'es']);
    expect(config.tags).toEqual({
      resolved: 'sms_bot_resolved',
      escalated: 'sms_escalated',
      intentPrefix: 'sms_intent_',
    });
    expect(BOT_CONFIG_DEFAULTS.orderNumber.example).toBe('12345678');
  });

  it('keeps only the NAME of the auth environment variable', () => {
    const config = parseBotConfig({
      businessName: 'Acme',
      orderLookup: {
        urlTemplate: 'https://shop.example/o/{orderNumber}',
        authHeader: { env: 'SHOP_TOKEN' },
      },
    });
    expect(config.orderLookup).toEqual({
      urlTemplate: 'https://shop.example/o/{orderNumber}',
      authHeader: { name: 'Authorization', env: 'SHOP_TOKEN', prefix: '' },
      timeoutMs: 5000,
    });
    expect(
      issuesOf({
        businessName: 'Acme',
        orderLookup: {
          urlTemplate: 'https://shop.example/o/{orderNumber}',
          authHeader: { env: 'Bearer abc123' },
        },
      }),
    ).toEqual([
      'orderLookup.authHeader.env: expected an environment variable NAME such as "SHOP_API_TOKEN"',
    ]);
  });

  it.each([
    [{}, 'businessName: Invalid input: expected string, received undefined'],
    [{ businessName: 'Acme', colour: 'red' }, 'config: Unrecognized key: "colour"'],
    [
      { businessName: 'x'.repeat(31) },
      'businessName: Too big: expected string to have <=30 characters',
    ],
    [
      { businessName: 'Acme', confidenceThreshold: 1.5 },
      'confidenceThreshold: Too big: expected number to be <=1',
    ],
    [
      { businessName: 'Acme', languages: ['en'], defaultLanguage: 'es' },
      'defaultLanguage: expected one of the configured languages',
    ],
    [
      { businessName: 'Acme', orderNumber: { pattern: '([', example: '1' } },
      'orderNumber.pattern: expected a valid regular expression that does not match an empty text',
    ],
    [
      { businessName: 'Acme', orderNumber: { pattern: '\\d*', example: '1' } },
      'orderNumber.pattern: expected a valid regular expression that does not match an empty text',
    ],
    [
      { businessName: 'Acme', orderLookup: { urlTemplate: 'https://shop.example/orders' } },
      'orderLookup.urlTemplate: expected the template to contain {orderNumber}',
    ],
    [
      { businessName: 'Acme', trackingLinkTemplate: 'ftp://t.example/{trackingNumber}' },
      'trackingLinkTemplate: expected an http(s) URL',
    ],
    [
      { businessName: 'Acme', texts: { en: { greeting: 'Hi from {bussinessName}' } } },
      'texts.en.greeting: unknown placeholder {bussinessName}; this text may use {businessName}',
    ],
    [
      {
        businessName: 'Acme',
        menu: [
          { key: '1', label: { en: 'A' }, intent: 'billing' },
          { key: '1', label: { en: 'B' }, intent: 'agent' },
        ],
      },
      'menu: menu keys must be different digits',
    ],
    [
      { businessName: 'Acme', menu: [{ key: '1', label: { en: 'A' } }] },
      'menu[0]: expected either intent or submenu (not both)',
    ],
    [
      { businessName: 'Acme', passwordReset: { mode: 'email' } },
      "passwordReset.mode: Invalid discriminator value. Expected 'link' | 'endpoint'",
    ],
  ])('rejects %j', (input, message) => {
    expect(issuesOf(input)).toContain(message);
  });

  it('throws a BotConfigError listing every problem, one per line', () => {
    let error: unknown;
    try {
      parseBotConfig({ businessName: '', confidenceThreshold: -1 });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(BotConfigError);
    const issues = (error as BotConfigError).issues.map((issue) => issue.path);
    expect(issues).toEqual(['businessName', 'confidenceThreshold']);
    expect((error as BotConfigError).message.split('\n')).toHaveLength(3);
  });

  it.each([null, 'acme', 42, []])('rejects a non-object config %j', (input) => {
    expect(issuesOf(input).length).toBeGreaterThan(0);
  });
});
