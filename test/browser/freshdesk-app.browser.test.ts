// The built Freshdesk app in Debian's Chromium, inside the Freshdesk host harness, against the real relay and sandbox.
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
  startFreshdeskHarnessStack,
  tabTo,
  typeInto,
} from './support.ts';

const skipReason = chromiumMissing();

interface HarnessWindow {
  readonly fdHarness: {
    log(): unknown[];
    notifications(): { type: string; title: string; message: string }[];
  };
}

describe.skipIf(skipReason !== undefined)('Freshdesk app in the harness (Chromium)', () => {
  const env = harnessSession(startFreshdeskHarnessStack);
  let frame: Frame;
  let ticketId: number;
  let customer: string;
  const nextCustomer = customerNumbers(3000);

  /** The agent opens the ticket page; the sidebar is ready once the consent badge shows. */
  async function openTicket(): Promise<void> {
    frame = await openAppPage(env.page, env.harness.pageUrl(ticketId), env.harness.appOrigin);
  }

  /** A new customer texts in, and the agent opens their ticket. */
  async function openNewTicket(firstText = 'Hi, where is my order?'): Promise<void> {
    customer = nextCustomer();
    ticketId = await customerTexts(env.stack, customer, firstText);
    await openTicket();
  }

  const composer = () => frame.getByLabel('SMS message');
  const meter = () => frame.getByTestId('meter-summary');
  const sendButton = () => frame.getByRole('button', { name: 'Send SMS' });
  const reason = () => frame.getByTestId('send-reason');
  const badge = () => frame.getByTestId('consent-badge');
  const editor = () => env.page.locator('#reply-editor');
  const phoneInbox = () => env.stack.sandbox.twilio.outbox().filter((m) => m.to === customer);
  const notesOnTicket = () =>
    (env.stack.sandbox.freshdesk?.notes(ticketId) ?? []).map((n) => ({
      text: n.body_text,
      private: n.private,
    }));

  const type = (text: string) => typeInto(composer(), text);

  async function expectAccessible(state: string): Promise<void> {
    expect(await seriousAxeViolations(frame), `axe in state "${state}"`).toEqual([]);
  }

  it('typing in the SMS composer updates the meter; curly quotes flip it to UCS-2 and Replace brings it back', async () => {
    await openNewTicket();
    await expectAccessible('opened');
    expect(await sendButton().isDisabled()).toBe(true); // nothing to send yet
    await type('Your parcel left the depot today.');
    await expect
      .poll(() => meter().textContent())
      .toBe('GSM-7 · 1 segment(s) · 127 characters left in this segment');
    expect(await sendButton().isEnabled()).toBe(true);
    await saveScreenshot(env.page, 'freshdesk-01-meter-typing');
    await expectAccessible('typing');

    await composer().fill('Your “parcel” left the depot');
    await expect.poll(() => meter().textContent()).toMatch(/^UCS-2 · 1 segment\(s\)/);
    await expect
      .poll(() => frame.getByTestId('meter-preview').locator('mark').allTextContents())
      .toEqual(['“', '”']);
    await saveScreenshot(env.page, 'freshdesk-02-ucs2-curly-quotes');
    await expectAccessible('ucs-2');
    await frame.getByRole('button', { name: 'Replace with GSM look-alikes' }).click();
    await expect.poll(() => composer().inputValue()).toBe('Your "parcel" left the depot');
    await expect.poll(() => meter().textContent()).toMatch(/^GSM-7 · 1 segment\(s\)/);
  });

  it('a card number disables Send with the reason, and nothing reaches the phone', async () => {
    await openNewTicket();
    await type('Your card 4111 1111 1111 1111 is on file');
    await expect
      .poll(() => reason().textContent())
      .toBe(
        'Cannot send: this text contains a card number, which must not go by SMS. Remove it first.',
      );
    expect(await sendButton().isDisabled()).toBe(true);
    await expect.poll(() => frame.getByText(/Card number on line 1/).count()).toBeGreaterThan(0);
    await sendButton().click({ force: true }); // a click on the disabled button does nothing
    await saveScreenshot(env.page, 'freshdesk-03-card-number-blocked');
    await expectAccessible('pii');
    expect(phoneInbox()).toEqual([]);
    expect(notesOnTicket().filter((n) => /Sent by SMS/.test(n.text))).toEqual([]);

    // Removing the number lets the text go again.
    await composer().fill('Your card ending 1111 is on file');
    await expect.poll(() => sendButton().isEnabled()).toBe(true);
    expect(await reason().textContent()).toBe('');
  });

  it('a quick reply goes into the reply editor, or into the SMS where its unfilled {{first_name}} blocks Send', async () => {
    await openNewTicket();
    await frame.getByRole('button', { name: 'Insert into reply editor' }).first().click();
    // The relay names the requester "SMS +1415...": no first name, so the placeholder stays for the agent.
    await expect
      .poll(() => editor().inputValue())
      .toMatch(/^Hi \{\{first_name\}\}, Alex here\. Reply with/);
    await expect
      .poll(() => frame.getByTestId('editor-status').textContent())
      .toBe('Inserted into the reply editor.');

    await frame.getByRole('button', { name: 'Use in SMS' }).first().click();
    await expect.poll(() => composer().inputValue()).toMatch(/^Hi \{\{first_name\}\}, Alex here\./);
    await expect
      .poll(() => reason().textContent())
      .toBe(
        'Cannot send: this text still has {{first_name}} to fill in. Replace it with the right words first.',
      );
    expect(await sendButton().isDisabled()).toBe(true);
    await saveScreenshot(env.page, 'freshdesk-04-quick-reply');
    await expectAccessible('quick reply');
  });

  it('after the customer texts STOP, the badge says Opted out and Send is disabled with the reason', async () => {
    await openNewTicket();
    expect(await badge().textContent()).toBe('Implied (the customer texted first)');
    await customerOptsOut(env.stack, customer, ticketId);
    await openTicket();
    expect(await badge().textContent()).toBe('Opted out');
    await type('Sorry to see you go');
    await expect
      .poll(() => reason().textContent())
      .toBe(
        'Cannot send: the customer opted out of texts. Add a note instead, or wait for them to text START.',
      );
    expect(await sendButton().isDisabled()).toBe(true);
    await frame.getByRole('button', { name: 'Show consent history' }).click();
    await expect.poll(() => frame.getByTestId('consent-history').textContent()).toMatch(/STOP/);
    await saveScreenshot(env.page, 'freshdesk-05-opted-out');
    await expectAccessible('opted out');
    expect(phoneInbox().filter((m) => m.body === 'Sorry to see you go')).toEqual([]);
  });

  it('works by keyboard: Tab to Replace, to Insert into reply editor and to Send, Enter acts', async () => {
    await openNewTicket();
    await type('“Hello”');
    await expect.poll(() => meter().textContent()).toMatch(/^UCS-2/);

    await pressByKeyboard(env.page, frame, composer(), 'Replace with GSM look-alikes');
    await expect.poll(() => composer().inputValue()).toBe('"Hello"');

    await composer().focus();
    await tabTo(env.page, frame, 'Send SMS');
    await pressByKeyboard(env.page, frame, composer(), 'Insert into reply editor');
    await expect.poll(() => editor().inputValue()).toMatch(/^Hi \{\{first_name\}\}, Alex here\./);
    await saveScreenshot(env.page, 'freshdesk-06-keyboard');
  });

  it('keeps the relay token on the server: no browser request or frame message carries it', async () => {
    const seen = recordRequests(env.page);
    await openNewTicket();
    const log = await env.page.evaluate(() =>
      JSON.stringify((globalThis as unknown as HarnessWindow).fdHarness.log()),
    );
    expect(log).toContain('relayConversation');
    expect(log).not.toContain(APP_API_TOKEN);
    expect(seen.join('\n')).not.toContain(APP_API_TOKEN);
    expect(seen.some((line) => line.includes('/_harness/freshdesk/api/invoke'))).toBe(true);
    // Nothing from a CDN: every request stays on the harness, the app origin or the relay's proxy.
    const origins = new Set(seen.map((line) => new URL(line.split(' ')[0] ?? '').origin));
    expect([...origins].sort()).toEqual([env.harness.appOrigin, env.harness.url].sort());
  });

  // The send route (POST .../conversations/by-ticket/{ticketId}/messages) is the relay's side of issue 5.
  it('an SMS sent from the sidebar reaches the phone, its delivery turns Delivered, and the ticket gets a "Sent by SMS by Alex Agent" note', async () => {
    await openNewTicket();
    const text = 'Your parcel left the depot today.';
    await type(text);
    await expect.poll(() => sendButton().isEnabled()).toBe(true);
    await sendButton().click();
    await expect
      .poll(() => frame.getByTestId('send-outcome').textContent(), { timeout: 10_000 })
      .toBe('Sent. Its delivery status is under Recent texts.');
    expect(await composer().inputValue()).toBe('');
    await eventually('the text on the customer’s phone', () =>
      phoneInbox().some((m) => m.body === text),
    );
    // The delivery shows in the sidebar and its status follows the carrier's callbacks.
    await expect
      .poll(() => frame.getByTestId('delivery').first().getAttribute('data-status'), {
        timeout: 15_000,
      })
      .toBe('delivered');
    expect(await frame.getByTestId('delivery').first().textContent()).toMatch(
      /^Delivered .* · 1 segment\(s\) · by Alex Agent$/,
    );
    await eventually('the note on the Freshdesk ticket', () =>
      notesOnTicket().some(
        (n) => !n.private && n.text.includes('Sent by SMS by Alex Agent') && n.text.includes(text),
      ),
    );
    await expect
      .poll(() => env.page.getByTestId('conversation').last().textContent(), { timeout: 5_000 })
      .toMatch(/Sent by SMS by Alex Agent/);
    const notified = await env.page.evaluate(() =>
      (globalThis as unknown as HarnessWindow).fdHarness.notifications(),
    );
    expect(notified).toContainEqual(
      expect.objectContaining({ type: 'success', title: 'SMS sent' }),
    );
    expect(phoneInbox().filter((m) => m.body === text)).toHaveLength(1);
    await saveScreenshot(env.page, 'freshdesk-07-sent-delivered');
    await expectAccessible('sent');
  });

  it('a text to a customer who opted out while the sidebar was open is refused by the relay, and the sidebar catches up', async () => {
    await openNewTicket();
    await customerOptsOut(env.stack, customer, ticketId);
    // The sidebar still shows the consent it loaded: Send is enabled, the relay decides.
    await type('Are you still there?');
    await sendButton().click();
    await expect
      .poll(() => frame.getByTestId('send-outcome').textContent(), { timeout: 10_000 })
      .toBe('Not sent: the customer opted out of texts.');
    await expect.poll(() => badge().textContent(), { timeout: 10_000 }).toBe('Opted out');
    await expect.poll(() => sendButton().isDisabled()).toBe(true);
    expect(phoneInbox().filter((m) => m.body === 'Are you still there?')).toEqual([]);
  });
});
