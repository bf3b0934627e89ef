// Normalisation before classification: case, emoji, accents, shorthand, digits and typo folding.
import { describe, expect, it } from 'vitest';
import { buildVocabulary, damerauLevenshtein, normalizeForClassification } from './normalize.ts';

describe('normalizeForClassification', () => {
  it.each([
    ['WHERE IS MY ORDER???', 'where is my order'],
    ["where's my pkg 📦", 'where is my package package'],
    ['Olvidé mi CONTRASEÑA', 'olvide mi contrasena'],
    ['pleeeease helllp', 'pleease hellp'],
    ['order #48213377 eta?', 'order eta'],
    ['2fa code not coming', '2fa code not coming'],
    ['i cant log in lol', 'i can not log in'],
    ['xq no llega mi pedido', 'porque no llega mi pedido'],
    ['🙏🙏', 'thanks thanks'],
    ['👍🏽', ''],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(normalizeForClassification(input)).toBe(expected);
  });

  it('folds a typo onto the most frequent known word one edit away, never short words', () => {
    const vocabulary = buildVocabulary([
      'reset my password',
      'password help please',
      'track my order',
      'my bill',
    ]);
    expect(normalizeForClassification('pleeeease helllp', { vocabulary })).toBe('please help');
    expect(normalizeForClassification('pasword resett', { vocabulary })).toBe('password reset');
    expect(normalizeForClassification('passwrod', { vocabulary })).toBe('password');
    expect(normalizeForClassification('ordr', { vocabulary })).toBe('order'); // shorthand table
    expect(normalizeForClassification('bull', { vocabulary })).toBe('bull'); // 4 letters: left alone
    expect(normalizeForClassification('pizza', { vocabulary })).toBe('pizza');
  });

  it('keeps unusual input intact enough to classify and never throws', () => {
    expect(normalizeForClassification('\uD800 lone surrogate')).toBe('lone surrogate');
    expect(normalizeForClassification('a'.repeat(10_000)).length).toBeLessThanOrEqual(10_000);
  });
});

describe('damerauLevenshtein', () => {
  it('counts a swap of neighbours as one edit and stops past the limit', () => {
    expect(damerauLevenshtein('passwrod', 'password')).toBe(1);
    expect(damerauLevenshtein('kitten', 'sitting')).toBe(3);
    expect(damerauLevenshtein('abcdef', 'uvwxyz', 2)).toBe(3);
    expect(damerauLevenshtein('', 'abc')).toBe(3);
  });
});
