// @vitest-environment happy-dom
import { botSummaryOf } from '@smsbridge/sidebar';
import type { BotView } from '@smsbridge/sidebar';
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import type { Root } from 'react-dom/client';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTranslator } from '../i18n.ts';
import { BotTranscript } from './BotTranscript.tsx';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

// Crayons' Stencil components need a real browser (the browser tests load them); a plain
// element stands in for the pill, keeping its tone visible to the test.
vi.mock('../crayons.ts', () => ({
  FwPill: (props: {
    readonly className?: string;
    readonly color?: string;
    readonly 'data-testid'?: string;
    readonly children?: ReactNode;
  }) => (
    <span data-testid={props['data-testid']} data-tone={props.className ?? props.color}>
      {props.children}
    </span>
  ),
  pillProps: (tone: string) => ({ className: tone }),
}));

const formatDate = (iso: string) => `<${iso}>`;

const resolved: BotView = {
  status: 'resolved',
  intent: 'hours_location',
  handoffReason: null,
  slaTier: null,
  startedAt: '2025-03-04T15:00:00.000Z',
  updatedAt: '2025-03-04T15:00:02.000Z',
  transcript: [
    { at: '2025-03-04T15:00:00.000Z', from: 'customer', text: 'are you open today?' },
    { at: '2025-03-04T15:00:01.000Z', from: 'bot', text: "We're open until 6 PM today." },
    { at: '2025-03-04T15:00:02.000Z', from: 'customer', text: 'thanks' },
  ],
};

let root: Root | null = null;
let host: HTMLElement | null = null;

function render(view: unknown, language: 'en' | 'es' = 'en'): HTMLElement {
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
  const summary = botSummaryOf(view, language, { timeZone: 'UTC' });
  act(() => {
    root?.render(
      <BotTranscript summary={summary} t={createTranslator(language)} formatDate={formatDate} />,
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

describe('BotTranscript', () => {
  it('says the bot never talked when the view has no bot session', () => {
    const container = render({ conversation: {}, consent: {}, bot: null });
    expect(byTestId(container, 'bot-none')?.textContent).toBe(
      'The bot did not take part in this conversation.',
    );
    expect(container.querySelector('h2')?.textContent).toBe('SMS bot');
  });

  it('shows the outcome, the intent and one line per turn with who said it and when', () => {
    const container = render({ bot: resolved });
    expect(byTestId(container, 'bot-outcome')?.textContent).toBe(
      'Resolved by the bot: opening hours and location',
    );
    expect(byTestId(container, 'bot-intent')?.textContent).toBe('opening hours and location');
    expect(byTestId(container, 'bot-sla')).toBeNull();
    const list = byTestId(container, 'bot-transcript');
    expect(list?.getAttribute('aria-labelledby')).toBe(container.querySelector('h3')?.id);
    const turns = [...container.querySelectorAll('[data-testid="bot-turn"]')];
    expect(turns.map((turn) => turn.textContent)).toEqual([
      'Mar 4, 2025, 3:00 PM Customer: are you open today?',
      "3:00 PM Bot: We're open until 6 PM today.",
      '3:00 PM Customer: thanks',
    ]);
    expect(turns[0]?.querySelector('time')?.getAttribute('title')).toBe(
      '<2025-03-04T15:00:00.000Z>',
    );
  });

  it('shows the SLA tier of a hand-off as a pill, in Spanish too', () => {
    const container = render(
      {
        bot: {
          ...resolved,
          status: 'handed_off',
          handoffReason: 'hours_unavailable',
          slaTier: 'P1',
        },
      },
      'es',
    );
    expect(byTestId(container, 'bot-outcome')?.textContent).toBe(
      'Pasado a un agente: el horario y la ubicación no están configurados',
    );
    expect(byTestId(container, 'bot-sla')?.textContent).toBe('P1 · urgente');
    expect(byTestId(container, 'bot-sla')?.getAttribute('data-tone')).toBe('danger');
    expect(container.querySelector('h3')?.textContent).toBe('Transcripción');
  });
});
