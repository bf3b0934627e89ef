// The built Zendesk app in Debian's Chromium, inside the ZAF host harness, against the real relay and sandbox.
import { describe, expect, it } from 'vitest';
import type { Frame } from 'playwright-core';
import { eventually } from '../e2e/stack.ts';
import {
  APP_API_TOKEN,
  chromiumMissing,
  customerNumbers,
  customerOptsOut,
  customerTexts,
  harnessSession,
  openAppPage,
  pressByKeyboard,
  recordRequests,
  saveScreenshot,
  seriousAxeViolations,
  startHarnessStack,
  typeInto,
} from './support.ts';

const skipReason = chromiumMissing();

describe.skipIf(skipReason !== undefined)('Zendesk app in the harness (Chromium)', () => {
  const env = harnessSession(startHarnessStack);
  let frame: Frame;
  let ticketId: number;
  let customer: string;
  const nextCustomer = customerNumbers(2000);

  /** A new customer texts in, and the agent opens their ticket in the workspace. */
  async function openNewTicket(firstText = 'Hi, where is my order?'): Promise<void> {
    customer = nextCustomer();
    ticketId = await customerTexts(env.stack, customer, firstText);
    frame = await openAppPage(env.page, env.harness.pageUrl(ticketId), env.harness.appOrigin);
  }

  const meter = () => frame.getByTestId('meter-summary');
  const composer = () => env.page.locator('#composer');
  const badge = () => frame.getByTestId('consent-badge');

  const type = (text: string) => typeInto(composer(), text);

  async function expectAccessible(state: string): Promise<void> {
    expect(await seriousAxeViolations(frame), `axe in state "${state}"`).toEqual([]);
  }

  it('typing in the composer updates the meter', async () => {
    await openNewTicket();
    await expectAccessible('opened');
    await type('Your parcel left the depot today.');
    await expect
      .poll(() => meter().textContent())
      .toBe('GSM-7 · 1 segment(s) · 127 characters left in this segment');
    await saveScreenshot(env.page, '01-meter-typing');
    await expectAccessible('typing');
  });

  it('an emoji or curly quote flips to UCS-2; the replace button brings it back to GSM-7 where it can', async () => {
    await openNewTicket();
    await type('Your “parcel” left the depot');
    await expect.poll(() => meter().textContent()).toMatch(/^UCS-2 · 1 segment\(s\)/);
    await expect
      .poll(() => frame.getByTestId('meter-preview').locator('mark').allTextContents())
      .toEqual(['“', '”']);
    await saveScreenshot(env.page, '02-ucs2-curly-quotes');
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
    await saveScreenshot(env.page, '03-ucs2-emoji');
  });

  it('a card number blocks the save with the message, and nothing reaches Zendesk or the phone', async () => {
    await openNewTicket();
    await type('Your card 4111 1111 1111 1111 is on file');
    await expect.poll(() => frame.getByText(/card number/i).count()).toBeGreaterThan(0);
    await env.page.getByRole('button', { name: 'Submit' }).click();
    await expect
      .poll(() => env.page.locator('#save-error').textContent())
      .toBe(
        'Not sent: this reply contains a card number, which must not go by SMS. Remove it and save again.',
      );
    await saveScreenshot(env.page, '04-card-number-blocked');
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
    await saveScreenshot(env.page, '05-quick-reply-inserted');
    await env.page.getByRole('button', { name: 'Submit' }).click();
    await expect.poll(() => env.page.locator('#save-status').textContent()).toBe('Saved.');
    expect(await composer().inputValue()).toBe('');
    await eventually('the reply on the customer’s phone', () =>
      env.stack.sandbox.twilio.outbox().some((m) => m.to === customer && m.body === inserted),
    );
  });

  it('after the customer texts STOP the badge turns to opted out and the save is blocked', async () => {
    await openNewTicket();
    expect(await badge().textContent()).toBe('Implied (the customer texted first)');
    await customerOptsOut(env.stack, customer, ticketId);
    // The sidebar was open all along: the save hook asks the relay again, so the STOP counts.
    await type('Sorry to see you go');
    await env.page.getByRole('button', { name: 'Submit' }).click();
    await expect
      .poll(() => env.page.locator('#save-error').textContent())
      .toBe(
        'Not sent: the customer opted out of texts. Add an internal note instead, or wait for them to text START.',
      );
    await expect.poll(() => badge().textContent(), { timeout: 10_000 }).toBe('Opted out');
    await saveScreenshot(env.page, '06-opted-out-blocked');
    await expectAccessible('opted out');

    // An internal note is never blocked.
    await env.page.getByLabel('Internal note').check();
    await env.page.getByRole('button', { name: 'Submit' }).click();
    await expect.poll(() => env.page.locator('#save-status').textContent()).toBe('Saved.');
    expect(env.stack.sandbox.zendesk.ticket(ticketId)?.comments.at(-1)).toMatchObject({
      body: 'Sorry to see you go',
      public: false,
    });
  });

  it('works by keyboard: Tab to a quick reply, Enter inserts it; the replace button is reachable', async () => {
    await openNewTicket();
    await type('“Hello”');
    await expect.poll(() => meter().textContent()).toMatch(/^UCS-2/);

    await pressByKeyboard(env.page, frame, composer(), 'Replace with GSM look-alikes');
    await expect.poll(() => composer().inputValue()).toBe('"Hello"');

    await pressByKeyboard(env.page, frame, composer(), 'Insert');
    await expect
      .poll(() => composer().inputValue())
      .toMatch(/^"Hello"Hi \{\{first_name\}\}, Alex here\./);
    await saveScreenshot(env.page, '07-keyboard');
  });

  it('removes its listeners on app.willDestroy', async () => {
    await openNewTicket();
    const subscribed = () =>
      env.page.evaluate(() =>
        Object.keys(
          (
            globalThis as unknown as { zafHarness: { subscriptions(): Record<string, number> } }
          ).zafHarness.subscriptions(),
        ),
      );
    expect(await subscribed()).toEqual(
      expect.arrayContaining(['comment.text.changed', 'ticket.save', 'ticket.saved']),
    );
    await env.page.evaluate(() =>
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
    const seen = recordRequests(env.page);
    await openNewTicket();
    const log = await env.page.evaluate(() =>
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
