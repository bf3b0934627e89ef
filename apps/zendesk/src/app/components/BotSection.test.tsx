// @vitest-environment happy-dom
import { botSummaryOf } from '@smsbridge/sidebar';
import type { BotView } from '@smsbridge/sidebar';
import { ThemeProvider } from '@zendeskgarden/react-theming';
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import type { Root } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { createTranslator } from '../i18n.ts';
import { BotSection } from './BotSection.tsx';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const t = createTranslator('en');
const formatDate = (iso: string) => `<${iso}>`;

function bot(turns: number): BotView {
  return {
    status: 'handed_off',
    intent: 'order_status',
    handoffReason: 'order_not_found',
    slaTier: 'P2',
    startedAt: '2025-03-04T15:00:00.000Z',
    updatedAt: '2025-03-04T15:09:00.000Z',
    transcript: Array.from({ length: turns }, (_, index) => ({
      at: `2025-03-04T15:0${index}:00.000Z`,
      from: index % 2 === 0 ? ('customer' as const) : ('bot' as const),
      text: index % 2 === 0 ? `order 1234567${index}` : `Looking up order ${index}`,
    })),
  };
}

let root: Root | null = null;
let host: HTMLElement | null = null;

function render(view: unknown): HTMLElement {
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
  const summary = botSummaryOf(view, 'en', { timeZone: 'UTC' });
  act(() => {
    root?.render(
      <ThemeProvider>
        <BotSection summary={summary} t={t} formatDate={formatDate} />
      </ThemeProvider>,
    );
  });
  return host;
}

function byTestId(container: HTMLElement, id: string): HTMLElement | null {
  return container.querySelector(`[data-testid="${id}"]`);
}

afterEach(() => {
  act(() => root?.unmount());
  host?.remove();
  root = null;
  host = null;
});

describe('BotSection', () => {
  it('says the bot never talked when the view has no bot session', () => {
    const container = render({ conversation: {}, consent: {} });
    expect(byTestId(container, 'bot-section')?.getAttribute('aria-label')).toBe('SMS bot');
    expect(byTestId(container, 'bot-none')?.textContent).toBe(
      'The bot did not take part in this conversation.',
    );
    expect(byTestId(container, 'bot-transcript')).toBeNull();
  });

  it('shows the outcome, intent, SLA tier and a short transcript open, one line per turn', () => {
    const container = render({ bot: bot(4) });
    expect(byTestId(container, 'bot-outcome')?.textContent).toBe(
      'Handed to an agent: order not found',
    );
    expect(byTestId(container, 'bot-intent')?.textContent).toBe('order status');
    expect(byTestId(container, 'bot-sla')?.textContent).toBe('P2 · high');
    expect(container.querySelector('h2')?.textContent).toBe('SMS bot');
    const heading = container.querySelector('h3');
    expect(heading?.textContent).toBe('Transcript');
    const list = byTestId(container, 'bot-transcript');
    expect(list?.hidden).toBe(false);
    expect(list?.getAttribute('aria-labelledby')).toBe(heading?.id);
    const turns = container.querySelectorAll('[data-testid="bot-turn"]');
    expect([...turns].map((turn) => turn.getAttribute('data-from'))).toEqual([
      'customer',
      'bot',
      'customer',
      'bot',
    ]);
    expect(turns[1]?.textContent).toBe('3:01 PM · Bot: Looking up order 1');
    expect(turns[1]?.querySelector('time')?.getAttribute('dateTime')).toBe(
      '2025-03-04T15:01:00.000Z',
    );
    expect(byTestId(container, 'bot-transcript-toggle')).toBeNull();
  });

  it('starts a transcript of more than 6 turns collapsed behind a disclosure button', () => {
    const container = render({ bot: bot(8) });
    const list = byTestId(container, 'bot-transcript');
    const toggle = byTestId(container, 'bot-transcript-toggle');
    expect(list?.hidden).toBe(true);
    expect(toggle?.textContent).toBe('Show transcript (8 messages)');
    expect(toggle?.getAttribute('aria-expanded')).toBe('false');
    expect(toggle?.getAttribute('aria-controls')).toBe(list?.id);
    act(() => toggle?.click());
    expect(list?.hidden).toBe(false);
    expect(toggle?.getAttribute('aria-expanded')).toBe('true');
    expect(toggle?.textContent).toBe('Hide transcript');
    expect(container.querySelectorAll('[data-testid="bot-turn"]')).toHaveLength(8);
  });

  it('notes turns it could not show', () => {
    const malformed = { ...bot(2), transcript: [...bot(2).transcript, { from: 'bot' }] };
    const container = render({ bot: malformed });
    expect(byTestId(container, 'bot-omitted')?.textContent).toBe(
      '1 message(s) of the transcript could not be shown.',
    );
  });
});
