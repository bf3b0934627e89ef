// @vitest-environment happy-dom
import { act, renderHook, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  useConsentHistory,
  useConversation,
  usePiiWarnings,
  useQuickReplies,
  useSegmentMeter,
} from './hooks.ts';
import type { ConversationLookup, RelayClient } from './relay-client.ts';
import type { ConversationView, QuickReply } from './relay-api-types.ts';

afterEach(() => {
  vi.useRealTimers();
});

const view: ConversationView = {
  conversation: {
    customerPhoneMasked: '+1415***0123',
    businessNumber: '+14155550100',
    ticketId: '42',
    ticketStatus: 'open',
    createdAt: '2025-01-01T00:00:00.000Z',
  },
  consent: { status: 'implied', canSend: true, since: null, decidingEvent: null },
};

function fakeRelay(overrides: Partial<RelayClient> = {}) {
  const calls = {
    conversationByTicket: vi.fn(() => Promise.resolve<ConversationLookup>({ kind: 'found', view })),
    consentHistory: vi.fn(() => Promise.resolve([])),
    deliveries: vi.fn((_ticketId: string | number, _limit?: number) => Promise.resolve([])),
    quickReplies: vi.fn(() => Promise.resolve([])),
  };
  const relay: RelayClient = { ...calls, ...overrides };
  return { relay, calls };
}

describe('useSegmentMeter', () => {
  it('updates only after typing pauses', () => {
    vi.useFakeTimers();
    const { result, rerender } = renderHook(({ text }) => useSegmentMeter(text, { delayMs: 150 }), {
      initialProps: { text: 'hello' },
    });
    expect(result.current.encoding).toBe('GSM-7');
    rerender({ text: 'hello 😀' });
    expect(result.current.encoding).toBe('GSM-7');
    act(() => {
      vi.advanceTimersByTime(100);
    });
    rerender({ text: 'hello 😀!' });
    act(() => {
      vi.advanceTimersByTime(100);
    });
    expect(result.current.encoding).toBe('GSM-7');
    act(() => {
      vi.advanceTimersByTime(60);
    });
    expect(result.current.encoding).toBe('UCS-2');
  });

  it('recomputes at once with no delay', () => {
    const { result, rerender } = renderHook(({ text }) => useSegmentMeter(text, { delayMs: 0 }), {
      initialProps: { text: 'a' },
    });
    rerender({ text: 'a'.repeat(161) });
    expect(result.current).toMatchObject({ segments: 2, warn: true });
  });
});

describe('usePiiWarnings', () => {
  it('reports a card number once typing pauses', () => {
    vi.useFakeTimers();
    const { result, rerender } = renderHook(({ text }) => usePiiWarnings(text), {
      initialProps: { text: '' },
    });
    rerender({ text: 'card 4111 1111 1111 1111' });
    expect(result.current).toEqual([]);
    act(() => {
      vi.advanceTimersByTime(200);
    });
    expect(result.current.map((w) => w.type)).toEqual(['payment_card']);
  });
});

describe('useConversation', () => {
  it('loads the conversation and recent deliveries', async () => {
    const { relay, calls } = fakeRelay();
    const { result } = renderHook(() => useConversation(relay, 42));
    expect(result.current.status).toBe('loading');
    await waitFor(() => expect(result.current.status).toBe('ready'));
    if (result.current.status === 'ready') expect(result.current.view).toEqual(view);
    expect(calls.deliveries).toHaveBeenCalledWith(42, 5);
  });

  it('says notSms for a ticket the relay does not know', async () => {
    const { relay, calls } = fakeRelay({
      conversationByTicket: () => Promise.resolve({ kind: 'notSms' }),
    });
    const { result } = renderHook(() => useConversation(relay, 7));
    await waitFor(() => expect(result.current.status).toBe('notSms'));
    expect(calls.deliveries).not.toHaveBeenCalled();
  });

  it('shows the error, and reload fetches again', async () => {
    let calls = 0;
    const { relay } = fakeRelay({
      conversationByTicket: () =>
        ++calls === 1
          ? Promise.reject(new Error('relay down'))
          : Promise.resolve({ kind: 'found', view }),
    });
    const { result } = renderHook(() => useConversation(relay, 1));
    await waitFor(() =>
      expect(result.current).toMatchObject({ status: 'error', message: 'relay down' }),
    );
    act(() => result.current.reload());
    await waitFor(() => expect(result.current.status).toBe('ready'));
  });
});

describe('useConsentHistory', () => {
  it('fetches nothing until enabled', async () => {
    const { relay, calls } = fakeRelay();
    const { result, rerender } = renderHook(({ on }) => useConsentHistory(relay, 3, on), {
      initialProps: { on: false },
    });
    expect(result.current.status).toBe('idle');
    expect(calls.consentHistory).not.toHaveBeenCalled();
    rerender({ on: true });
    await waitFor(() => expect(result.current.status).toBe('ready'));
  });
});

describe('useQuickReplies', () => {
  const replies: QuickReply[] = [
    {
      id: 'hi',
      category: 'general_inquiry',
      title: 'Greeting',
      body: 'Hi {{first_name}}, {{agent_name}} here.',
      variables: ['first_name', 'agent_name'],
      encoding: 'GSM-7',
      segments: 1,
    },
  ];

  it('fills variables and refills when the ticket values change, without refetching', async () => {
    const quickReplies = vi.fn(() => Promise.resolve(replies));
    const { relay } = fakeRelay({ quickReplies });
    const { result, rerender } = renderHook(({ values }) => useQuickReplies(relay, values), {
      initialProps: { values: { first_name: 'Ana', agent_name: 'Sam' } },
    });
    await waitFor(() => expect(result.current.status).toBe('ready'));
    if (result.current.status === 'ready')
      expect(result.current.items[0]?.filled).toBe('Hi Ana, Sam here.');
    rerender({ values: { first_name: 'Zoë', agent_name: 'Sam' } });
    if (result.current.status === 'ready') {
      expect(result.current.items[0]).toMatchObject({
        filled: 'Hi Zoë, Sam here.',
        filledSegments: 1,
      });
    }
    expect(quickReplies).toHaveBeenCalledTimes(1);
  });

  it('reports a failure to load', async () => {
    const { relay } = fakeRelay({ quickReplies: () => Promise.reject(new Error('403')) });
    const { result } = renderHook(() => useQuickReplies(relay, {}));
    await waitFor(() => expect(result.current).toMatchObject({ status: 'error', message: '403' }));
  });
});
