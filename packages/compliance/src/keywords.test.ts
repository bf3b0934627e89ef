// Tests for classifyKeyword: labelled-set precision/recall, exact keywords, negations, malformed input and speed.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KEYWORD_LISTS, UNHONOURED_KEYWORDS, classifyKeyword } from './keywords.ts';
import type {
  KeywordListKind,
  KeywordClassification,
  KeywordKind,
  KeywordMatch,
} from './keywords.ts';

interface LabelledMessage {
  readonly text: string;
  readonly kind: KeywordKind;
  readonly match: KeywordMatch;
  readonly keyword?: string;
  readonly note?: string;
}

const KINDS: readonly KeywordKind[] = ['opt_out', 'opt_in', 'help', 'none'];
const CONSENT_KINDS = Object.keys(KEYWORD_LISTS) as KeywordListKind[];
const LABELLED: readonly LabelledMessage[] = JSON.parse(
  readFileSync(new URL('../fixtures/keywords.json', import.meta.url), 'utf8'),
) as LabelledMessage[];
const HELD_OUT_NOTE = 'held-out: written after the first implementation, before running it';

interface KindScore {
  readonly kind: KeywordKind;
  readonly support: number;
  readonly precision: number;
  readonly recall: number;
}

function score(rows: readonly LabelledMessage[]): KindScore[] {
  const predicted = rows.map((row) => classifyKeyword(row.text).kind);
  return KINDS.map((kind) => {
    let truePositives = 0;
    let predictedCount = 0;
    let support = 0;
    rows.forEach((row, index) => {
      const isPredicted = predicted[index] === kind;
      const isLabelled = row.kind === kind;
      if (isPredicted) predictedCount += 1;
      if (isLabelled) support += 1;
      if (isPredicted && isLabelled) truePositives += 1;
    });
    return {
      kind,
      support,
      precision: predictedCount === 0 ? 1 : truePositives / predictedCount,
      recall: support === 0 ? 1 : truePositives / support,
    };
  });
}

function table(title: string, scores: readonly KindScore[]): string {
  const lines = scores.map(
    (s) =>
      `${s.kind.padEnd(8)} ${String(s.support).padStart(7)} ${s.precision.toFixed(3).padStart(9)} ${s.recall.toFixed(3).padStart(6)}`,
  );
  return [title, 'kind     support precision recall', ...lines].join('\n');
}

function scoreOf(scores: readonly KindScore[], kind: KeywordKind): KindScore {
  const found = scores.find((s) => s.kind === kind);
  if (!found) throw new Error(`no score for ${kind}`);
  return found;
}

describe('classifyKeyword on the labelled set (fixtures/keywords.json)', () => {
  it('is a well-formed set of at least 150 messages covering every kind', () => {
    expect(LABELLED.length).toBeGreaterThanOrEqual(150);
    for (const row of LABELLED) {
      expect(KINDS).toContain(row.kind);
      expect(row.match === null).toBe(row.kind === 'none');
    }
    for (const kind of KINDS) {
      expect(LABELLED.filter((row) => row.kind === kind).length).toBeGreaterThanOrEqual(10);
    }
  });

  it('reaches the precision and recall minimums for each kind', () => {
    const all = score(LABELLED);
    const heldOut = score(LABELLED.filter((row) => row.note === HELD_OUT_NOTE));
    console.log(`${table(`All ${LABELLED.length} labelled messages`, all)}\n`);
    console.log(table('Held-out subset (written after the first implementation)', heldOut));

    expect(scoreOf(all, 'opt_out').precision).toBeGreaterThanOrEqual(0.97);
    expect(scoreOf(all, 'opt_out').recall).toBeGreaterThanOrEqual(0.95);
    for (const kind of ['opt_in', 'help'] as const) {
      expect(scoreOf(all, kind).precision).toBeGreaterThanOrEqual(0.9);
      expect(scoreOf(all, kind).recall).toBeGreaterThanOrEqual(0.85);
    }
    expect(scoreOf(all, 'none').precision).toBeGreaterThanOrEqual(0.95);
  });

  it('gets every exact keyword right, with its canonical keyword, and calls nothing else exact', () => {
    const wrong = LABELLED.flatMap((row) => {
      const got = classifyKeyword(row.text);
      const labelledExact = row.match === 'exact';
      const predictedExact = got.match === 'exact';
      if (!labelledExact && !predictedExact) return [];
      const right =
        labelledExact &&
        predictedExact &&
        got.kind === row.kind &&
        (row.keyword === undefined || got.keyword === row.keyword);
      return right ? [] : [{ text: row.text, labelled: row, got }];
    });
    expect(wrong).toEqual([]);
  });

  it('labels a correctly classified consent request with the right match type', () => {
    const rows = LABELLED.filter(
      (row) => row.kind !== 'none' && classifyKeyword(row.text).kind === row.kind,
    );
    const wrongMatch = rows.filter((row) => classifyKeyword(row.text).match !== row.match);
    expect(wrongMatch.map((row) => row.text)).toEqual([]);
  });
});

function expectResult(text: string, expected: KeywordClassification): void {
  expect(classifyKeyword(text), JSON.stringify(text)).toEqual(expected);
}

describe('classifyKeyword: exact keywords', () => {
  it('recognises every published keyword and variant, in any case, with punctuation and emoji around it', () => {
    for (const kind of CONSENT_KINDS) {
      for (const definition of KEYWORD_LISTS[kind]) {
        for (const spelling of [definition.keyword, ...definition.variants]) {
          const expected: KeywordClassification = {
            kind,
            keyword: definition.keyword,
            match: 'exact',
          };
          expectResult(spelling, expected);
          expectResult(spelling.toLowerCase(), expected);
          expectResult(`  "${spelling.toLowerCase()}"!!! 🙏\n`, expected);
        }
      }
    }
  });

  it('honours every keyword the FCC says must be honoured (carriers.md §6) as an opt-out', () => {
    for (const word of ['stop', 'quit', 'end', 'revoke', 'opt out', 'cancel', 'unsubscribe']) {
      expect(classifyKeyword(word).kind, word).toBe('opt_out');
      expect(classifyKeyword(word).match, word).toBe('exact');
    }
  });

  it('reports the canonical spelling for variants', () => {
    expectResult('Opt-Out', { kind: 'opt_out', keyword: 'OPTOUT', match: 'exact' });
    expectResult('STOP ALL', { kind: 'opt_out', keyword: 'STOPALL', match: 'exact' });
    expectResult('arrêt.', { kind: 'opt_out', keyword: 'ARRET', match: 'exact' });
    expectResult('ＳＴＯＰ', { kind: 'opt_out', keyword: 'STOP', match: 'exact' });
    expectResult('stop. stop. STOP', { kind: 'opt_out', keyword: 'STOP', match: 'exact' });
    expectResult('Désabonner', { kind: 'opt_out', keyword: 'DESABONNER', match: 'exact' });
  });

  it('does not treat YES as opt-in, and documents why', () => {
    for (const reply of ['YES', 'yes', 'Yes!', 'y']) {
      expectResult(reply, { kind: 'none', match: null });
    }
    expect(UNHONOURED_KEYWORDS.map((entry) => entry.keyword)).toContain('YES');
  });

  it('calls a keyword with courtesy words or a misspelt keyword plain language, without a keyword', () => {
    expectResult('STOP please', { kind: 'opt_out', match: 'plain_language' });
    expectResult('stpo', { kind: 'opt_out', match: 'plain_language' });
    expectResult('STOPPPPP', { kind: 'opt_out', match: 'plain_language' });
    expectResult('unsubcribe', { kind: 'opt_out', match: 'plain_language' });
    expectResult('start please', { kind: 'opt_in', match: 'plain_language' });
    expectResult('help please', { kind: 'help', match: 'plain_language' });
  });

  it('counts CANCEL, END, QUIT and REMOVE only when they are the whole message', () => {
    expect(classifyKeyword('cancel').kind).toBe('opt_out');
    for (const text of ['cancel please', 'cancel it', 'end it', 'remove it please', 'the end']) {
      expectResult(text, { kind: 'none', match: null });
    }
  });
});

describe('classifyKeyword: plain language', () => {
  it('finds opt-outs in English, Spanish and French phrasings', () => {
    for (const text of [
      'please stop texting me',
      'Take me off your list!!',
      'I revoke my consent to receive texts',
      'no me envíen más mensajes',
      "arrêtez de m'envoyer des messages",
    ]) {
      expectResult(text, { kind: 'opt_out', match: 'plain_language' });
    }
  });

  it('does not read "stop" or "cancel" about something else as an opt-out', () => {
    for (const text of [
      'how do I cancel my order',
      "my card won't stop declining",
      'stop charging me twice!',
      'cancel my subscription',
      'There have been no more updates on my tracking since Monday',
    ]) {
      expectResult(text, { kind: 'none', match: null });
    }
  });

  it('does not read negated requests as opt-outs', () => {
    for (const text of [
      "don't stop texting me",
      "I don't want to unsubscribe",
      'I never asked you to stop texting me',
      'no quiero darme de baja',
      'je ne veux pas me désabonner',
    ]) {
      expectResult(text, { kind: 'none', match: null });
    }
  });

  it('lets an opt-out win over a help or opt-in request in the same message', () => {
    expect(classifyKeyword('HELP. Actually no, just stop texting me').kind).toBe('opt_out');
    expect(classifyKeyword('start... no wait, unsubscribe me').kind).toBe('opt_out');
  });

  it('does not carry state from one call to the next', () => {
    const text = 'Please stop texting me, stop texting me';
    const first = classifyKeyword(text);
    for (let i = 0; i < 5; i += 1) expect(classifyKeyword(text)).toEqual(first);
    expect(first.kind).toBe('opt_out');
  });
});

describe('classifyKeyword: malformed input', () => {
  it('throws a TypeError naming the function for a non-string', () => {
    const notStrings: unknown[] = [null, undefined, 42, {}, ['STOP'], Symbol('STOP')];
    for (const value of notStrings) {
      expect(() => classifyKeyword(value as string)).toThrow(TypeError);
      expect(() => classifyKeyword(value as string)).toThrow(/classifyKeyword/);
    }
  });

  it('returns none for empty, blank, punctuation-only and emoji-only messages', () => {
    for (const text of ['', '   ', '\n\t', '?!...', '👍', '\u0000\u0007', '\uFEFF']) {
      expectResult(text, { kind: 'none', match: null });
    }
  });

  it('survives lone surrogates and control characters around a keyword', () => {
    expect(classifyKeyword('\uD800STOP\uDC00').kind).toBe('opt_out');
    expect(classifyKeyword('STOP\u0000').kind).toBe('opt_out');
    expect(classifyKeyword('\uDFFF\uD800').kind).toBe('none');
  });

  it('never throws for any string', () => {
    const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit));
    const word = fc.constantFrom(
      ' stop ',
      ' not ',
      ' texting me ',
      "don't ",
      ', ',
      'ARRÊT',
      '🛑',
      'unsub',
    );
    const unit = fc.oneof(codeUnit, word, fc.string({ unit: 'binary', maxLength: 3 }));
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 60 }), (text) => {
        expect(KINDS).toContain(classifyKeyword(text).kind);
      }),
      { numRuns: 300 },
    );
  });
});

describe('classifyKeyword: long messages', () => {
  const budgetMs = 250;

  function timed(text: string): { result: KeywordClassification; ms: number } {
    const started = performance.now();
    const result = classifyKeyword(text);
    return { result, ms: performance.now() - started };
  }

  it('finds an opt-out at the end of a 10,000-character message', () => {
    const filler = 'my order was late again and the box was damaged '.repeat(210);
    const { result, ms } = timed(`${filler}. Please stop texting me.`);
    expect(filler.length).toBeGreaterThan(10_000);
    expect(result).toEqual({ kind: 'opt_out', match: 'plain_language' });
    expect(ms).toBeLessThan(budgetMs);
  });

  it('classifies adversarial 10,000-character bodies quickly', () => {
    const bodies = [
      'stop '.repeat(2_000),
      'dont '.repeat(1_990) + 'stop texting me',
      "don't stop texting me ".repeat(460),
      'start texting '.repeat(715),
      `stop sending ${'the '.repeat(2_490)}`,
      `no more ${'more '.repeat(1_990)}`,
      `dejen de enviar ${'mas '.repeat(2_490)}`,
      'no '.repeat(3_000) + 'more texts',
      'a'.repeat(10_000),
      'stop the '.repeat(1_100),
      'unsubscribe from the the the '.repeat(350),
      '!'.repeat(10_000),
      '🛑'.repeat(5_000),
      '\uD800'.repeat(10_000),
    ];
    for (const body of bodies) {
      const { ms } = timed(body);
      expect(ms, body.slice(0, 20)).toBeLessThan(budgetMs);
    }
    expect(classifyKeyword('stop '.repeat(2_000))).toEqual({
      kind: 'opt_out',
      keyword: 'STOP',
      match: 'exact',
    });
  });
});

describe('KEYWORD_LISTS', () => {
  it('is frozen, cites a source for every keyword, and never lists one spelling under two kinds', () => {
    expect(Object.isFrozen(KEYWORD_LISTS)).toBe(true);
    const seen = new Map<string, KeywordListKind>();
    for (const kind of CONSENT_KINDS) {
      expect(Object.isFrozen(KEYWORD_LISTS[kind])).toBe(true);
      for (const definition of KEYWORD_LISTS[kind]) {
        expect(Object.isFrozen(definition)).toBe(true);
        expect(definition.keyword).toMatch(/^[A-Z]+$/);
        expect(definition.source.length).toBeGreaterThan(10);
        for (const spelling of [definition.keyword, ...definition.variants]) {
          const key = spelling.normalize('NFD').replace(/\p{M}|[^A-Za-z]/gu, '');
          expect(seen.get(key) ?? kind, spelling).toBe(kind);
          seen.set(key, kind);
        }
      }
    }
  });
});
