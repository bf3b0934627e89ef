// The ticket_sidebar location: consent, the SMS composer, quick replies, delivery statuses and the bot transcript.
import {
  botSummaryOf,
  createDateFormatter,
  replaceInComposer,
  useConversation,
  useDeliveries,
  usePiiWarnings,
  useQuickReplies,
  useSegmentMeter,
  useSidebarSetup,
} from '@smsbridge/sidebar';
import type {
  ConversationView,
  Delivery,
  QuickRepliesState,
  QuickReplyItem,
  SegmentMeterReading,
} from '@smsbridge/sidebar';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { BotTranscript } from '../components/BotTranscript.tsx';
import { ConsentBadge } from '../components/ConsentBadge.tsx';
import { Deliveries } from '../components/Deliveries.tsx';
import { QuickReplies } from '../components/QuickReplies.tsx';
import { SmsComposer } from '../components/SmsComposer.tsx';
import { FwButton } from '../crayons.ts';
import type { FreshworksClient } from '../fdk/freshworks-client.ts';
import { useAppEvent } from '../hooks/useAppEvent.ts';
import { useClient } from '../hooks/useClient.ts';
import { useResizeToContent } from '../hooks/useResizeToContent.ts';
import { useSmsSend } from '../hooks/useSmsSend.ts';
import { createTranslator } from '../i18n.ts';
import type { Translate } from '../i18n.ts';
import { refusalMessage, sendDecision } from '../send-decision.ts';
import { loadTicketSetup } from './ticket-setup.ts';
import type { TicketSetup } from './ticket-setup.ts';

/** An `app.activated` this soon after a load is the opening itself, not a return to the app. */
const ACTIVATION_RELOAD_AFTER_MS = 5_000;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function TicketSidebar() {
  const client = useClient();
  const state = useSidebarSetup(client, loadTicketSetup);
  const containerRef = useResizeToContent(client);
  const t = createTranslator(state.status === 'ready' ? state.setup.language : 'en');
  return (
    <div ref={containerRef} className="sidebar">
      <h1 className="visually-hidden">SMS Bridge</h1>
      {state.status === 'loading' && <p className="fw-type-sm">{t('loading')}</p>}
      {state.status === 'error' && (
        <p className="fw-type-sm" role="alert">
          {t('relay_error', { message: state.message })}
        </p>
      )}
      {state.status === 'ready' && <SmsSidebar client={client} setup={state.setup} />}
    </div>
  );
}

function SmsSidebar({
  client,
  setup,
}: {
  readonly client: FreshworksClient;
  readonly setup: TicketSetup;
}) {
  const { relay, ticketId, language, values } = setup;
  const t = useMemo(() => createTranslator(language), [language]);
  const formatDate = useMemo(() => createDateFormatter(language), [language]);
  // Kept here so the agent's text survives a reload of the conversation.
  const [composer, setComposer] = useState('');
  const conversation = useConversation(relay, ticketId);
  const quickReplies = useQuickReplies(conversation.status === 'ready' ? relay : null, values);

  const loadedAt = useRef(0);
  useEffect(() => {
    if (conversation.status === 'ready') loadedAt.current = Date.now();
  }, [conversation.status]);
  // The agent came back to the app: consent or statuses may have changed meanwhile (§3.10).
  useAppEvent(client, 'app.activated', () => {
    if (Date.now() - loadedAt.current > ACTIVATION_RELOAD_AFTER_MS) conversation.reload();
  });

  // While the conversation loads again (the agent came back, or consent changed), the sidebar
  // stays as it was instead of flashing "Loading…" and losing what the agent was doing.
  const lastReady = useRef<{ view: ConversationView; deliveries: readonly Delivery[] } | null>(
    null,
  );
  if (conversation.status === 'ready') {
    lastReady.current = { view: conversation.view, deliveries: conversation.deliveries };
  } else if (conversation.status !== 'loading') lastReady.current = null;
  const shown = lastReady.current;

  if (conversation.status === 'notSms') {
    return (
      <p className="fw-type-sm" data-testid="not-sms">
        {t('not_sms')}
      </p>
    );
  }
  if (conversation.status === 'error') {
    return (
      <>
        <p className="fw-type-sm" role="alert">
          {t('relay_error', { message: conversation.message })}
        </p>
        <FwButton color="secondary" size="small" onFwClick={conversation.reload}>
          {t('retry')}
        </FwButton>
      </>
    );
  }
  if (shown === null) return <p className="fw-type-sm">{t('loading')}</p>;
  return (
    <ReadySidebar
      client={client}
      setup={setup}
      view={shown.view}
      initialDeliveries={shown.deliveries}
      reload={conversation.reload}
      composer={composer}
      setComposer={setComposer}
      quickReplies={quickReplies}
      t={t}
      formatDate={formatDate}
    />
  );
}

interface ReadySidebarProps {
  readonly client: FreshworksClient;
  readonly setup: TicketSetup;
  readonly view: ConversationView;
  readonly initialDeliveries: readonly Delivery[];
  readonly reload: () => void;
  readonly composer: string;
  readonly setComposer: (text: string) => void;
  readonly quickReplies: QuickRepliesState;
  readonly t: Translate;
  readonly formatDate: (iso: string) => string;
}

function ReadySidebar(props: ReadySidebarProps) {
  const { client, setup, view, composer, setComposer, t } = props;
  const { relay, ticketId, agentName } = setup;
  const phone = view.conversation.customerPhoneMasked;
  const deliveries = useDeliveries(relay, ticketId, { initial: props.initialDeliveries, limit: 5 });
  const reading = useSegmentMeter(composer);
  const warnings = usePiiWarnings(composer);
  // Not debounced: what Send would send right now.
  const decision = sendDecision(composer, view.consent);
  const [editorStatus, setEditorStatus] = useState('');
  const bot = useMemo(() => botSummaryOf(view, setup.language), [view, setup.language]);

  const notify = useCallback(
    (type: 'success' | 'danger', title: string, message: string) => {
      // showNotify's `type` is mandatory (freshdesk.md §3.10); a failed toast is not worth an error.
      client.interface.trigger('showNotify', { type, title, message }).catch(() => undefined);
    },
    [client],
  );
  const { reload } = props;
  const sender = useSmsSend({
    relay,
    ticketId,
    agentName,
    onSent: (delivery) => {
      deliveries.track(delivery);
      setComposer('');
      notify('success', t('notify_sent_title'), t('notify_sent_message', { phone }));
    },
    onRefused: (code) => {
      notify('danger', t('notify_failed_title'), refusalMessage(code, t));
      // The customer's consent changed since the sidebar loaded: show it.
      if (code === 'opted_out' || code === 'not_sms') reload();
    },
  });

  const change = useCallback(
    (text: string) => {
      setComposer(text);
      if (sender.state.status !== 'sending' && sender.state.status !== 'idle') sender.reset();
    },
    [setComposer, sender],
  );
  const send = useCallback(() => {
    if (sendDecision(composer, view.consent).allow) void sender.send(composer);
  }, [composer, view.consent, sender]);
  const replace = useCallback(
    (suggestion: NonNullable<SegmentMeterReading['suggestion']>) =>
      change(replaceInComposer(composer, suggestion.replacements)),
    [change, composer],
  );
  const use = useCallback(
    (item: QuickReplyItem) => {
      const joiner = composer === '' || /\s$/.test(composer) ? '' : ' ';
      change(`${composer}${joiner}${item.filled}`);
    },
    [change, composer],
  );
  const insertIntoEditor = useCallback(
    (item: QuickReplyItem) => {
      // Inserts at the editor's cursor (freshdesk.md §3.10: setValue { id: "editor", text }).
      client.interface.trigger('setValue', { id: 'editor', text: item.filled }).then(
        () => setEditorStatus(t('editor_inserted')),
        (error: unknown) => setEditorStatus(t('editor_failed', { message: messageOf(error) })),
      );
    },
    [client, t],
  );

  return (
    <>
      <ConsentBadge
        consent={view.consent}
        relay={relay}
        ticketId={ticketId}
        t={t}
        formatDate={props.formatDate}
      />
      <SmsComposer
        text={composer}
        onChange={change}
        phone={phone}
        reading={reading}
        warnings={warnings}
        decision={decision}
        sendState={sender.state}
        onSend={send}
        onReplace={replace}
        t={t}
      />
      <QuickReplies
        state={props.quickReplies}
        onUse={use}
        onInsertIntoEditor={insertIntoEditor}
        editorStatus={editorStatus}
        t={t}
      />
      <Deliveries
        conversation={view.conversation}
        deliveries={deliveries.deliveries}
        staleReason={deliveries.status === 'error' ? deliveries.message : null}
        t={t}
        formatDate={props.formatDate}
      />
      <BotTranscript summary={bot} t={t} formatDate={props.formatDate} />
    </>
  );
}
