import { describe, expect, it } from 'vitest';
import { botTranscriptOf } from './bot-transcript.ts';

describe('botTranscriptOf', () => {
  it('is empty when the view has no transcript, as the relay answers today', () => {
    expect(botTranscriptOf({ conversation: {}, consent: {} })).toEqual([]);
    expect(botTranscriptOf(null)).toEqual([]);
    expect(botTranscriptOf({ botTranscript: 'menu' })).toEqual([]);
  });

  it('keeps the lines with text, in order, whoever said them', () => {
    expect(
      botTranscriptOf({
        botTranscript: [
          { at: '2025-01-01T10:00:00Z', from: 'customer', text: 'where is my order' },
          { role: 'bot', text: 'Reply with your order number.' },
          { from: 'bot', text: '   ' },
          { text: 42 },
          'junk',
        ],
      }),
    ).toEqual([
      { at: '2025-01-01T10:00:00Z', from: 'customer', text: 'where is my order' },
      { at: null, from: 'bot', text: 'Reply with your order number.' },
    ]);
  });
});
