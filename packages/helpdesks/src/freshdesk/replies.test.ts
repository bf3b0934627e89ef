// Which conversations of `GET /tickets/{id}/conversations` (freshdesk.md §1.9) a reply webhook stands for.
import { describe, expect, it } from 'vitest';
import { matchingReplies, outgoingReply, replyKey } from './replies.ts';

/** A conversation as List conversations returns it (§1.9 fields; `source` Reply 0, Note 2, §1.5). */
function conversation(overrides: Record<string, unknown>) {
  return {
    id: 1,
    body: '<div>Are you still there?</div>',
    body_text: 'Are you still there?',
    incoming: false,
    private: false,
    source: 0,
    support_email: null,
    ticket_id: 7,
    user_id: 42,
    to_emails: [],
    attachments: [],
    created_at: '2026-03-01T10:00:00Z',
    updated_at: '2026-03-01T10:00:00Z',
    last_edited_at: null,
    last_edited_user_id: null,
    ...overrides,
  };
}

describe('outgoing replies', () => {
  it('keeps public agent replies only, with the text an SMS carries', () => {
    expect(outgoingReply(conversation({ body: '<div>Yes &amp; no<br>ok</div>' }))).toMatchObject({
      id: 1,
      text: 'Yes & no\nok',
    });
    for (const other of [
      { source: 2 }, // a note, e.g. the relay's own "Sent by SMS" note
      { private: true },
      { incoming: true }, // the customer's text
      { id: '1' },
      { body: '<div><br></div>', body_text: '' },
    ]) {
      expect(outgoingReply(conversation(other)), JSON.stringify(other)).toBeUndefined();
    }
    expect(outgoingReply(null)).toBeUndefined();
  });

  it('orders identical replies oldest first, by time then id, and ignores other texts', () => {
    const replies = [
      conversation({ id: 9, created_at: '2026-03-01T10:00:05Z' }),
      conversation({ id: 4, created_at: '2026-03-01T10:00:07Z' }),
      conversation({ id: 8, created_at: '2026-03-01T10:00:05Z' }),
      conversation({ id: 2, body: '<div>Something else</div>', body_text: 'Something else' }),
    ].map((c) => outgoingReply(c)!);
    expect(matchingReplies(replies, 'Are you still there?').map((r) => r.id)).toEqual([8, 9, 4]);
    expect(matchingReplies(replies, '')).toEqual([]);
  });

  it('compares texts whatever escapes and spacing the webhook rendering left', () => {
    expect(replyKey('Say \\"hi\\"\\nbye')).toBe(replyKey('Say "hi"\n  bye'));
    expect(replyKey('a\tb')).toBe('a b');
    expect(replyKey('Are you there?')).not.toBe(replyKey('Are you there'));
  });
});
