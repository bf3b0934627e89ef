// The demo page tells its script which helpdesk it plays (GET /demo/config.json), never leaving it to guess.
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox, type SandboxOptions } from '../index.ts';

const TWILIO = {
  accountSid: `AC${'0'.repeat(32)}`,
  authToken: 'x',
  numbers: [{ number: '+14155550100', smsUrl: 'http://127.0.0.1:9/sms' }],
};
const ZENDESK = {
  subdomain: 'acme',
  email: 'a@acme.test',
  apiToken: 'z',
  webhookSigningSecret: 's',
};
const FRESHDESK = { domain: 'acme', apiKey: 'fd-key' };
/** A build that is never asked for: the config only says whether a harness runs. */
const NEVER_BUILT = () => Promise.reject(new Error('not built in this test'));

const sandboxes: Sandbox[] = [];
async function start(options: Omit<SandboxOptions, 'twilio' | 'zendesk'>): Promise<Sandbox> {
  const sandbox = await startSandbox({ twilio: TWILIO, zendesk: ZENDESK, ...options });
  sandboxes.push(sandbox);
  return sandbox;
}
afterEach(async () => {
  for (const sandbox of sandboxes.splice(0)) await sandbox.close();
});

async function pageConfig(sandbox: Sandbox): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${sandbox.url}/demo/config.json`);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  expect(response.headers.get('cache-control')).toBe('no-store');
  return { status: response.status, body: await response.json() };
}

describe('GET /demo/config.json', () => {
  it('plays Zendesk by default, with its harness only when the app harness runs', async () => {
    expect(await pageConfig(await start({}))).toEqual({
      status: 200,
      body: { helpdesk: 'zendesk', appHarness: null },
    });
    const withApp = await start({
      zendeskApp: { appDir: NEVER_BUILT, settings: {}, domainWhitelist: ['127.0.0.1'] },
    });
    expect((await pageConfig(withApp)).body).toEqual({
      helpdesk: 'zendesk',
      appHarness: '/_harness/zendesk',
    });
  });

  it('plays Freshdesk when told, linking the Freshdesk harness, not the Zendesk one', async () => {
    const sandbox = await start({
      freshdesk: FRESHDESK,
      // A Zendesk harness running too must not be what the Freshdesk page links to.
      zendeskApp: { appDir: NEVER_BUILT, settings: {}, domainWhitelist: ['127.0.0.1'] },
      freshdeskApp: { appDir: NEVER_BUILT, iparams: { relay_host: '127.0.0.1:9' } },
      demoPage: { helpdesk: 'freshdesk' },
    });
    expect((await pageConfig(sandbox)).body).toEqual({
      helpdesk: 'freshdesk',
      appHarness: '/_harness/freshdesk',
    });
    const withoutApp = await start({ freshdesk: FRESHDESK, demoPage: { helpdesk: 'freshdesk' } });
    expect((await pageConfig(withoutApp)).body).toEqual({
      helpdesk: 'freshdesk',
      appHarness: null,
    });
  });

  it('refuses a Freshdesk page without the Freshdesk stand-in, and an unknown helpdesk', async () => {
    await expect(start({ demoPage: { helpdesk: 'freshdesk' } })).rejects.toThrow(
      /demoPage\.helpdesk freshdesk needs freshdesk/,
    );
    await expect(
      start({ demoPage: { helpdesk: 'helpscout' as unknown as 'zendesk' } }),
    ).rejects.toThrow(/must be zendesk or freshdesk, got "helpscout"/);
  });
});
