// Sends the composer's text through the relay once per text: the request id is kept while retrying the same text.
import { newRequestId, RelayApiError } from '@smsbridge/sidebar';
import type { Delivery, RelayClient, SendSmsOutcome } from '@smsbridge/sidebar';
import { useCallback, useRef, useState } from 'react';

export type SendState =
  | { readonly status: 'idle' }
  | { readonly status: 'sending' }
  | { readonly status: 'sent'; readonly repeated: boolean }
  | {
      readonly status: 'refused';
      readonly code: Extract<SendSmsOutcome, { kind: 'refused' }>['code'];
      readonly message: string;
    }
  | { readonly status: 'failed'; readonly message: string };

export interface SmsSendOptions {
  readonly relay: RelayClient;
  readonly ticketId: number;
  readonly agentName: string;
  readonly onSent: (delivery: Delivery, repeated: boolean) => void;
  readonly onRefused: (code: Extract<SendSmsOutcome, { kind: 'refused' }>['code']) => void;
}

/**
 * `send(text)` posts the text with an idempotency key. A failure with no answer (time-out,
 * relay unreachable) keeps the key, so sending the same text again cannot text the customer
 * twice; a new text gets a new key.
 */
export function useSmsSend(options: SmsSendOptions): {
  readonly state: SendState;
  send(text: string): Promise<void>;
  reset(): void;
} {
  const [state, setState] = useState<SendState>({ status: 'idle' });
  const pending = useRef<{ text: string; requestId: string } | null>(null);
  const busy = useRef(false);
  const latest = useRef(options);
  latest.current = options;

  const send = useCallback(async (text: string) => {
    if (busy.current) return;
    busy.current = true;
    const { relay, ticketId, agentName } = latest.current;
    const requestId = pending.current?.text === text ? pending.current.requestId : newRequestId();
    pending.current = { text, requestId };
    setState({ status: 'sending' });
    try {
      const outcome = await relay.sendSms(ticketId, { text, agentName, requestId });
      pending.current = null;
      if (outcome.kind === 'sent') {
        setState({ status: 'sent', repeated: outcome.repeated });
        latest.current.onSent(outcome.delivery, outcome.repeated);
      } else {
        setState({ status: 'refused', code: outcome.code, message: outcome.message });
        latest.current.onRefused(outcome.code);
      }
    } catch (error) {
      // Unanswered or failed: the key stays for this text (a retry is the same request).
      const message =
        error instanceof RelayApiError || error instanceof Error ? error.message : String(error);
      setState({ status: 'failed', message });
    } finally {
      busy.current = false;
    }
  }, []);
  const reset = useCallback(() => setState({ status: 'idle' }), []);
  return { state, send, reset };
}
