// Quick-reply templates: which variables a script uses, and which placeholders would reach a customer raw.
import { describe, expect, it } from 'vitest';
import { analyzeSms } from '@smsbridge/sms';
import {
  DEFAULT_QUICK_REPLIES,
  QUICK_REPLY_CATEGORIES,
  templateProblems,
  templateVariables,
} from './quick-replies.ts';

describe('templateVariables', () => {
  it('lists the known variables in order of first use, each once', () => {
    expect(
      templateVariables('{{agent_name}}: hi {{first_name}}, {{first_name}} re {{order_id}}'),
    ).toEqual(['agent_name', 'first_name', 'order_id']);
    expect(templateVariables('no variables here')).toEqual([]);
    expect(templateVariables('{{nickname}} {{ first_name }}')).toEqual([]);
  });

  it('copes with any string: empty, lone surrogates, 10,000 characters', () => {
    expect(templateVariables('')).toEqual([]);
    expect(templateVariables('\uD800{{order_id}}\uDFFF')).toEqual(['order_id']);
    expect(templateVariables(`${'{'.repeat(5000)}${'}'.repeat(5000)}`)).toEqual([]);
  });

  it('refuses a non-string, naming itself', () => {
    expect(() => templateVariables(42 as unknown as string)).toThrow(
      new TypeError('templateVariables: expected the script body as a string, got number'),
    );
  });
});

describe('templateProblems', () => {
  it('accepts the three variables and plain braces', () => {
    expect(templateProblems('Hi {{first_name}}, order {{order_id}}, {{agent_name}} {x}')).toEqual(
      [],
    );
  });

  it('names each unknown variable and stray brace pair', () => {
    expect(templateProblems('Hi {{name}} and {{}} and {{Order_ID}}')).toEqual([
      'unknown variable {{name}} (expected {{first_name}}, {{order_id}}, {{agent_name}})',
      'unknown variable {{}} (expected {{first_name}}, {{order_id}}, {{agent_name}})',
      'unknown variable {{Order_ID}} (expected {{first_name}}, {{order_id}}, {{agent_name}})',
    ]);
    expect(templateProblems('Hi {{first_name}')).toEqual([
      "unbalanced '{{' or '}}' (variables are written {{first_name}}, {{order_id}}, {{agent_name}})",
    ]);
    expect(templateProblems('done }}')).toHaveLength(1);
  });

  it('copes with any string without throwing', () => {
    expect(templateProblems('')).toEqual([]);
    expect(templateProblems('\uDC00\u0000\u202E')).toEqual([]);
    expect(templateProblems('{{'.repeat(5000))).toHaveLength(1);
  });

  it('refuses a non-string, naming itself', () => {
    expect(() => templateProblems(null as unknown as string)).toThrow(/^templateProblems: /);
  });
});

describe('DEFAULT_QUICK_REPLIES', () => {
  it('has one valid script per category, each a single GSM-7 segment with a fallback', () => {
    expect(DEFAULT_QUICK_REPLIES.map((reply) => reply.category)).toEqual([
      ...QUICK_REPLY_CATEGORIES,
    ]);
    expect(new Set(DEFAULT_QUICK_REPLIES.map((reply) => reply.id)).size).toBe(5);
    for (const reply of DEFAULT_QUICK_REPLIES) {
      expect(templateProblems(reply.body)).toEqual([]);
      const analysis = analyzeSms(reply.body);
      expect([analysis.encoding, analysis.segmentCount]).toEqual(['GSM-7', 1]);
      expect(reply.body).toMatch(/reply AGENT/i);
      // A script never tells the customer to text a consent keyword (written in capitals to reply).
      expect(reply.body).not.toMatch(/\b(STOP|START|HELP|UNSUBSCRIBE|CANCEL)\b/);
    }
  });
});
