// Conversation flows of the bot engine, with the real trained classifier and injected lookups.
import { analyzeSms } from '@smsbridge/sms';
import { describe, expect, it, vi } from 'vitest';
import { createBot } from './bot.ts';
import type { BotConfigInput } from './config.ts';
import type { BotLookups, ConversationState, StepContext, StepResult } from './engine.ts';
import type { OrderLookupResult } from './order-lookup.ts';
import { formatTranscript } from './transcript.ts';

const weekdays = [{ open: '09:00', close: '17:00' }];
const CONFIG: BotConfigInput = {
  businessName: 'Acme Outdoor',
  orderLookup: {
    urlTemplate: 'https://shop.example/api/orders/{orderNumber}',
    authHeader: { env: 'ACME_SHOP_TOKEN', prefix: 'Bearer ' },
  },
  trackingLinkTemplate: 'https://trk.example/{trackingNumber}',
  passwordReset: { mode: 'link', url: 'https://acme.example/reset' },
  businessHours: {
    timeZone: 'America/New_York',
    weekly: { mon: weekdays, tue: weekdays, wed: weekdays, thu: weekdays, fri: weekdays },
    holidays: ['2026-12-25'],
  },
  expectedWait: { en: 'about 10 minutes', es: 'unos 10 minutos' },
};

const bot = await createBot(CONFIG);

/** Monday 2026-03-09 11:00 EDT: open. */
const MONDAY_OPEN = new Date('2026-03-09T15:00:00Z');
/** Friday 2026-03-13 19:00 EDT: closed until Monday 09:00. */
const FRIDAY_EVENING = new Date('2026-03-13T23:00:00Z');

function shopLookups(orders: Record<string, OrderLookupResult> = {}): BotLookups & {
  orderLookup: ReturnType<typeof vi.fn<(orderNumber: string) => Promise<OrderLookupResult>>>;
} {
  return {
    orderLookup: vi.fn((orderNumber: string) =>
      Promise.resolve(orders[orderNumber] ?? ({ kind: 'not_found' } as const)),
    ),
  };
}

const SHIPPED: OrderLookupResult = {
  kind: 'found',
  status: 'Shipped',
  eta: '2026-03-12',
  trackingNumber: '1Z999AA1',
};

/** Runs texts in one conversation; every reply must be one SMS segment. */
async function converse(
  texts: readonly string[],
  context: Partial<StepContext> = {},
  start: ConversationState | null = null,
): Promise<StepResult[]> {
  const results: StepResult[] = [];
  let state = start;
  for (const text of texts) {
    const result = await bot.step(state, text, { now: MONDAY_OPEN, ...context });
    for (const reply of result.replies) expect(analyzeSms(reply).segmentCount, reply).toBe(1);
    results.push(result);
    state = result.state;
  }
  return results;
}

function last(results: readonly StepResult[]): StepResult {
  const result = results[results.length - 1];
  if (!result) throw new Error('no step ran');
  return result;
}

describe('greeting', () => {
  it('greets a new conversation by business name with what to expect and STOP, then the menu', async () => {
    const [first] = await converse(['hi']);
    expect(first?.replies).toHaveLength(2);
    expect(first?.replies[0]).toMatch(/Acme Outdoor's automated assistant.*Reply STOP to opt out/);
    expect(first?.replies[1]).toMatch(
      /^Reply with a number:\n1 Order status\n2 Account help\n3 Billing\n4 Technical issue\n5 Talk to a person$/,
    );
    expect(first?.outcome).toBe('continue');
  });

  it('greets only once per conversation', async () => {
    const results = await converse(['hello', 'hey there']);
    expect(last(results).replies.join(' ')).not.toMatch(/automated assistant/);
    expect(last(results).replies[0]).toMatch(/^Reply with a number/);
  });
});

describe('order status', () => {
  it('is resolved in two texts: the question, then the number', async () => {
    const lookups = shopLookups({ '48213377': SHIPPED });
    const results = await converse(["hey where's my order??", 'its 48213377'], { lookups });
    expect(results[0]?.replies[1]).toBe("Sure. What's your order number? It looks like 12345678.");
    const answer = last(results);
    expect(answer.replies).toEqual([
      'Order 48213377: Shipped. Expected Thu Mar 12. Track it: https://trk.example/1Z999AA1',
    ]);
    expect(answer.outcome).toBe('resolved');
    expect(answer.intent).toBe('order_status');
    expect(answer.tags).toEqual(['sms_bot_resolved', 'sms_intent_order_status']);
    expect(lookups.orderLookup).toHaveBeenCalledTimes(1);
    expect(lookups.orderLookup).toHaveBeenCalledWith('48213377');
  });

  it('looks the order up at once when the first text carries the number', async () => {
    const lookups = shopLookups({ 'A-22910': { kind: 'found', status: 'Out for delivery' } });
    const [result] = await converse(['did my order ship yet? #A-22910'], { lookups });
    expect(result?.replies[1]).toBe('Order A-22910: Out for delivery.');
    expect(result?.outcome).toBe('resolved');
  });

  it('hands off an unknown order with the whole transcript', async () => {
    const lookups = shopLookups();
    const results = await converse(['where is my package', '99887766'], { lookups });
    const handoff = last(results);
    expect(handoff.outcome).toBe('handoff');
    expect(handoff.handoffReason).toBe('order_not_found');
    expect(handoff.replies).toEqual([
      "I couldn't find order 99887766. Connecting you to an agent, who will see this chat. We're open now; expected wait about 10 minutes.",
    ]);
    expect(handoff.tags).toEqual(['sms_escalated', 'sms_intent_order_status']);
    expect(handoff.sla?.tier).toBe('P3');
    const note = formatTranscript(handoff.transcript, 'America/New_York').split('\n');
    expect(note).toHaveLength(5); // customer, greeting, question, customer, answer
    expect(note[0]).toMatch(
      /^2026-03-09 11:00 Customer: where is my package \[order_status 1\.00\]$/,
    );
    expect(note[3]).toBe('11:00 Customer: 99887766 [order_status]');
    expect(note[4]).toMatch(/^11:00 Bot: I couldn't find order 99887766\./);
  });

  it('tells the customer and hands off when the lookup times out', async () => {
    const lookups = { orderLookup: () => Promise.resolve({ kind: 'timeout' } as const) };
    const result = last(await converse(['order 55102934 eta?'], { lookups }));
    expect(result.replies[1]).toMatch(
      /^Sorry, I can't check orders right now\. Connecting you to an agent/,
    );
    expect(result.handoffReason).toBe('order_lookup_timeout');
  });

  it('hands off, never guesses, when the lookup throws or answers nonsense', async () => {
    const throwing = { orderLookup: () => Promise.reject(new Error('ECONNRESET')) };
    expect(last(await converse(['order 55102934 eta?'], { lookups: throwing })).handoffReason).toBe(
      'order_lookup_failed',
    );
    const nonsense = {
      orderLookup: () => Promise.resolve({ kind: 'found' } as unknown as OrderLookupResult),
    };
    const result = last(await converse(['order 55102934 eta?'], { lookups: nonsense }));
    expect(result.handoffReason).toBe('order_lookup_failed');
    expect(result.replies.join(' ')).not.toMatch(/Order 55102934:/);
  });

  it('keeps a shop status from turning the reply into UCS-2 or a second segment', async () => {
    const lookups = shopLookups({
      '12345678': {
        kind: 'found',
        status: '“Shipped” 🚚 — via our regional carrier network partners today',
        eta: 'in 2–3 days',
      },
    });
    const result = last(await converse(['12345678 where is it'], { lookups }));
    expect(result.replies[1]).toBe(
      'Order 12345678: "Shipped" - via our regional carrier. Expected in 2-3 days.',
    );
    expect(analyzeSms(result.replies[1] ?? '').encoding).toBe('GSM-7');
  });

  it('asks once more for a missing number, then hands off', async () => {
    const results = await converse(['1', 'i dont have it', 'no idea sorry'], {
      lookups: shopLookups(),
    });
    expect(results[1]?.replies).toEqual([
      "I couldn't find an order number in that. Please send just the number, like 12345678.",
    ]);
    expect(last(results).handoffReason).toBe('order_number_missing');
  });

  it('hands off when the workspace has no order lookup', async () => {
    expect(last(await converse(['where is my order'])).handoffReason).toBe(
      'order_lookup_unavailable',
    );
  });
});

describe('password reset', () => {
  it('sends the link, asks YES or NO, and YES resolves', async () => {
    const results = await converse(['forgot my password lol', 'yes thanks!']);
    expect(results[0]?.replies[1]).toBe(
      'Reset your password here: https://acme.example/reset Did that work? Reply YES or NO',
    );
    expect(last(results).replies).toEqual(['Great, glad that worked! Text us any time.']);
    expect(last(results).outcome).toBe('resolved');
    expect(last(results).tags).toEqual(['sms_bot_resolved', 'sms_intent_password_reset']);
  });

  it('NO hands off to an agent', async () => {
    const result = last(await converse(['i cant log in!!', "no it didn't"]));
    expect(result.outcome).toBe('handoff');
    expect(result.handoffReason).toBe('reset_not_working');
    expect(result.replies[0]).toMatch(/^Sorry about that\. Connecting you to an agent/);
  });

  it('asks again once for an unclear answer, then hands off', async () => {
    const results = await converse(['reset pw please', 'hmm maybe', 'whatever']);
    expect(results[1]?.replies).toEqual(['Did the reset work? Please reply YES or NO']);
    expect(last(results).handoffReason).toBe('reset_unconfirmed');
  });

  it('calls the reset endpoint when configured that way', async () => {
    const endpointBot = await createBot(
      { ...CONFIG, passwordReset: { mode: 'endpoint', url: 'https://acme.example/api/reset' } },
      { classifier: bot.classifier },
    );
    const resetPassword = vi.fn(() => Promise.resolve({ kind: 'sent' } as const));
    const sent = await endpointBot.step(null, 'forgot my password', {
      now: MONDAY_OPEN,
      lookups: { resetPassword },
    });
    expect(sent.replies[1]).toMatch(
      /^I've sent a password reset link to the email on your account/,
    );
    expect(resetPassword).toHaveBeenCalledTimes(1);
    const failing = await endpointBot.step(null, 'forgot my password', {
      now: MONDAY_OPEN,
      lookups: { resetPassword: () => Promise.resolve({ kind: 'timeout' } as const) },
    });
    expect(failing.handoffReason).toBe('reset_failed');
  });
});

describe('menu', () => {
  it('2 opens the account sub-menu and a letter picks from it', async () => {
    const results = await converse(['2', 'B', 'my new email is ana@example.com']);
    expect(results[0]?.replies[1]).toBe(
      'Account help, reply with a letter:\nA Password reset\nB Update profile\nC Close account\n0 Talk to a person',
    );
    expect(results[1]?.replies).toEqual(['Sure. What would you like to change on your profile?']);
    expect(last(results).outcome).toBe('handoff');
    expect(last(results).intent).toBe('profile_update');
    expect(last(results).handoffReason).toBe('needs_agent');
  });

  it.each([
    ['1️⃣', /What's your order number/],
    ['#1', /What's your order number/],
    ['option 3', /billing question/],
    ['4.', /what's going wrong/],
    ['2a', /Reset your password here/],
    ['2 C', /why you want to close it/],
  ])('reads %j as a menu choice', async (text, expected) => {
    const [result] = await converse([text], { lookups: shopLookups() });
    expect(result?.replies.join('\n')).toMatch(expected);
  });

  it.each(['5', '0', 'AGENT', 'human please', 'representante'])(
    '%j goes straight to a person',
    async (text) => {
      const [result] = await converse([text]);
      expect(result?.outcome).toBe('handoff');
      expect(result?.intent).toBe('agent');
      expect(result?.handoffReason).toBe('customer_asked');
    },
  );

  it('an unknown key counts as a miss and shows the menu', async () => {
    const [result] = await converse(['9']);
    expect(result?.replies[1]).toMatch(/^Sorry, I didn't get that\.\nReply with a number:/);
    expect(result?.outcome).toBe('continue');
  });
});

describe('not understood', () => {
  it('asks once with the menu and hands the second miss to an agent', async () => {
    const results = await converse(['whats the weather like tmrw', 'tell me a joke']);
    expect(results[0]?.replies[1]).toMatch(/^Sorry, I didn't get that\.\nReply with a number:/);
    expect(results[0]?.outcome).toBe('continue');
    const second = last(results);
    expect(second.outcome).toBe('handoff');
    expect(second.handoffReason).toBe('not_understood');
    expect(second.intent).toBeUndefined();
    expect(second.tags).toEqual(['sms_escalated', 'sms_intent_none']);
  });

  it.each([
    'I want to return these shoes',
    'do you sell gift cards',
    'are you hiring?',
    'can my dog eat grapes',
    'what is your instagram',
  ])('never answers the out-of-scope %j: asks with the menu or hands to a person', async (text) => {
    const lookups = shopLookups();
    const [result] = await converse([text], { lookups });
    const reply = result?.replies.slice(1).join(' ') ?? '';
    expect(reply).toMatch(/^(Sorry, I didn't get that|Connecting you to an agent)/);
    expect(reply).not.toMatch(/order number|Reset your password|Hours:/);
    expect(lookups.orderLookup).not.toHaveBeenCalled();
  });

  it('takes a bare order number as an order-status question', async () => {
    const lookups = shopLookups({ '12345678': SHIPPED });
    const [result] = await converse(['12345678??'], { lookups });
    expect(result?.replies[1]).toMatch(/^Order 12345678: Shipped\./);
  });
});

describe('sensitive data', () => {
  it('never echoes a card number, warns, and redacts the transcript', async () => {
    const lookups = shopLookups({ '48213377': SHIPPED });
    const [result] = await converse(['my card 4111 1111 1111 1111 was charged, order 48213377'], {
      lookups,
    });
    const everything = JSON.stringify(result);
    expect(everything).not.toContain('4111');
    expect(result?.replies.join(' ')).toMatch(/please don't text passwords, card numbers or SSNs/);
    expect(result?.sensitiveDataDetected).toBe(true);
    expect(result?.turns[0]?.text).toBe(
      'my card [card number removed] was charged, order 48213377',
    );
  });

  it('never echoes a password and still understands the request', async () => {
    const [result] = await converse(['my password is Tr0ub4dor&3 and it says wrong password']);
    expect(JSON.stringify(result)).not.toContain('Tr0ub4dor');
    expect(result?.replies.join(' ')).toMatch(/Reset your password here/);
    expect(result?.turns[0]?.text).toBe(
      'my password is [password removed] and it says wrong password',
    );
  });

  it('does not take a card number for an order number', async () => {
    const lookups = shopLookups();
    await converse(['1', '4111111111111111'], { lookups });
    expect(lookups.orderLookup).not.toHaveBeenCalled();
  });

  it('uses an injected detector (e.g. compliance detectPii) instead of the built-in one', async () => {
    const custom = await createBot(CONFIG, {
      classifier: bot.classifier,
      detectSensitiveData: (text) => {
        const start = text.indexOf('SECRET');
        return start < 0 ? [] : [{ type: 'password', start, end: start + 6 }];
      },
    });
    const result = await custom.step(null, 'hi SECRET', { now: MONDAY_OPEN });
    expect(result.turns[0]?.text).toBe('hi [password removed]');
  });
});

describe('hours', () => {
  it('says open now until closing, with the weekly hours', async () => {
    const [result] = await converse(['what time do u close today']);
    expect(result?.replies[1]).toBe("We're open now until 5pm. Hours: Mon-Fri 9am-5pm.");
    expect(result?.outcome).toBe('resolved');
  });

  it('after Friday closing says when it opens next', async () => {
    const [result] = await converse(['are you open rn'], { now: FRIDAY_EVENING });
    expect(result?.replies[1]).toBe(
      "We're closed now and open Mon at 9am. Hours: Mon-Fri 9am-5pm.",
    );
  });

  it('on a holiday skips to the next working day', async () => {
    const [result] = await converse(['are you open today?'], {
      now: new Date('2026-12-25T15:00:00Z'),
    });
    expect(result?.replies[1]).toBe(
      "We're closed now and open Mon at 9am. Hours: Mon-Fri 9am-5pm.",
    );
  });

  it('across the spring-forward night still says 9am', async () => {
    // Sunday 2026-03-08 01:30 EST, half an hour before clocks go forward.
    const [result] = await converse(['hours?'], { now: new Date('2026-03-08T06:30:00Z') });
    expect(result?.replies[1]).toBe(
      "We're closed now and open tomorrow at 9am. Hours: Mon-Fri 9am-5pm.",
    );
  });

  it('open around the clock says open now without a closing time', async () => {
    const wholeDay = [{ open: '00:00', close: '24:00' }];
    const weekly = Object.fromEntries(
      ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => [day, wholeDay]),
    );
    const always = await createBot(
      {
        businessName: 'Always',
        businessHours: { timeZone: 'UTC', weekly },
        hoursSummary: { en: 'open 24/7' },
      },
      { classifier: bot.classifier },
    );
    const result = await always.step(null, 'are you open rn', { now: MONDAY_OPEN });
    expect(result.replies[1]).toBe("We're open now. Hours: open 24/7.");
  });

  it('hands off when neither hours nor location are configured', async () => {
    const bare = await createBot({ businessName: 'Bare' }, { classifier: bot.classifier });
    const result = await bare.step(null, 'what are your opening hours', { now: MONDAY_OPEN });
    expect(result.handoffReason).toBe('hours_unavailable');
  });
});

describe('agent hand-off', () => {
  it('while open: expected wait and open now', async () => {
    const [result] = await converse(['can i talk to a real person']);
    expect(result?.replies[1]).toBe(
      "Connecting you to an agent, who will see this chat. We're open now; expected wait about 10 minutes.",
    );
    expect(result?.closedNoticeIncluded).toBe(false);
  });

  it('while closed: when the reply will come, once per closed period', async () => {
    const [closed] = await converse(['agent please'], { now: FRIDAY_EVENING });
    expect(closed?.replies[1]).toBe(
      "Connecting you to an agent, who will see this chat. We're closed now and will reply from Mon at 9am.",
    );
    expect(closed?.closedNoticeIncluded).toBe(true);
    const [again] = await converse(['agent please'], {
      now: FRIDAY_EVENING,
      closedNoticeSent: true,
    });
    expect(again?.replies[1]).toBe('Connecting you to an agent, who will see this chat.');
    expect(again?.closedNoticeIncluded).toBe(false);
  });

  it('a 24/7-tier customer is routed without the closed notice', async () => {
    const [result] = await converse(['agent please'], { now: FRIDAY_EVENING, alwaysOpen: true });
    expect(result?.replies[1]).toBe(
      'Connecting you to an agent, who will see this chat. Expected wait: about 10 minutes.',
    );
  });

  it('after a hand-off the bot stays silent', async () => {
    const results = await converse(['agent', 'hello?? anyone', 'where is my order']);
    expect(results[1]?.replies).toEqual([]);
    expect(last(results).replies).toEqual([]);
    expect(last(results).outcome).toBe('handoff');
  });

  it('sets the SLA tier: outage words P1, billing P2, many similar reports P1', async () => {
    expect(last(await converse(['your website is down, nothing works'])).sla).toMatchObject({
      tier: 'P1',
      zendeskPriority: 'urgent',
      freshdeskPriority: 4,
    });
    expect(last(await converse(['you charged me twice!!'])).sla?.tier).toBe('P2');
    expect(last(await converse(['app keeps crashing'])).sla?.tier).toBe('P3');
    expect(
      last(await converse(['app keeps crashing'], { similarRecentReports: 7 })).sla,
    ).toMatchObject({
      tier: 'P1',
      reason: 'many_reports',
    });
  });
});

describe('Spanish', () => {
  it('answers an order question in Spanish, start to finish', async () => {
    const lookups = shopLookups({ '88123004': SHIPPED });
    const results = await converse(['hola, ¿dónde está mi pedido?', 'es el 88123004'], { lookups });
    expect(results[0]?.replies[0]).toMatch(/^Hola, soy el asistente virtual de Acme Outdoor/);
    expect(results[0]?.replies[1]).toBe(
      '¡Claro! ¿Me das tu numero de pedido? Es algo como 12345678.',
    );
    expect(last(results).replies).toEqual([
      'Pedido 88123004: Shipped. Llega el 12 de marzo. Seguimiento: https://trk.example/1Z999AA1',
    ]);
  });

  it('confirms a password reset with SI', async () => {
    const results = await converse(['olvidé mi contraseña', 'si, ya funcionó']);
    expect(results[0]?.replies[1]).toMatch(
      /^Cambia tu contraseña con este enlace: https:\/\/acme\.example\/reset/,
    );
    expect(last(results).outcome).toBe('resolved');
  });

  it('gives hours and hands off in Spanish, every text GSM-7', async () => {
    const [hours] = await converse(['a que hora abren?'], { now: FRIDAY_EVENING });
    expect(hours?.replies[1]).toBe(
      'Ahora estamos cerrados; abrimos el 16 de marzo a las 9:00. Horario: Lu-Vi 9:00-17:00.',
    );
    const [agent] = await converse(['quiero hablar con una persona']);
    expect(agent?.replies[1]).toBe(
      'Te paso con una persona, con todo el historial del chat. Estamos abiertos; espera estimada: unos 10 minutos.',
    );
    for (const reply of [...(hours?.replies ?? []), ...(agent?.replies ?? [])]) {
      expect(analyzeSms(reply).encoding).toBe('GSM-7');
    }
  });
});

describe('robustness', () => {
  it('is deterministic: the same state, text and time give the same result', async () => {
    const lookups = shopLookups({ '48213377': SHIPPED });
    const first = await converse(['where is my order', '48213377'], { lookups });
    const second = await converse(['where is my order', '48213377'], { lookups });
    expect(second).toEqual(first);
  });

  it('starts afresh without a second greeting after a resolved conversation', async () => {
    const results = await converse(['thanks!', 'what are your hours']);
    expect(results[0]?.outcome).toBe('resolved');
    expect(last(results).replies).toEqual(["We're open now until 5pm. Hours: Mon-Fri 9am-5pm."]);
    expect(last(results).transcript).toHaveLength(2);
  });

  it('reads at most 1600 characters and keeps transcript lines short', async () => {
    const [result] = await converse([`where is my order ${'blah '.repeat(3000)}`], {
      lookups: shopLookups(),
    });
    expect(result?.turns[0]?.text.length).toBeLessThanOrEqual(500);
  });

  it('an empty text (a picture alone) counts as a miss, not an answer', async () => {
    const [result] = await converse(['']);
    expect(result?.replies[1]).toMatch(/^Sorry, I didn't get that/);
  });

  it('rejects a malformed state, a non-string text and a bad clock', async () => {
    await expect(
      bot.step({ version: 2 } as unknown as ConversationState, 'hi', { now: MONDAY_OPEN }),
    ).rejects.toThrow(TypeError);
    await expect(bot.step(null, 42 as unknown as string, { now: MONDAY_OPEN })).rejects.toThrow(
      TypeError,
    );
    await expect(bot.step(null, 'hi', { now: new Date('nope') })).rejects.toThrow(TypeError);
  });

  it('hands a conversation that keeps circling the menu to a person', async () => {
    const results = await converse(Array.from({ length: 40 }, () => '2'));
    expect(results.some((result) => result.handoffReason === 'conversation_too_long')).toBe(true);
  });
});
