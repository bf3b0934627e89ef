// The bot section of both built sidebar apps in Chromium: a hand-off's outcome, intent and transcript from the real relay, and "no bot" where the bot never talked.
import { describe, expect, it } from 'vitest';
import type { Frame } from 'playwright-core';
import { BUSINESS_NUMBER, eventually, type StackOptions } from '../e2e/stack.ts';
import {
  chromiumMissing,
  consentOnRelay,
  customerNumbers,
  customerTexts,
  harnessSession,
  openAppPage,
  saveScreenshot,
  seriousAxeViolations,
  startFreshdeskHarnessStack,
  startHarnessStack,
  type HarnessStack,
  type HarnessStackOptions,
} from './support.ts';

const skipReason = chromiumMissing();

/** The workspace's bot: order status through the sandbox's shop, which knows one order. */
const WITH_BOT: Omit<StackOptions, 'helpdesk' | 'workspace' | 'env'> = {
  bot: {
    businessName: 'Acme Outdoor',
    orderLookup: { urlTemplate: '{shop}/orders/{orderNumber}', timeoutMs: 2000 },
  },
  shop: { orders: { '12345678': { status: 'Shipped', eta: 'Friday' } } },
};

type StartApp = (options: HarnessStackOptions) => Promise<HarnessStack>;

const APPS: readonly {
  readonly app: 'zendesk' | 'freshdesk';
  readonly start: StartApp;
  /** Screenshot names: `<prefix>-handed-off.png`, `<prefix>-long-transcript.png`. */
  readonly screenshot: string;
  /** Phone number block of customerNumbers, apart from the other browser test files. */
  readonly numbers: number;
}[] = [
  { app: 'zendesk', start: startHarnessStack, screenshot: 'bot-01', numbers: 4000 },
  {
    app: 'freshdesk',
    start: startFreshdeskHarnessStack,
    screenshot: 'freshdesk-bot-01',
    numbers: 5000,
  },
];

describe.skipIf(skipReason !== undefined)('the bot section of the sidebar apps (Chromium)', () => {
  describe.each(APPS)('$app app in the harness', ({ app, start, screenshot, numbers }) => {
    const env = harnessSession(() => start({ stack: WITH_BOT }));
    const nextCustomer = customerNumbers(numbers);
    let frame: Frame;

    /**
     * The agent opens the ticket page once the relay has recorded the ticket (the stand-in has it a
     * moment earlier); the sidebar is ready once the consent badge shows.
     */
    async function openTicket(ticketId: number): Promise<void> {
      await eventually(
        'the relay to record the ticket',
        async () => (await consentOnRelay(env.stack, ticketId)) !== undefined,
      );
      frame = await openAppPage(env.page, env.harness.pageUrl(ticketId), env.harness.appOrigin);
    }

    const section = () => frame.getByTestId('bot-section');
    const turns = () => frame.getByTestId('bot-turn');
    const transcript = () => frame.getByTestId('bot-transcript');
    const toggle = () => frame.getByTestId('bot-transcript-toggle');

    /** The customer texts while the bot owns the conversation; resolves once the bot answered. */
    async function textTheBot(customer: string, body: string): Promise<void> {
      const before = env.stack.sandbox.twilio.outbox().filter((m) => m.to === customer).length;
      await env.stack.sandbox.twilio.sendInbound({ from: customer, to: BUSINESS_NUMBER, body });
      await eventually(
        `the bot's answer to "${body}"`,
        () => env.stack.sandbox.twilio.outbox().filter((m) => m.to === customer).length > before,
      );
    }

    /**
     * A screenshot with the app's frame scrolled to its end, where the bot section is (the Freshdesk
     * app's frame has a fixed height and scrolls); the harness page itself stays as it is.
     */
    async function screenshotOfSection(name: string): Promise<void> {
      await frame.evaluate(() => {
        const view = globalThis as unknown as {
          scrollTo(x: number, y: number): void;
          readonly document: { readonly documentElement: { readonly scrollHeight: number } };
        };
        view.scrollTo(0, view.document.documentElement.scrollHeight);
      });
      await saveScreenshot(env.page, `${screenshot}-${name}`);
    }

    it('an order the shop does not know: handed off, with the intent in words and the transcript of both sides', async () => {
      const customer = nextCustomer();
      // The bot owns the new conversation; the hand-off files the ticket with the customer's text.
      const ticketId = await customerTexts(env.stack, customer, 'my order 99999999 never came');
      await eventually('the bot telling the customer', () =>
        env.stack.sandbox.twilio
          .outbox()
          .some((m) => m.to === customer && m.body.includes("couldn't find order 99999999")),
      );

      await openTicket(ticketId);
      await section().waitFor({ timeout: 10_000 });
      const outcome = frame.getByTestId('bot-outcome');
      expect(await outcome.getAttribute('data-status')).toBe('handed_off');
      expect(await outcome.textContent()).toBe('Handed to an agent: order not found');
      expect(await frame.getByTestId('bot-intent').textContent()).toBe('order status');
      expect(await frame.getByTestId('bot-sla').textContent()).toBe('P3 · normal');
      expect(await frame.getByTestId('bot-none').count()).toBe(0);

      // The transcript: the customer's text, then the bot's answers, each visible as it was said.
      expect(await frame.locator('ol[data-testid="bot-transcript"]').count()).toBe(1);
      expect(await transcript().isVisible()).toBe(true);
      const from = await Promise.all(
        (await turns().all()).map((turn) => turn.getAttribute('data-from')),
      );
      expect(from[0]).toBe('customer');
      expect(from.slice(1).length).toBeGreaterThan(0);
      expect(from.slice(1).every((speaker) => speaker === 'bot')).toBe(true);
      const lines = await turns().allTextContents();
      expect(lines[0]).toMatch(/Customer: my order 99999999 never came$/);
      expect(lines.slice(1).join('\n')).toMatch(/Bot: .*Acme Outdoor's automated assistant/);
      expect(lines.slice(1).join('\n')).toMatch(/Bot: .*couldn't find order 99999999/);
      expect(lines.join('\n')).toMatch(/Connecting you to an agent/);
      // Short enough to show in full: no disclosure button, nothing left out.
      expect(await toggle().count()).toBe(0);
      expect(await frame.getByTestId('bot-omitted').count()).toBe(0);

      await screenshotOfSection('handed-off');
      expect(await seriousAxeViolations(frame), `axe with the bot section (${app})`).toEqual([]);
    });

    it('a long conversation with the bot: every turn listed, collapsed behind a button in Zendesk', async () => {
      const customer = nextCustomer();
      await textTheBot(customer, 'where is my order?');
      await textTheBot(customer, 'I am not sure');
      const ticketId = await customerTexts(env.stack, customer, '99999999');
      await openTicket(ticketId);
      await section().waitFor({ timeout: 10_000 });
      expect(await frame.getByTestId('bot-outcome').getAttribute('data-status')).toBe('handed_off');
      const count = await turns().count();
      expect(count).toBeGreaterThan(6);
      expect(await turns().first().textContent()).toMatch(/Customer: where is my order\?$/);
      expect(await turns().last().textContent()).toMatch(/Bot: .*couldn't find order 99999999/);

      if (app === 'zendesk') {
        // Over 6 turns: the list starts hidden, the button says how many messages it holds.
        expect(await transcript().getAttribute('hidden')).not.toBeNull();
        expect(await transcript().isVisible()).toBe(false);
        expect(await toggle().textContent()).toBe(`Show transcript (${count} messages)`);
        expect(await toggle().getAttribute('aria-expanded')).toBe('false');
        expect(await seriousAxeViolations(frame), 'axe with the transcript collapsed').toEqual([]);
        await toggle().click();
        await expect.poll(() => transcript().isVisible()).toBe(true);
        expect(await toggle().getAttribute('aria-expanded')).toBe('true');
        expect(await toggle().textContent()).toBe('Hide transcript');
      } else {
        // The Freshdesk app always lists the whole transcript.
        expect(await toggle().count()).toBe(0);
        expect(await transcript().isVisible()).toBe(true);
      }
      await screenshotOfSection('long-transcript');
      expect(await seriousAxeViolations(frame), 'axe with the whole transcript').toEqual([]);
    });

    it('a ticket without a bot session says the bot did not take part', async () => {
      const customer = nextCustomer();
      // HELP is answered by the relay itself, before any bot session: the ticket has none.
      const ticketId = await customerTexts(env.stack, customer, 'HELP');
      await openTicket(ticketId);
      await section().waitFor({ timeout: 10_000 });
      expect(await frame.getByTestId('bot-none').textContent()).toBe(
        'The bot did not take part in this conversation.',
      );
      expect(await frame.getByTestId('bot-outcome').count()).toBe(0);
      expect(await frame.getByTestId('bot-transcript').count()).toBe(0);
    });
  });
});
