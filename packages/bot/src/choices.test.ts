// Short structured replies: menu keys, YES/NO and requests for a person.
import { describe, expect, it } from 'vitest';
import { isAgentRequest, parseMenuChoice, parseYesNo } from './choices.ts';

describe('parseMenuChoice', () => {
  it.each([
    ['1', { digit: '1', letter: null }],
    [' 3. ', { digit: '3', letter: null }],
    ['#4', { digit: '4', letter: null }],
    ['4️⃣', { digit: '4', letter: null }],
    ['Option 2', { digit: '2', letter: null }],
    ['opción 5', { digit: '5', letter: null }],
    ['2b', { digit: '2', letter: 'B' }],
    ['2 - C', { digit: '2', letter: 'C' }],
    ['a', { digit: null, letter: 'A' }],
  ])('%j → %j', (text, choice) => {
    expect(parseMenuChoice(text)).toEqual(choice);
  });

  it.each(['12', '12345678', 'order 1', 'hi', '', 'ab'])('%j is not a menu choice', (text) => {
    expect(parseMenuChoice(text)).toBeNull();
  });
});

describe('parseYesNo', () => {
  it.each([
    ['YES', 'yes'],
    ['yep it worked', 'yes'],
    ['Sí, ya funcionó', 'yes'],
    ['👍', 'yes'],
    ['NO', 'no'],
    ["no it didn't", 'no'],
    ["didn't work", 'no'],
    ['still cant log in', 'no'],
    ['no funcionó', 'no'],
    ['👎', 'no'],
    ['yes but it still asks for a code', null],
    ['maybe', null],
    ['', null],
  ])('%j → %s', (text, answer) => {
    expect(parseYesNo(text)).toBe(answer);
  });
});

describe('isAgentRequest', () => {
  it.each(['AGENT', 'human please', 'a person!', 'Representante', 'una persona por favor'])(
    '%j asks for a person',
    (text) => {
      expect(isAgentRequest(text)).toBe(true);
    },
  );

  it.each(['my agent id is wrong', 'personal info', 'where is my order'])('%j does not', (text) => {
    expect(isAgentRequest(text)).toBe(false);
  });
});
