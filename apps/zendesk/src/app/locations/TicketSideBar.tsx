// The ticket_sidebar location: meter, PII warnings, quick replies, consent, context and the bot session for SMS tickets.
import {
  botSummaryOf,
  composerTextToSms,
  createDateFormatter,
  replaceInComposer,
  useConversation,
  usePiiWarnings,
  useQuickReplies,
  useSegmentMeter,
  useSidebarSetup,
} from '@smsbridge/sidebar';
import type { Consent, QuickReplyItem, SegmentMeterReading } from '@smsbridge/sidebar';
import { Button } from '@zendeskgarden/react-buttons';
import { MD, SM } from '@zendeskgarden/react-typography';
import { useCallback, useMemo, useRef, useState } from 'react';
import { BotSection } from '../components/BotSection.tsx';
import { ConsentBadge } from '../components/ConsentBadge.tsx';
import { ConversationContext } from '../components/ConversationContext.tsx';
import { PiiWarnings } from '../components/PiiWarnings.tsx';
import { QuickReplies } from '../components/QuickReplies.tsx';
import { SegmentMeter } from '../components/SegmentMeter.tsx';
import { useClient } from '../hooks/useClient.ts';
import { useResizeToContent } from '../hooks/useResizeToContent.ts';
import { useZafEvent } from '../hooks/useZafEvent.ts';
import { createTranslator } from '../i18n.ts';
import { createSaveHook } from '../save-hook.ts';
import type { ZafClient } from '../zaf/zaf-client.ts';
import { loadTicketSetup } from './ticket-setup.ts';
import type { TicketSetup } from './ticket-setup.ts';

export function TicketSideBar() {
  const client = useClient();
  const state = useSidebarSetup(client, loadTicketSetup);
  const containerRef = useResizeToContent(client);
  const t = createTranslator(state.status === 'ready' ? state.setup.language : 'en');
  return (
    <div ref={containerRef}>
      {state.status === 'loading' && <SM>{t('loading')}</SM>}
      {state.status === 'error' && (
        <SM role="alert">{t('relay_error', { message: state.message })}</SM>
      )}
      {state.status === 'ready' && <SmsSidebar client={client} setup={state.setup} />}
    </div>
  );
}

function SmsSidebar({
  client,
  setup,
}: {
  readonly client: ZafClient;
  readonly setup: TicketSetup;
}) {
  const { relay, ticketId, language, values } = setup;
  const t = useMemo(() => createTranslator(language), [language]);
  const formatDate = useMemo(() => createDateFormatter(language), [language]);
  const [composer, setComposer] = useState(setup.commentText);
  const conversation = useConversation(relay, ticketId);
  const isSms = conversation.status === 'ready';
  const smsText = useMemo(() => composerTextToSms(composer), [composer]);
  const reading = useSegmentMeter(smsText);
  const warnings = usePiiWarnings(smsText);
  const quickReplies = useQuickReplies(isSms ? relay : null, values);
  const view = conversation.status === 'ready' ? conversation.view : null;
  const bot = useMemo(
    () => (view === null ? null : botSummaryOf(view, language)),
    [view, language],
  );

  const consentRef = useRef<Consent | null>(null);
  consentRef.current = conversation.status === 'ready' ? conversation.view.consent : null;
  const reloadConversation = conversation.reload;
  const saveHook = useMemo(() => {
    // Consent is read again at save time: a STOP texted while this ticket was open must block the
    // reply even though the badge was loaded before it. If the relay cannot answer, the last known
    // consent decides (the relay checks again before sending).
    const currentConsent = async () => {
      const known = consentRef.current;
      try {
        const lookup = await relay.conversationByTicket(ticketId);
        if (lookup.kind !== 'found') return known;
        if (lookup.view.consent.status !== known?.status) reloadConversation();
        return lookup.view.consent;
      } catch {
        return known;
      }
    };
    return createSaveHook(client, currentConsent, t, language);
  }, [client, relay, ticketId, reloadConversation, t, language]);

  useZafEvent(client, 'comment.text.changed', (text: unknown) =>
    setComposer(typeof text === 'string' ? text : ''),
  );
  // Block saves only on SMS tickets; elsewhere the app must not get in the agent's way.
  useZafEvent(client, 'ticket.save', isSms ? saveHook : null);
  // A save may have sent a text or changed consent (STOP answered): refresh statuses.
  useZafEvent(client, 'ticket.saved', isSms ? conversation.reload : null);

  const replace = useCallback(
    (suggestion: NonNullable<SegmentMeterReading['suggestion']>) => {
      const next = replaceInComposer(composer, suggestion.replacements);
      setComposer(next);
      void client.set('comment.text', next);
    },
    [client, composer],
  );
  const insert = useCallback(
    (item: QuickReplyItem) => {
      void client.invoke('comment.appendText', item.filled);
    },
    [client],
  );

  if (conversation.status === 'loading') return <SM>{t('loading')}</SM>;
  if (conversation.status === 'notSms') return <MD data-testid="not-sms">{t('not_sms')}</MD>;
  if (conversation.status === 'error') {
    return (
      <>
        <SM role="alert">{t('relay_error', { message: conversation.message })}</SM>
        <Button size="small" onClick={conversation.reload}>
          {t('retry')}
        </Button>
      </>
    );
  }
  return (
    <>
      <ConsentBadge
        consent={conversation.view.consent}
        relay={relay}
        ticketId={ticketId}
        t={t}
        formatDate={formatDate}
      />
      <SegmentMeter text={smsText} reading={reading} onReplace={replace} t={t} />
      <PiiWarnings warnings={warnings} t={t} />
      <QuickReplies state={quickReplies} onInsert={insert} t={t} />
      <ConversationContext
        conversation={conversation.view.conversation}
        deliveries={conversation.deliveries}
        t={t}
        formatDate={formatDate}
      />
      <BotSection summary={bot} t={t} formatDate={formatDate} />
    </>
  );
}
