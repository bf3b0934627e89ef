// The compact transcript note: one line per turn, local time, dates when they change.
import { describe, expect, it } from 'vitest';
import { formatTranscript, oneLine } from './transcript.ts';

describe('formatTranscript', () => {
  it('writes one line per turn in the workspace time zone, with what the bot understood', () => {
    const note = formatTranscript(
      [
        {
          at: '2026-03-09T15:00:00Z',
          from: 'customer',
          text: 'where is my order',
          intent: 'order_status',
          score: 0.984,
        },
        { at: '2026-03-09T15:00:01Z', from: 'bot', text: 'Reply with a number:\n1 Order status' },
        { at: '2026-03-10T04:30:00Z', from: 'customer', text: '2' },
      ],
      'America/New_York',
    );
    expect(note.split('\n')).toEqual([
      '2026-03-09 11:00 Customer: where is my order [order_status 0.98]',
      '11:00 Bot: Reply with a number: / 1 Order status',
      '2026-03-10 00:30 Customer: 2',
    ]);
  });

  it('survives a bad timestamp', () => {
    expect(formatTranscript([{ at: 'garbage', from: 'bot', text: 'hi' }])).toBe('??:?? Bot: hi');
  });
});

describe('oneLine', () => {
  it('flattens line breaks and cuts long text', () => {
    expect(oneLine('a\r\n\nb   c')).toBe('a / b c');
    expect(oneLine('x'.repeat(2000))).toHaveLength(500);
  });
});
