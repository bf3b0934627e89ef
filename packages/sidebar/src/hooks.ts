// Headless React hooks for the sidebar apps: debounced meter and PII warnings, the conversation and quick replies.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { piiWarnings } from './pii-warnings.ts';
import type { PiiWarning } from './pii-warnings.ts';
import { prepareQuickReplies } from './quick-replies.ts';
import type { QuickReplyItem, QuickReplyValues } from './quick-replies.ts';
import type { RelayClient } from './relay-client.ts';
import type { ConsentEvent, ConversationView, Delivery } from './relay-api-types.ts';
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
