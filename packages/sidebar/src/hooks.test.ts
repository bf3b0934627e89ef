// @vitest-environment happy-dom
import { act, renderHook, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  isDeliverySettled,
  useConsentHistory,
  useConversation,
  useDeliveries,
  usePiiWarnings,
  useQuickReplies,
  useQuickReplyFilter,
  useSegmentMeter,
  useSidebarSetup,
} from './hooks.ts';
import type { QuickRepliesState } from './hooks.ts';
import { prepareQuickReplies } from './quick-replies.ts';
import type { ConversationLookup, RelayClient } from './relay-client.ts';
import type { ConversationView, Delivery, QuickReply } from './relay-api-types.ts';

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
    sendSms: vi.fn(() => Promise.reject(new Error('not in this test'))),
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

describe('useDeliveries', () => {
  const delivery = (
    id: number,
    status: string,
    createdAt = new Date().toISOString(),
  ): Delivery => ({
    id,
    createdAt,
    origin: 'sidebar_send',
    authorName: 'Alex Agent',
    status,
    errorCode: null,
    plainReason: null,
    segments: 1,
  });
  const advance = (ms: number) =>
    act(async () => {
      await vi.advanceTimersByTimeAsync(ms);
    });

  it('shows a sent text at once and polls, ever slower, until its status settles; then stops', async () => {
    vi.useFakeTimers();
    const answers = [[delivery(9, 'pending')], [delivery(9, 'sent')], [delivery(9, 'delivered')]];
    const deliveries = vi.fn(() => Promise.resolve(answers.shift() ?? [delivery(9, 'delivered')]));
    const { relay } = fakeRelay({ deliveries });
    const { result } = renderHook(() =>
      useDeliveries(relay, 42, { initial: [delivery(3, 'delivered', '2025-01-01T00:00:00Z')] }),
    );
    expect(result.current.deliveries.map((d) => d.id)).toEqual([3]);
    await advance(60_000);
    expect(deliveries).not.toHaveBeenCalled(); // everything settled: nothing to watch

    act(() => result.current.track(delivery(9, 'pending')));
    expect(result.current.deliveries.map((d) => [d.id, d.status])).toEqual([
      [9, 'pending'],
      [3, 'delivered'],
    ]);
    await advance(0);
    expect(deliveries).toHaveBeenCalledTimes(1);
    await advance(1_000);
    expect(result.current.deliveries[0]?.status).toBe('sent');
    await advance(2_000);
    expect(result.current.deliveries[0]?.status).toBe('delivered');
    expect(deliveries).toHaveBeenCalledTimes(3);
    await advance(120_000);
    expect(deliveries).toHaveBeenCalledTimes(3);
    expect(deliveries).toHaveBeenCalledWith(42, 5);
  });

  it('gives up on a status that never settles once the watch window has passed', async () => {
    vi.useFakeTimers();
    const deliveries = vi.fn(() => Promise.resolve([delivery(1, 'held', '2025-01-01T00:00:00Z')]));
    const { relay } = fakeRelay({ deliveries });
    const { result } = renderHook(() => useDeliveries(relay, 1, { pollForMs: 30_000 }));
    await advance(0);
    // Held since long ago: shown, but opening the ticket does not start polling for it.
    expect(result.current).toMatchObject({ status: 'ready' });
    expect(deliveries).toHaveBeenCalledTimes(1);
    await advance(60_000);
    expect(deliveries).toHaveBeenCalledTimes(1);

    act(() => result.current.refresh());
    await advance(30_000);
    const calls = deliveries.mock.calls.length;
    expect(calls).toBeGreaterThan(2);
    expect(calls).toBeLessThan(10); // growing waits, not a tight loop
    await advance(120_000);
    expect(deliveries).toHaveBeenCalledTimes(calls);
  });

  it('keeps the list and says why when a poll fails', async () => {
    vi.useFakeTimers();
    let fail = false;
    const deliveries = vi.fn(() =>
      fail ? Promise.reject(new Error('relay down')) : Promise.resolve([delivery(2, 'sent')]),
    );
    const { relay } = fakeRelay({ deliveries });
    const { result } = renderHook(() => useDeliveries(relay, 1));
    await advance(0);
    expect(result.current.deliveries.map((d) => d.status)).toEqual(['sent']);
    fail = true;
    await advance(1_000);
    expect(result.current).toMatchObject({ status: 'error', message: 'relay down' });
    expect(result.current.deliveries.map((d) => d.id)).toEqual([2]);
  });

  it('shows a newly loaded list given as initial, without fetching', () => {
    const deliveries = vi.fn(() => Promise.resolve([delivery(5, 'sent')]));
    const { relay } = fakeRelay({ deliveries });
    const first = [delivery(1, 'delivered', '2025-01-01T00:00:00Z')];
    const { result, rerender } = renderHook(({ initial }) => useDeliveries(relay, 1, { initial }), {
      initialProps: { initial: first },
    });
    rerender({ initial: [delivery(2, 'failed', '2025-01-01T00:00:00Z'), ...first] });
    expect(result.current.deliveries.map((d) => d.id)).toEqual([2, 1]);
    expect(deliveries).not.toHaveBeenCalled();
  });

  it('knows which statuses are final', () => {
    expect(['delivered', 'failed', 'undelivered', 'blocked_pii'].every(isDeliverySettled)).toBe(
      true,
    );
    expect(['pending', 'held', 'queued', 'sent', 'accepted'].some(isDeliverySettled)).toBe(false);
  });
});

describe('useQuickReplyFilter', () => {
  const ready: QuickRepliesState = {
    status: 'ready',
    items: prepareQuickReplies(
      [
        {
          id: 'where',
          category: 'order_status',
          title: 'Where is my order',
          body: 'Order {{order_id}} is on its way.',
          variables: ['order_id'],
          encoding: 'GSM-7',
          segments: 1,
        },
        {
          id: 'refund',
          category: 'billing',
          title: 'Refund issued',
          body: 'Your refund is on its way.',
          variables: [],
          encoding: 'GSM-7',
          segments: 1,
        },
      ],
      { order_id: 'A-77' },
    ),
  };

  it('shows every reply, then narrows by the search and by the chosen category', () => {
    const { result } = renderHook(() => useQuickReplyFilter(ready));
    expect(result.current.shown.map((item) => item.id)).toEqual(['where', 'refund']);
    act(() => result.current.setQuery('a-77'));
    expect(result.current.shown.map((item) => item.id)).toEqual(['where']);
    act(() => {
      result.current.setQuery('');
      result.current.setCategory('billing');
    });
    expect(result.current.category).toBe('billing');
    expect(result.current.shown.map((item) => item.id)).toEqual(['refund']);
  });

  it('goes back to all categories for the "all" choice or a value that is no category', () => {
    const { result } = renderHook(() => useQuickReplyFilter(ready));
    act(() => result.current.setCategory('billing'));
    act(() => result.current.setCategory(''));
    expect(result.current.category).toBeNull();
    act(() => result.current.setCategory('not-a-category'));
    expect(result.current.shown).toHaveLength(2);
  });

  it('shows nothing while the replies load or failed', () => {
    const { result } = renderHook(() =>
      useQuickReplyFilter({ status: 'error', message: 'relay down' }),
    );
    expect(result.current.shown).toEqual([]);
  });
});

describe('useSidebarSetup', () => {
  it('is loading, then ready with what the loader read from the client', async () => {
    // One client for the sidebar's life, as the apps' ClientProvider gives it.
    const client = { ticket: 7 };
    const load = vi.fn((from: { ticket: number }) => Promise.resolve({ ticketId: from.ticket }));
    const { result } = renderHook(() => useSidebarSetup(client, load));
    expect(result.current.status).toBe('loading');
    await waitFor(() =>
      expect(result.current).toEqual({ status: 'ready', setup: { ticketId: 7 } }),
    );
    expect(load).toHaveBeenCalledTimes(1);
  });

  it("shows a failed load's message", async () => {
    const load = () => Promise.reject(new Error('no ticket in this location'));
    const { result } = renderHook(() => useSidebarSetup('client', load));
    await waitFor(() =>
      expect(result.current).toEqual({ status: 'error', message: 'no ticket in this location' }),
    );
  });

  it('ignores a load that finishes after the sidebar went away', async () => {
    let finish: (value: string) => void = () => undefined;
    const load = () => new Promise<string>((resolve) => (finish = resolve));
    const { result, unmount } = renderHook(() => useSidebarSetup('client', load));
    unmount();
    finish('late');
    await Promise.resolve();
    expect(result.current.status).toBe('loading');
  });
});
