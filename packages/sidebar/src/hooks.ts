// Headless React hooks for the sidebar apps: debounced meter and PII warnings, the conversation, quick replies and their filter, the setup.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { piiWarnings } from './pii-warnings.ts';
import type { PiiWarning } from './pii-warnings.ts';
import { filterQuickReplies, prepareQuickReplies, quickReplyCategoryOf } from './quick-replies.ts';
import type { QuickReplyItem, QuickReplyValues } from './quick-replies.ts';
import type { RelayClient } from './relay-client.ts';
import type {
  ConsentEvent,
  ConversationView,
  Delivery,
  QuickReplyCategory,
} from './relay-api-types.ts';
import { segmentMeterReading } from './segment-meter.ts';
import type { SegmentMeterReading } from './segment-meter.ts';

export interface DebounceOptions {
  /** Wait this long after the last change before recomputing (Default: 150 ms). */
  readonly delayMs?: number;
}

/** Default debounce: `comment.text.changed` fires per keystroke (zendesk.md §4.4). */
export const DEFAULT_DEBOUNCE_MS = 150;

/** `value`, updated only once it has stopped changing for `delayMs`. */
export function useDebouncedValue<T>(value: T, delayMs: number = DEFAULT_DEBOUNCE_MS): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    if (delayMs <= 0) {
      setSettled(value);
      return undefined;
    }
    const timer = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return delayMs <= 0 ? value : settled;
}

/** The segment meter for the reply being typed, recomputed once typing pauses. */
export function useSegmentMeter(text: string, options: DebounceOptions = {}): SegmentMeterReading {
  const settled = useDebouncedValue(text, options.delayMs);
  return useMemo(() => segmentMeterReading(settled), [settled]);
}

/** PII found in the reply being typed, recomputed once typing pauses. */
export function usePiiWarnings(text: string, options: DebounceOptions = {}): PiiWarning[] {
  const settled = useDebouncedValue(text, options.delayMs);
  return useMemo(() => piiWarnings(settled), [settled]);
}

export type ConversationState =
  | { readonly status: 'loading' }
  | { readonly status: 'notSms' }
  | { readonly status: 'error'; readonly message: string }
  | {
      readonly status: 'ready';
      readonly view: ConversationView;
      readonly deliveries: readonly Delivery[];
    };

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The ticket's SMS conversation, consent and recent deliveries; `notSms` when the relay answers
 * 404. `reload()` fetches again (after a save, or when the customer texts STOP).
 */
export function useConversation(
  relay: RelayClient | null,
  ticketId: string | number | null,
): ConversationState & { reload: () => void } {
  const [state, setState] = useState<ConversationState>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    if (relay === null || ticketId === null) return undefined;
    let current = true;
    setState({ status: 'loading' });
    const load = async (): Promise<ConversationState> => {
      const lookup = await relay.conversationByTicket(ticketId);
      if (lookup.kind === 'notSms') return { status: 'notSms' };
      const deliveries = await relay.deliveries(ticketId, 5);
      return { status: 'ready', view: lookup.view, deliveries };
    };
    load().then(
      (next) => current && setState(next),
      (error: unknown) => current && setState({ status: 'error', message: messageOf(error) }),
    );
    return () => {
      current = false;
    };
  }, [relay, ticketId, generation]);
  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  return { ...state, reload };
}

export type ConsentHistoryState =
  | { readonly status: 'idle' | 'loading' }
  | { readonly status: 'error'; readonly message: string }
  | { readonly status: 'ready'; readonly events: readonly ConsentEvent[] };

/** The consent ledger, fetched only once `enabled` (when the agent expands the badge). */
export function useConsentHistory(
  relay: RelayClient | null,
  ticketId: string | number | null,
  enabled: boolean,
): ConsentHistoryState {
  const [state, setState] = useState<ConsentHistoryState>({ status: 'idle' });
  useEffect(() => {
    if (!enabled || relay === null || ticketId === null) return undefined;
    let current = true;
    setState({ status: 'loading' });
    relay.consentHistory(ticketId, 20).then(
      (events) => current && setState({ status: 'ready', events }),
      (error: unknown) => current && setState({ status: 'error', message: messageOf(error) }),
    );
    return () => {
      current = false;
    };
  }, [relay, ticketId, enabled]);
  return state;
}

export type QuickRepliesState =
  | { readonly status: 'loading' }
  | { readonly status: 'error'; readonly message: string }
  | { readonly status: 'ready'; readonly items: readonly QuickReplyItem[] };

/**
 * The workspace's quick replies with `{{first_name}}`, `{{order_id}}` and `{{agent_name}}` filled
 * from `values` and each one's segment count after filling.
 */
export function useQuickReplies(
  relay: RelayClient | null,
  values: QuickReplyValues,
): QuickRepliesState {
  const [loaded, setLoaded] = useState<
    | { status: 'loading' }
    | { status: 'error'; message: string }
    | { status: 'ready'; replies: Awaited<ReturnType<RelayClient['quickReplies']>> }
  >({ status: 'loading' });
  useEffect(() => {
    if (relay === null) return undefined;
    let current = true;
    relay.quickReplies().then(
      (replies) => current && setLoaded({ status: 'ready', replies }),
      (error: unknown) => current && setLoaded({ status: 'error', message: messageOf(error) }),
    );
    return () => {
      current = false;
    };
  }, [relay]);
  const { first_name, order_id, agent_name } = values;
  return useMemo(() => {
    if (loaded.status !== 'ready') return loaded;
    return {
      status: 'ready',
      items: prepareQuickReplies(loaded.replies, { first_name, order_id, agent_name }),
    };
  }, [loaded, first_name, order_id, agent_name]);
}

export interface QuickReplyFilter {
  readonly query: string;
  setQuery(query: string): void;
  /** The chosen category; null for all of them. */
  readonly category: QuickReplyCategory | null;
  /** Chooses a category by a filter's value; any other value (the "all" choice) shows all. */
  setCategory(value: string): void;
  /** The quick replies the search and the category let through. */
  readonly shown: readonly QuickReplyItem[];
}

const NO_QUICK_REPLIES: readonly QuickReplyItem[] = [];

/** The quick replies' search box and category filter over the items of `useQuickReplies`. */
export function useQuickReplyFilter(state: QuickRepliesState): QuickReplyFilter {
  const [query, setQuery] = useState('');
  const [category, setCategoryState] = useState<QuickReplyCategory | null>(null);
  const items = state.status === 'ready' ? state.items : NO_QUICK_REPLIES;
  const shown = useMemo(() => filterQuickReplies(items, query, category), [items, query, category]);
  const setCategory = useCallback(
    (value: string) => setCategoryState(quickReplyCategoryOf(value)),
    [],
  );
  return { query, setQuery, category, setCategory, shown };
}

export type SetupState<Setup> =
  | { readonly status: 'loading' }
  | { readonly status: 'error'; readonly message: string }
  | { readonly status: 'ready'; readonly setup: Setup };

/**
 * What a sidebar needs before it can show anything (ticket, settings, relay client), loaded once
 * per helpdesk client by `load`; a failure becomes its message.
 */
export function useSidebarSetup<Client, Setup>(
  client: Client,
  load: (client: Client) => Promise<Setup>,
): SetupState<Setup> {
  const [state, setState] = useState<SetupState<Setup>>({ status: 'loading' });
  useEffect(() => {
    let current = true;
    load(client).then(
      (setup) => current && setState({ status: 'ready', setup }),
      (error: unknown) => current && setState({ status: 'error', message: messageOf(error) }),
    );
    return () => {
      current = false;
    };
  }, [client, load]);
  return state;
}

/** Statuses a delivery never leaves (the relay moves status forward only; DESIGN.md). */
export const SETTLED_DELIVERY_STATUSES: ReadonlySet<string> = new Set([
  'delivered',
  'undelivered',
  'failed',
  'blocked_opted_out',
  'blocked_pii',
  'blocked_too_long',
]);

/** Whether a delivery's status is final, so there is nothing more to wait for. */
export function isDeliverySettled(status: string): boolean {
  return SETTLED_DELIVERY_STATUSES.has(status);
}

/**
 * Waits between two polls: quick at first (a text is usually delivered within seconds), then
 * slower. Every poll is a request: Freshworks allows a request template 50 calls a minute per app
 * and account, shared by every agent (freshdesk.md §3.5), so polling must stay sparse.
 */
export const DELIVERY_POLL_DELAYS_MS: readonly number[] = [
  1_000, 2_000, 3_000, 5_000, 8_000, 13_000, 20_000,
];

export interface DeliveriesOptions {
  /** How many of the newest deliveries to show (default 5). */
  readonly limit?: number;
  /**
   * Deliveries already loaded (e.g. by useConversation): shown at once, no first fetch. A new
   * list (the conversation was loaded again) replaces what is shown.
   */
  readonly initial?: readonly Delivery[];
  /** Waits between polls; the last one repeats (default DELIVERY_POLL_DELAYS_MS). */
  readonly pollDelaysMs?: readonly number[];
  /** Stop polling this long after the last send, refresh or unsettled delivery (default 2 minutes). */
  readonly pollForMs?: number;
}

export type DeliveriesState =
  | { readonly status: 'loading'; readonly deliveries: readonly Delivery[] }
  | { readonly status: 'ready'; readonly deliveries: readonly Delivery[] }
  | {
      readonly status: 'error';
      readonly message: string;
      readonly deliveries: readonly Delivery[];
    };

export interface DeliveriesControls {
  /** Fetches now and watches statuses again (after the customer texted, or the agent asked). */
  refresh(): void;
  /** Shows a delivery the relay just answered (a send) and polls until its status settles. */
  track(delivery: Delivery): void;
}

function byNewest(a: Delivery, b: Delivery): number {
  return b.id - a.id;
}

/**
 * The ticket's newest deliveries with their statuses kept current: while a delivery is on its
 * way (not settled) and was sent, tracked or refreshed less than `pollForMs` ago, the list is
 * fetched again with growing waits; once every status is settled, polling stops.
 */
export function useDeliveries(
  relay: RelayClient | null,
  ticketId: string | number | null,
  options: DeliveriesOptions = {},
): DeliveriesState & DeliveriesControls {
  const limit = options.limit ?? 5;
  const pollForMs = options.pollForMs ?? 120_000;
  const delays = options.pollDelaysMs ?? DELIVERY_POLL_DELAYS_MS;
  const initial = useRef(options.initial);
  const [fetched, setFetched] = useState<DeliveriesState>(() =>
    options.initial === undefined
      ? { status: 'loading', deliveries: [] }
      : { status: 'ready', deliveries: options.initial },
  );
  const [tracked, setTracked] = useState<readonly Delivery[]>([]);
  // Bumped by refresh() and track(): fetch now and reopen the polling window.
  const [generation, setGeneration] = useState(0);
  const watchUntil = useRef(0);
  const trackedRef = useRef(tracked);
  trackedRef.current = tracked;
  const latest = useRef<readonly Delivery[]>(options.initial ?? []);
  // Read through a ref so a caller passing a new array each render does not restart polling.
  const delaysRef = useRef(delays);
  delaysRef.current = delays;
  const delaysKey = delays.join(',');
  // Compared by content, so a caller passing a new but equal array each render changes nothing.
  const initialKey =
    options.initial === undefined
      ? undefined
      : options.initial.map((delivery) => `${delivery.id}:${delivery.status}`).join(',');
  const seenInitialKey = useRef(initialKey);
  const initialNow = useRef(options.initial);
  initialNow.current = options.initial;
  useEffect(() => {
    const next = initialNow.current;
    if (next === undefined || initialKey === seenInitialKey.current) return;
    seenInitialKey.current = initialKey;
    latest.current = next;
    setFetched({ status: 'ready', deliveries: next });
  }, [initialKey]);

  useEffect(() => {
    if (relay === null || ticketId === null) return undefined;
    let current = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let round = 0;
    const schedule = (list: readonly Delivery[]): void => {
      // A tracked delivery counts until the relay lists it; then the listed status decides.
      const listed = new Set(list.map((delivery) => delivery.id));
      const waiting = [
        ...list,
        ...trackedRef.current.filter((delivery) => !listed.has(delivery.id)),
      ].filter((delivery) => !isDeliverySettled(delivery.status));
      // A delivery that is still on its way is watched for pollForMs after it was created, so an
      // old text held for quiet hours does not keep every opening of the ticket polling.
      const until = Math.max(
        watchUntil.current,
        ...waiting.map((delivery) => (Date.parse(delivery.createdAt) || 0) + pollForMs),
      );
      const steps = delaysRef.current;
      const wait = steps[Math.min(round, steps.length - 1)] ?? 5_000;
      if (!current || waiting.length === 0 || Date.now() + wait > until) return;
      round += 1;
      timer = setTimeout(() => void poll(), wait);
    };
    const poll = async (): Promise<void> => {
      try {
        const list = await relay.deliveries(ticketId, limit);
        if (!current) return;
        latest.current = list;
        setFetched({ status: 'ready', deliveries: list });
      } catch (error) {
        if (!current) return;
        setFetched({ status: 'error', message: messageOf(error), deliveries: latest.current });
      }
      schedule(latest.current);
    };
    const seeded = generation === 0 ? initial.current : undefined;
    if (seeded === undefined) void poll();
    else schedule(seeded);
    return () => {
      current = false;
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [relay, ticketId, limit, pollForMs, delaysKey, generation]);

  const refresh = useCallback(() => {
    watchUntil.current = Date.now() + pollForMs;
    setGeneration((value) => value + 1);
  }, [pollForMs]);
  const track = useCallback(
    (delivery: Delivery) => {
      setTracked((list) => [delivery, ...list.filter((known) => known.id !== delivery.id)]);
      watchUntil.current = Date.now() + pollForMs;
      setGeneration((value) => value + 1);
    },
    [pollForMs],
  );

  const deliveries = useMemo(() => {
    // What the relay listed wins; a tracked delivery shows until the relay lists it.
    const listed = new Set(fetched.deliveries.map((delivery) => delivery.id));
    const pending = tracked.filter((delivery) => !listed.has(delivery.id));
    return [...pending, ...fetched.deliveries].sort(byNewest).slice(0, limit);
  }, [fetched, tracked, limit]);
  return { ...fetched, deliveries, refresh, track };
}
