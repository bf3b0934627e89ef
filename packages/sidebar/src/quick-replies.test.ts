import { describe, expect, it } from 'vitest';
import {
  QUICK_REPLY_CATEGORIES,
  fillQuickReply,
  filterQuickReplies,
  firstNameOf,
  isPlaceholderName,
  prepareQuickReplies,
  quickReplyCategoryChoices,
  quickReplyCategoryOf,
  quickReplySummary,
} from './quick-replies.ts';
import type { QuickReply } from './relay-api-types.ts';

const reply = (overrides: Partial<QuickReply> & Pick<QuickReply, 'id' | 'body'>): QuickReply => ({
  category: 'general_inquiry',
  title: overrides.id,
  variables: [],
  encoding: 'GSM-7',
  segments: 1,
  ...overrides,
});

describe('fillQuickReply', () => {
  it('fills every placeholder from the ticket', () => {
    expect(
      fillQuickReply('Hi {{first_name}}, order {{order_id}} shipped. {{agent_name}}', {
        first_name: 'Ana',
        order_id: 'A-1042',
        agent_name: 'Sam',
      }),
    ).toEqual({ text: 'Hi Ana, order A-1042 shipped. Sam', missing: [] });
  });

  it('leaves a placeholder with no value in place and reports it once', () => {
    expect(
      fillQuickReply('{{order_id}} / {{ order_id }} for {{first_name}}', {
        first_name: '  ',
        order_id: null,
      }),
    ).toEqual({
      text: '{{order_id}} / {{ order_id }} for {{first_name}}',
      missing: ['order_id', 'first_name'],
    });
  });

  it('does not touch braces that are not one of the three variables', () => {
    expect(fillQuickReply('{{last_name}} {first_name}', { first_name: 'Ana' }).text).toBe(
      '{{last_name}} {first_name}',
    );
  });

  it('accepts odd strings and rejects a non-string script', () => {
    expect(fillQuickReply('\ud800{{first_name}}', { first_name: 'José' }).text).toBe('\ud800José');
    expect(() => fillQuickReply(7 as never, {})).toThrow(/fillQuickReply: .*received number 7/);
  });
});

describe('first names from the requester', () => {
  it('never greets the relay\'s placeholder requester "SMS +14155550123" as "SMS"', () => {
    // The name deliver-inbound.ts gives the requesters it creates.
    expect(firstNameOf('SMS +14155550123')).toBeUndefined();
    expect(
      fillQuickReply('Hi {{first_name}}, Alex here.', {
        first_name: firstNameOf('SMS +14155550123'),
      }),
    ).toEqual({
      text: 'Hi {{first_name}}, Alex here.',
      missing: ['first_name'],
    });
  });

  it('treats a bare phone number, however written, as no name', () => {
    for (const name of [
      '+14155550123',
      '  (415) 555-0123 ',
      '+44 20 7946 0958',
      'sms 415.555.0123',
    ]) {
      expect(isPlaceholderName(name), name).toBe(true);
      expect(firstNameOf(name), name).toBeUndefined();
    }
  });

  it('keeps the first word of a real name, even one that starts with SMS or holds digits', () => {
    expect(firstNameOf('Ana Lima')).toBe('Ana');
    expect(firstNameOf('  José  ')).toBe('José');
    expect(firstNameOf('SMS Support Team')).toBe('SMS');
    expect(firstNameOf('Ana +14155550123')).toBe('Ana');
    expect(firstNameOf('R2 D2')).toBe('R2');
    expect(isPlaceholderName('12 34')).toBe(false); // too few digits for a number
    expect(firstNameOf('')).toBeUndefined();
    expect(firstNameOf(null)).toBeUndefined();
    expect(() => isPlaceholderName(7 as never)).toThrow(/isPlaceholderName: .*received number 7/);
  });

  it('leaves {{first_name}} to the agent when the value itself is a number or the placeholder', () => {
    for (const first_name of ['+14155550123', 'SMS +14155550123']) {
      expect(fillQuickReply('Hi {{first_name}}', { first_name })).toEqual({
        text: 'Hi {{first_name}}',
        missing: ['first_name'],
      });
    }
    // Only first_name: an order id may well be all digits.
    expect(fillQuickReply('Order {{order_id}}', { order_id: '4155550123' }).text).toBe(
      'Order 4155550123',
    );
  });
});

describe('prepareQuickReplies', () => {
  it('recounts segments after filling: a long or accented name can change the bill', () => {
    const body = `Hi {{first_name}}, ${'x'.repeat(140)}`;
    const [short, long] = [
      prepareQuickReplies([reply({ id: 'a', body })], { first_name: 'Al' })[0],
      prepareQuickReplies([reply({ id: 'a', body })], { first_name: 'Maximiliano Bartholomew' })[0],
    ];
    expect(short?.filledSegments).toBe(1);
    expect(long?.filledSegments).toBe(2);
    const accented = prepareQuickReplies([reply({ id: 'b', body: 'Hola {{first_name}}' })], {
      first_name: 'Łucja',
    })[0];
    expect(accented?.filledEncoding).toBe('UCS-2');
  });
});

describe('filterQuickReplies', () => {
  const items = prepareQuickReplies(
    [
      reply({
        id: 'where',
        title: 'Where is my order',
        category: 'order_status',
        body: 'Order {{order_id}} is on its way.',
      }),
      reply({
        id: 'refund',
        title: 'Refund issued',
        category: 'billing',
        body: 'Your refund is on its way.',
      }),
      reply({ id: 'outage', title: 'Known outage', category: 'outage', body: 'We are fixing it.' }),
    ],
    { order_id: 'A-77' },
  );

  it('matches words in the title or the filled text, ignoring case and accents', () => {
    expect(filterQuickReplies(items, 'ON ITS WAY').map((i) => i.id)).toEqual(['where', 'refund']);
    expect(filterQuickReplies(items, 'a-77').map((i) => i.id)).toEqual(['where']);
    expect(filterQuickReplies(items, 'réfund').map((i) => i.id)).toEqual(['refund']);
  });

  it('narrows by category and returns everything for an empty search', () => {
    expect(filterQuickReplies(items, '', 'billing').map((i) => i.id)).toEqual(['refund']);
    expect(filterQuickReplies(items, '   ')).toHaveLength(3);
    expect(filterQuickReplies(items, 'order status').map((i) => i.id)).toEqual(['where']);
  });
});

describe('quickReplyCategoryOf', () => {
  it('reads a filter value as one of the five categories, anything else as all of them', () => {
    for (const category of QUICK_REPLY_CATEGORIES)
      expect(quickReplyCategoryOf(category)).toBe(category);
    expect(QUICK_REPLY_CATEGORIES).toHaveLength(5);
    expect(quickReplyCategoryOf('')).toBeNull();
    expect(quickReplyCategoryOf('all')).toBeNull();
    expect(quickReplyCategoryOf('BILLING')).toBeNull();
    expect(quickReplyCategoryOf('__proto__')).toBeNull();
  });
});

describe('quickReplyCategoryChoices', () => {
  it('offers all categories first, then each category under its own label', () => {
    const choices = quickReplyCategoryChoices((key) => `<${key}>`);
    expect(choices[0]).toEqual({ value: '', label: '<quick_replies_all>' });
    expect(choices.slice(1)).toEqual(
      QUICK_REPLY_CATEGORIES.map((value) => ({ value, label: `<category_${value}>` })),
    );
    // Every choice reads back as the category it offers, "all" as none.
    expect(choices.map((choice) => quickReplyCategoryOf(choice.value))).toEqual([
      null,
      ...QUICK_REPLY_CATEGORIES,
    ]);
  });
});

describe('quickReplySummary', () => {
  const t = (key: string, values: Readonly<Record<string, string | number>> = {}) =>
    `${key}(${Object.entries(values)
      .map(([name, value]) => `${name}=${value}`)
      .join(',')})`;

  it("gives the filled reply's encoding and segments, then what is left to fill", () => {
    const [filled, unfilled] = prepareQuickReplies(
      [
        reply({ id: 'done', body: 'Hi {{first_name}}!' }),
        reply({ id: 'todo', body: 'Hi {{first_name}}, order {{order_id}} 😀' }),
      ],
      { first_name: 'Ana' },
    );
    expect(filled && quickReplySummary(filled, t)).toBe(
      'quick_replies_segments(encoding=GSM-7,segments=1)',
    );
    expect(unfilled && quickReplySummary(unfilled, t)).toBe(
      'quick_replies_segments(encoding=UCS-2,segments=1) · quick_replies_missing(names=order_id)',
    );
  });
});
