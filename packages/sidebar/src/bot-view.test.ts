import { describe, expect, it } from 'vitest';
import {
  BOT_CATALOGS,
  BOT_HANDOFF_REASONS,
  BOT_INTENTS,
  BOT_TRANSCRIPT_COLLAPSE_AFTER,
  botSummaryOf,
} from './bot-view.ts';
import { catalogMismatches } from './i18n.ts';
import type { BotView, ConversationView } from './relay-api-types.ts';

const conversation = {
  customerPhoneMasked: '+1415***0123',
  businessNumber: '+14155550100',
  ticketId: '1234',
  ticketStatus: 'open',
  createdAt: '2025-03-04T15:00:00.000Z',
};
const consent = {
  status: 'implied',
  canSend: true,
  since: '2025-03-04T15:00:00.000Z',
  decidingEvent: null,
} as const;

/** A hand-off as the relay sends it: order number not found, general tier. */
const handedOff: BotView = {
  status: 'handed_off',
  intent: 'order_status',
  handoffReason: 'order_not_found',
  slaTier: 'P3',
  startedAt: '2025-03-04T15:00:00.000Z',
  updatedAt: '2025-03-04T15:02:10.000Z',
  transcript: [
    { at: '2025-03-04T15:00:00.000Z', from: 'customer', text: 'where is my order' },
    {
      at: '2025-03-04T15:00:01.000Z',
      from: 'bot',
      text: 'Happy to check. Reply with your order number (like 12345678).',
    },
    { at: '2025-03-04T15:01:30.000Z', from: 'customer', text: '99999999' },
    {
      at: '2025-03-04T15:01:31.000Z',
      from: 'bot',
      text: "We couldn't find order 99999999. An agent will text you shortly.",
    },
  ],
};

function viewWith(bot: unknown): ConversationView {
  return { conversation, consent, bot } as ConversationView;
}

const utc = { timeZone: 'UTC' };

describe('botSummaryOf', () => {
  it('says why a ticket was handed to an agent, with intent, SLA tier and the transcript', () => {
    const summary = botSummaryOf(viewWith(handedOff), 'en', utc);
    expect(summary).toMatchObject({
      status: 'handed_off',
      outcome: 'Handed to an agent: order not found',
      intent: 'order_status',
      intentLabel: 'order status',
      handoffReason: 'order_not_found',
      slaTier: 'P3',
      slaLabel: 'P3 · normal',
      slaTone: 'neutral',
      startedAt: '2025-03-04T15:00:00.000Z',
      updatedAt: '2025-03-04T15:02:10.000Z',
      omittedTurns: 0,
      omittedNote: null,
      collapsedByDefault: false,
    });
    expect(summary?.transcript).toEqual([
      {
        at: '2025-03-04T15:00:00.000Z',
        time: 'Mar 4, 2025, 3:00 PM',
        from: 'customer',
        speaker: 'Customer',
        text: 'where is my order',
      },
      {
        at: '2025-03-04T15:00:01.000Z',
        time: '3:00 PM',
        from: 'bot',
        speaker: 'Bot',
        text: 'Happy to check. Reply with your order number (like 12345678).',
      },
      {
        at: '2025-03-04T15:01:30.000Z',
        time: '3:01 PM',
        from: 'customer',
        speaker: 'Customer',
        text: '99999999',
      },
      {
        at: '2025-03-04T15:01:31.000Z',
        time: '3:01 PM',
        from: 'bot',
        speaker: 'Bot',
        text: "We couldn't find order 99999999. An agent will text you shortly.",
      },
    ]);
  });

  it('says what the bot resolved, or that it is still talking', () => {
    const resolved = { ...handedOff, status: 'resolved', handoffReason: null, slaTier: null };
    expect(botSummaryOf(viewWith(resolved), 'en')).toMatchObject({
      outcome: 'Resolved by the bot: order status',
      slaLabel: null,
      slaTone: null,
    });
    expect(botSummaryOf(viewWith({ ...resolved, intent: null }), 'en')?.outcome).toBe(
      'Resolved by the bot',
    );
    const active = { ...handedOff, status: 'active', intent: null, handoffReason: null };
    expect(botSummaryOf(viewWith(active), 'en')).toMatchObject({
      outcome: 'Bot is talking with the customer',
      intentLabel: null,
    });
  });

  it('speaks Spanish', () => {
    const summary = botSummaryOf(viewWith({ ...handedOff, slaTier: 'P1' }), 'es', utc);
    expect(summary).toMatchObject({
      outcome: 'Pasado a un agente: pedido no encontrado',
      intentLabel: 'estado del pedido',
      slaLabel: 'P1 · urgente',
      slaTone: 'danger',
    });
    expect(summary?.transcript.map((line) => line.speaker)).toEqual([
      'Cliente',
      'Bot',
      'Cliente',
      'Bot',
    ]);
    expect(summary?.transcript[1]?.time).toBe('15:00');
    const resolved = { ...handedOff, status: 'resolved', intent: 'billing' };
    expect(botSummaryOf(viewWith(resolved), 'es')?.outcome).toBe(
      'Resuelto por el bot: facturación',
    );
    expect(botSummaryOf(viewWith({ ...handedOff, status: 'active' }), 'es')?.outcome).toBe(
      'El bot está hablando con el cliente',
    );
  });

  it('is null when the bot never talked, or the relay is too old to say', () => {
    expect(botSummaryOf(viewWith(null), 'en')).toBeNull();
    expect(botSummaryOf({ conversation, consent }, 'en')).toBeNull();
    expect(botSummaryOf(null, 'en')).toBeNull();
    expect(botSummaryOf('bot', 'en')).toBeNull();
    expect(botSummaryOf(viewWith([handedOff]), 'en')).toBeNull();
    expect(botSummaryOf(viewWith('handed_off'), 'en')).toBeNull();
  });

  it('is null for a status it does not know, rather than guessing what happened', () => {
    expect(botSummaryOf(viewWith({ ...handedOff, status: 'expired' }), 'en')).toBeNull();
    expect(botSummaryOf(viewWith({ ...handedOff, status: 'RESOLVED' }), 'en')).toBeNull();
    expect(botSummaryOf(viewWith({ ...handedOff, status: undefined }), 'en')).toBeNull();
    expect(botSummaryOf(viewWith({ ...handedOff, status: 1 }), 'en')).toBeNull();
  });

  it('leaves out malformed turns and says how many', () => {
    const transcript = [
      handedOff.transcript[0],
      { at: '2025-03-04T15:00:01.000Z', from: 'agent', text: 'not a speaker the bot has' },
      { at: '2025-03-04T15:00:02.000Z', from: 'bot', text: '   ' },
      { at: '2025-03-04T15:00:03.000Z', from: 'bot', text: 42 },
      { at: 'yesterday', from: 'bot', text: 'no usable date' },
      { at: '2025-02-30T25:61:00Z', from: 'bot', text: 'not a real time' },
      { from: 'customer', text: 'no date at all' },
      'Reply 1 for orders',
      null,
      [],
      handedOff.transcript[3],
    ];
    const summary = botSummaryOf(viewWith({ ...handedOff, transcript }), 'en', utc);
    expect(summary?.transcript.map((line) => line.text)).toEqual([
      'where is my order',
      "We couldn't find order 99999999. An agent will text you shortly.",
    ]);
    expect(summary?.omittedTurns).toBe(9);
    expect(summary?.omittedNote).toBe('9 message(s) of the transcript could not be shown.');
  });

  it('copes with missing or mistyped fields around a known status', () => {
    const summary = botSummaryOf(
      viewWith({
        status: 'handed_off',
        intent: 'ORDER STATUS; <script>',
        handoffReason: 7,
        slaTier: 'P0',
        startedAt: 'soon',
        transcript: { 0: 'not a list' },
      }),
      'en',
    );
    expect(summary).toEqual({
      status: 'handed_off',
      outcome: 'Handed to an agent',
      intent: null,
      intentLabel: null,
      handoffReason: null,
      slaTier: null,
      slaLabel: null,
      slaTone: null,
      startedAt: null,
      updatedAt: null,
      transcript: [],
      omittedTurns: 0,
      omittedNote: null,
      collapsedByDefault: false,
    });
  });

  it('says a session the customer ended with STOP went to an agent because they opted out', () => {
    // The relay reports such a session as handed_off with the reason opted_out.
    const summary = botSummaryOf(viewWith({ ...handedOff, handoffReason: 'opted_out' }), 'en');
    expect(summary?.outcome).toBe('Handed to an agent: the customer opted out of texts');
  });

  it('ignores a hand-off reason unless the bot handed off', () => {
    const summary = botSummaryOf(viewWith({ ...handedOff, status: 'resolved' }), 'en');
    expect(summary?.handoffReason).toBeNull();
    expect(summary?.outcome).toBe('Resolved by the bot: order status');
  });

  it('shows an intent or reason a newer relay adds as its code in words', () => {
    const summary = botSummaryOf(
      viewWith({ ...handedOff, intent: 'store_pickup', handoffReason: 'pickup_slot_full' }),
      'es',
    );
    expect(summary?.intentLabel).toBe('store pickup');
    expect(summary?.outcome).toBe('Pasado a un agente: pickup slot full');
  });

  it('puts the date on the first turn and on the first turn of a new day', () => {
    const transcript = [
      { at: '2025-03-04T23:58:00Z', from: 'customer', text: 'reset my password' },
      { at: '2025-03-04T23:58:01Z', from: 'bot', text: 'I sent a reset link. Did it work?' },
      { at: '2025-03-05T07:15:00Z', from: 'customer', text: 'no' },
    ];
    const times = botSummaryOf(viewWith({ ...handedOff, transcript }), 'en', utc)?.transcript.map(
      (line) => line.time,
    );
    expect(times).toEqual(['Mar 4, 2025, 11:58 PM', '11:58 PM', 'Mar 5, 2025, 7:15 AM']);
    // In Los Angeles (UTC-8 then) all three fall on March 4th.
    const pacific = botSummaryOf(viewWith({ ...handedOff, transcript }), 'en', {
      timeZone: 'America/Los_Angeles',
    })?.transcript.map((line) => line.time);
    expect(pacific).toEqual(['Mar 4, 2025, 3:58 PM', '3:58 PM', '11:15 PM']);
  });

  it(`starts collapsed over ${BOT_TRANSCRIPT_COLLAPSE_AFTER} turns`, () => {
    const turns = (count: number) =>
      Array.from({ length: count }, (_, index) => ({
        at: `2025-03-04T15:0${index}:00.000Z`,
        from: index % 2 === 0 ? 'customer' : 'bot',
        text: `message ${index}`,
      }));
    const six = botSummaryOf(viewWith({ ...handedOff, transcript: turns(6) }), 'en');
    const seven = botSummaryOf(viewWith({ ...handedOff, transcript: turns(7) }), 'en');
    expect(six?.collapsedByDefault).toBe(false);
    expect(seven?.collapsedByDefault).toBe(true);
    expect(seven?.transcript).toHaveLength(7);
  });
});

describe('the bot catalogs', () => {
  it('have every English string in Spanish, with the same placeholders, and no other', () => {
    expect(catalogMismatches(BOT_CATALOGS.en, BOT_CATALOGS.es)).toEqual([]);
  });

  it('name every intent and hand-off reason the bot has', () => {
    const keys = Object.keys(BOT_CATALOGS.en);
    for (const intent of BOT_INTENTS) expect(keys).toContain(`intent_${intent}`);
    for (const reason of BOT_HANDOFF_REASONS) expect(keys).toContain(`reason_${reason}`);
    const named = keys.filter((key) => /^(intent|reason)_/.test(key));
    expect(named).toHaveLength(BOT_INTENTS.length + BOT_HANDOFF_REASONS.length);
  });
});
