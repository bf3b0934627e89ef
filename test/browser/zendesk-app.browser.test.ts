// The built Zendesk app in Debian's Chromium, inside the ZAF host harness, against the real relay and sandbox.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { eventually } from '../e2e/stack.ts';
import {
  APP_API_TOKEN,
  appFrame,
  chromiumMissing,
  customerTexts,
  launchChromium,
  saveScreenshot,
  startHarnessStack,
  type Browser,
  type HarnessStack,
} from './support.ts';

const skipReason = chromiumMissing();
const AXE_SOURCE = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

/** The few browser globals the page functions below use (the project's TypeScript has no DOM lib). */
interface BrowserGlobals {
  readonly document: {
    hasFocus(): boolean;
    readonly activeElement: { readonly textContent: string | null } | null;
  };
}

interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: readonly { readonly target: readonly unknown[] }[];
}

describe.skipIf(skipReason !== undefined)('Zendesk app in the harness (Chromium)', () => {
  let env: HarnessStack;
  let browser: Browser;
  let page: Page;
  let frame: Frame;
  let ticketId: number;
  let customer: string;
  let customerCount = 0;

  beforeAll(async () => {
    env = await startHarnessStack();
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  /** A new customer texts in, and the agent opens their ticket in the workspace. */
  async function openNewTicket(firstText = 'Hi, where is my order?'): Promise<void> {
    customerCount += 1;
    customer = `+1415555${String(2000 + customerCount).padStart(4, '0')}`;
    ticketId = await customerTexts(env.stack, customer, firstText);
    await page.goto(env.harness.pageUrl(ticketId));
    frame = await appFrame(page, env.harness.appOrigin);
    await frame.getByTestId('consent-badge').waitFor({ timeout: 20_000 });
  }

  beforeEach(async () => {
    await page?.close();
    page = await browser.context.newPage();
  });

  const meter = () => frame.getByTestId('meter-summary');
  const composer = () => page.locator('#composer');
  const badge = () => frame.getByTestId('consent-badge');

  async function type(text: string): Promise<void> {
    await composer().click();
    await composer().pressSequentially(text, { delay: 5 });
  }

  async function axeViolations(): Promise<AxeViolation[]> {
    if (!(await frame.evaluate(() => 'axe' in globalThis))) await frame.evaluate(AXE_SOURCE);
    const violations = await frame.evaluate(async () => {
      const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: unknown[] }> } })
        .axe;
      return (await axe.run()).violations;
    });
    return (violations as AxeViolation[]).filter(
      (v) => v.impact === 'serious' || v.impact === 'critical',
    );
  }

  async function expectAccessible(state: string): Promise<void> {
    const serious = await axeViolations();
    expect(
      serious.map(
        (v) => `${v.id} (${v.impact}): ${v.help} at ${JSON.stringify(v.nodes[0]?.target)}`,
      ),
      `axe in state "${state}"`,
    ).toEqual([]);
  }

  it('typing in the composer updates the meter', async () => {
    await openNewTicket();
    await expectAccessible('opened');
    await type('Your parcel left the depot today.');
    await expect
      .poll(() => meter().textContent())
      .toBe('GSM-7 · 1 segment(s) · 127 characters left in this segment');
    await saveScreenshot(page, '01-meter-typing');
    await expectAccessible('typing');
  });

  it('an emoji or curly quote flips to UCS-2; the replace button brings it back to GSM-7 where it can', async () => {
    await openNewTicket();
    await type('Your “parcel” left the depot');
    await expect.poll(() => meter().textContent()).toMatch(/^UCS-2 · 1 segment\(s\)/);
    await expect
      .poll(() => frame.getByTestId('meter-preview').locator('mark').allTextContents())
      .toEqual(['“', '”']);
    await saveScreenshot(page, '02-ucs2-curly-quotes');
    await expectAccessible('ucs-2');
    await frame.getByRole('button', { name: 'Replace with GSM look-alikes' }).click();
    await expect.poll(() => composer().inputValue()).toBe('Your "parcel" left the depot');
    await expect.poll(() => meter().textContent()).toMatch(/^GSM-7 · 1 segment\(s\)/);

    // An emoji has no GSM look-alike: the text stays UCS-2, the emoji is marked, nothing to replace.
    await type(' 📦');
    await expect.poll(() => meter().textContent()).toMatch(/^UCS-2/);
    await expect
      .poll(() => frame.getByTestId('meter-preview').locator('mark').allTextContents())
      .toEqual(['📦']);
    expect(await frame.getByRole('button', { name: 'Replace with GSM look-alikes' }).count()).toBe(
      0,
    );
    await saveScreenshot(page, '03-ucs2-emoji');
  });

  it('a card number blocks the save with the message, and nothing reaches Zendesk or the phone', async () => {
    await openNewTicket();
    await type('Your card 4111 1111 1111 1111 is on file');
    await expect.poll(() => frame.getByText(/card number/i).count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Submit' }).click();
    await expect
      .poll(() => page.locator('#save-error').textContent())
      .toBe(
        'Not sent: this reply contains a card number, which must not go by SMS. Remove it and save again.',
      );
    await saveScreenshot(page, '04-card-number-blocked');
    await expectAccessible('pii');
    const ticket = env.stack.sandbox.zendesk.ticket(ticketId);
    expect(ticket?.comments.map((c) => c.body)).toEqual(['Hi, where is my order?']);
    expect(env.stack.sandbox.twilio.outbox().filter((m) => m.to === customer)).toEqual([]);
    expect(await composer().inputValue()).toContain('4111'); // the agent's text is kept to fix
  });

  it('a quick reply lands in the composer, and an ordinary reply is saved and texted', async () => {
    await openNewTicket();
    await frame.getByRole('button', { name: 'Insert' }).first().click();
    // The relay names the requester "SMS +1415...": no first name, so the placeholder stays for the agent.
    await expect
      .poll(() => composer().inputValue())
      .toMatch(/^Hi \{\{first_name\}\}, Alex here\. Reply with/);
    await composer().fill((await composer().inputValue()).replace('{{first_name}}', 'there'));
    const inserted = await composer().inputValue();
    await expect.poll(() => meter().textContent()).toMatch(/^GSM-7 · 1 segment\(s\)/);
    await saveScreenshot(page, '05-quick-reply-inserted');
    await page.getByRole('button', { name: 'Submit' }).click();
    await expect.poll(() => page.locator('#save-status').textContent()).toBe('Saved.');
    expect(await composer().inputValue()).toBe('');
    await eventually('the reply on the customer’s phone', () =>
      env.stack.sandbox.twilio.outbox().some((m) => m.to === customer && m.body === inserted),
    );
  });

  it('after the customer texts STOP the badge turns to opted out and the save is blocked', async () => {
    await openNewTicket();
    expect(await badge().textContent()).toBe('Implied (the customer texted first)');
    await customerTexts(env.stack, customer, 'STOP');
    await eventually('the relay to record the opt-out', async () => {
      const response = await fetch(
        `${env.stack.relayUrl}/api/v1/workspaces/acme/conversations/by-ticket/${ticketId}`,
        { headers: { authorization: `Bearer ${APP_API_TOKEN}` } },
      );
      const body = (await response.json()) as { consent?: { status?: string } };
      return body.consent?.status === 'opted_out';
    });
    // The sidebar was open all along: the save hook asks the relay again, so the STOP counts.
    await type('Sorry to see you go');
    await page.getByRole('button', { name: 'Submit' }).click();
    await expect
      .poll(() => page.locator('#save-error').textContent())
      .toBe(
        'Not sent: the customer opted out of texts. Add an internal note instead, or wait for them to text START.',
      );
    await expect.poll(() => badge().textContent(), { timeout: 10_000 }).toBe('Opted out');
    await saveScreenshot(page, '06-opted-out-blocked');
    await expectAccessible('opted out');

    // An internal note is never blocked.
    await page.getByLabel('Internal note').check();
    await page.getByRole('button', { name: 'Submit' }).click();
    await expect.poll(() => page.locator('#save-status').textContent()).toBe('Saved.');
    expect(env.stack.sandbox.zendesk.ticket(ticketId)?.comments.at(-1)).toMatchObject({
      body: 'Sorry to see you go',
      public: false,
    });
  });

  it('works by keyboard: Tab to a quick reply, Enter inserts it; the replace button is reachable', async () => {
    await openNewTicket();
    await type('“Hello”');
    await expect.poll(() => meter().textContent()).toMatch(/^UCS-2/);

    /** Presses Tab until the focused element (in the page or the app frame) is `name`. */
    async function tabTo(name: string): Promise<void> {
      for (let presses = 0; presses < 60; presses += 1) {
        await page.keyboard.press('Tab');
        const focused = await frame.evaluate(() => {
          const { document } = globalThis as unknown as BrowserGlobals;
          return document.hasFocus() ? (document.activeElement?.textContent ?? '') : '';
        });
        if (focused === name) return;
      }
      throw new Error(`Tab never reached "${name}"`);
    }

    await composer().focus();
    await tabTo('Replace with GSM look-alikes');
    await page.keyboard.press('Enter');
    await expect.poll(() => composer().inputValue()).toBe('"Hello"');

    await composer().focus();
    await tabTo('Insert');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => composer().inputValue())
      .toMatch(/^"Hello"Hi \{\{first_name\}\}, Alex here\./);
    await saveScreenshot(page, '07-keyboard');
  });

  it('removes its listeners on app.willDestroy', async () => {
    await openNewTicket();
    const subscribed = () =>
      page.evaluate(() =>
        Object.keys(
          (
            globalThis as unknown as { zafHarness: { subscriptions(): Record<string, number> } }
          ).zafHarness.subscriptions(),
        ),
      );
    expect(await subscribed()).toEqual(
      expect.arrayContaining(['comment.text.changed', 'ticket.save', 'ticket.saved']),
    );
    await page.evaluate(() =>
      (
        globalThis as unknown as { zafHarness: { destroyApp(): Promise<void> } }
      ).zafHarness.destroyApp(),
    );
    const left = await subscribed();
    expect(left).not.toContain('comment.text.changed');
    expect(left).not.toContain('ticket.save');
    expect(left).not.toContain('ticket.saved');
  });

  it('keeps the relay token on the server: no browser request or frame message carries it', async () => {
    const seen: string[] = [];
    page.on('request', (request) => {
      seen.push(
        `${request.url()} ${JSON.stringify(request.headers())} ${request.postData() ?? ''}`,
      );
    });
    await openNewTicket();
    const log = await page.evaluate(() =>
      JSON.stringify(
        (globalThis as unknown as { zafHarness: { log(): unknown[] } }).zafHarness.log(),
      ),
    );
    expect(log).toContain('{{setting.relay_token}}');
    expect(log).not.toContain(APP_API_TOKEN);
    expect(seen.join('\n')).not.toContain(APP_API_TOKEN);
    expect(seen.some((line) => line.includes('/api/proxy'))).toBe(true);
  });
});
