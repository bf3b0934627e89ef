// What parseCsatReply reads as a 1-5 rating in real SMS replies, and what it leaves alone.
import { describe, expect, it } from 'vitest';
import { CSAT_MAX_REPLY_LENGTH, parseCsatReply, type CsatReading } from './csat.ts';

type Via = CsatReading['via'];

describe('parseCsatReply: replies that are a rating', () => {
  it.each([
    // Digits, as asked, with the noise customers add.
    ['5', 5, 'digit'],
    ['1', 1, 'digit'],
    [' 4 ', 4, 'digit'],
    ['3\n', 3, 'digit'],
    ['5!', 5, 'digit'],
    ['5!!!', 5, 'digit'],
    ['2.', 2, 'digit'],
    ['(4)', 4, 'digit'],
    ['５', 5, 'digit'], // full-width digit from an Asian keyboard
    ['5️⃣', 5, 'digit'], // keycap emoji
    ['4/5', 4, 'digit'],
    ['5/5', 5, 'digit'],
    ['4 out of 5', 4, 'digit'],
    ['3 de 5', 3, 'digit'],
    ['10/10', 5, 'digit'],
    ['5 stars', 5, 'digit'],
    ['5 star', 5, 'digit'],
    ['5stars', 5, 'digit'],
    ['4 estrellas', 4, 'digit'],
    ['5 ⭐', 5, 'digit'],
    ['a 5', 5, 'digit'],
    ["I'd give you guys a 5!", 5, 'digit'],
    ['Le doy un 5', 5, 'digit'],
    ['Rating: 4', 4, 'digit'],
    ['solid 4', 4, 'digit'],
    ['5 - great', 5, 'digit'],
    ['4 - great', 4, 'digit'], // a digit wins over a word one point away
    ['5, thank you!', 5, 'digit'],
    ['Thanks, 5', 5, 'digit'],
    ['5 great service thanks', 5, 'digit'],
    ['ok 5', 5, 'digit'], // "ok" acknowledges, the 5 rates
    ['fine, 5', 5, 'digit'],
    ['I would give it a 4 out of 5', 4, 'digit'],
    ['5 👍', 5, 'digit'],
    ['5 :)', 5, 'digit'],
    ['5 🙏', 5, 'digit'], // unrated emoji are decoration
    // Words, English.
    ['Great', 5, 'word'],
    ['GREAT!!', 5, 'word'],
    ['excellent', 5, 'word'],
    ['Amazing service, thank you', 5, 'word'],
    ['perfect', 5, 'word'],
    ['it was awesome', 5, 'word'],
    ['loved it', 5, 'word'],
    ["I'm very satisfied", 5, 'word'],
    ['you guys are awesome', 5, 'word'],
    ['Five stars!', 5, 'word'],
    ['good', 4, 'word'],
    ['Very good', 4, 'word'],
    ['very very good', 4, 'word'],
    ['good job, thanks', 4, 'word'],
    ['really great', 5, 'word'],
    ['ok', 3, 'word'],
    ['Okay.', 3, 'word'],
    ['fine', 3, 'word'],
    ['meh', 3, 'word'],
    ['so-so', 3, 'word'],
    ['not bad', 3, 'word'],
    ['bad', 2, 'word'],
    ['poor', 2, 'word'],
    ['not good', 2, 'word'],
    ['Not great.', 2, 'word'],
    ['terrible', 1, 'word'],
    ['Awful service', 1, 'word'],
    ['horrible', 1, 'word'],
    ['the worst', 1, 'word'],
    ['worst service ever', 1, 'word'],
    ['very bad', 1, 'word'],
    ['not good at all', 1, 'word'],
    ['not happy at all', 1, 'word'],
    // Words, Spanish (accents optional).
    ['Excelente', 5, 'word'],
    ['excelente servicio, gracias', 5, 'word'],
    ['perfecto', 5, 'word'],
    ['bueno', 4, 'word'],
    ['Muy bien gracias', 4, 'word'],
    ['muy muy bien', 4, 'word'],
    ['Me encantó', 5, 'word'],
    ['todo bien', 4, 'word'],
    ['regular', 3, 'word'],
    ['más o menos', 3, 'word'],
    ['malo', 2, 'word'],
    ['no muy bien', 2, 'word'],
    ['muy malo', 1, 'word'],
    ['Pésimo', 1, 'word'],
    ['pesimo servicio', 1, 'word'],
    ['cinco estrellas', 5, 'word'],
    // Emoji and emoticons.
    ['👍', 5, 'emoji'],
    ['👍🏽', 5, 'emoji'], // skin tone
    ['👍👍👍', 5, 'emoji'],
    ['👎', 1, 'emoji'],
    ['😀', 5, 'emoji'],
    ['❤️', 5, 'emoji'],
    ['🙂', 4, 'emoji'],
    ['😊', 4, 'emoji'],
    ['<3', 5, 'emoji'],
    ['😐', 3, 'emoji'],
    ['🤷‍♀️', 3, 'emoji'], // shrug with a gender sign
    ['😞', 2, 'emoji'],
    ['😡', 1, 'emoji'],
    ['😡😡😡', 1, 'emoji'],
    [':)', 4, 'emoji'],
    [':-(', 2, 'emoji'],
    [':D', 5, 'emoji'],
    ['⭐⭐⭐⭐', 4, 'emoji'],
    ['⭐⭐⭐⭐⭐', 5, 'emoji'],
    ['★★★☆☆', 3, 'emoji'],
    ['Great 👍', 5, 'word'], // word over emoji
  ] as const)('%j → %i via %s', (text, score, via: Via) => {
    expect(parseCsatReply(text)).toEqual({ score, via });
  });
});

describe('parseCsatReply: replies that are not (only) a rating', () => {
  it.each([
    // Ordinary messages with a number in them.
    ['I have 2 more questions', 'a number inside a sentence'],
    ['order 12345', 'an order number'],
    ['call me at 5', 'a time'],
    ['5pm works', 'a time glued to the digit'],
    ['5pm', 'a time glued to the digit'],
    ['5am', 'a time glued to the digit'],
    ['4:30', 'a time'],
    ['the 2nd one', 'an ordinal'],
    ['#1234', 'a ticket reference'],
    ['$5', 'money'],
    ['100%', 'a percentage'],
    ['2 more', 'a quantity'],
    ['5 6', 'two numbers'],
    ['1-5', 'the question echoed'],
    ['4.5', 'a half score, ambiguous'],
    ['10', 'off the scale'],
    ['0', 'off the scale'],
    ['6', 'off the scale'],
    ['05', 'not a single digit'],
    ['3/4', 'another scale'],
    ['8/10', 'another scale, no safe mapping'],
    ['5/6', 'a date'],
    ['⭐⭐⭐⭐⭐⭐', 'more stars than the scale'],
    ['1 ⭐⭐⭐⭐⭐', 'stars contradicting the digit'],
    // Ordinary messages without a number.
    ["my package still hasn't arrived", 'a support message'],
    ['where is my order', 'a support message'],
    ['good morning', 'a greeting'],
    ['one more thing', 'a number word inside a sentence'],
    ['not 5', 'a negated digit'],
    ['good but slow', 'a mixed comment'],
    ['STOP', 'a compliance keyword'],
    ['HELP', 'a compliance keyword'],
    ['yes', 'a yes'],
    ['no', 'a no'],
    ['k', 'an acknowledgement too short to rate'],
    ['k thanks', 'an acknowledgement too short to rate'],
    ['lol', 'a reaction'],
    // Thanks is politeness, not a score.
    ['thanks', 'a thank-you'],
    ['Thank you!', 'a thank-you'],
    ['gracias', 'a thank-you'],
    ['muchas gracias', 'a thank-you'],
    ['thx', 'a thank-you'],
    ['🙏', 'a thank-you emoji'],
    ['📦', 'an emoji that rates nothing'],
    // Questions and contradictions.
    ['5?', 'a question'],
    ['ok?', 'a question'],
    ['¿5?', 'a question'],
    ['1 excellent', 'digit and word two or more apart'],
    ['5 👎', 'digit and emoji contradict'],
    ['👍👎', 'emoji contradict'],
    ['good bad', 'words contradict'],
    ['great :(', 'word and emoticon contradict'],
    // Long texts are messages for an agent.
    ['great, but the driver left the box out in the rain', 'a sentence'],
    ['5 - great service, thank you so much for all of your help!', 'longer than the limit'],
    // Nothing at all.
    ['', 'empty'],
    ['   ', 'blank'],
    ['...', 'punctuation only'],
    ['https://example.com/5', 'a link'],
    ['me@example.com', 'an e-mail address'],
  ])('%j is refused (%s)', (text) => {
    expect(parseCsatReply(text)).toBeUndefined();
  });
});

describe('parseCsatReply: limits', () => {
  it('reads ratings up to the length limit and nothing longer', () => {
    const padded = `5 ${'!'.repeat(CSAT_MAX_REPLY_LENGTH - 2)}`;
    expect(Array.from(padded)).toHaveLength(CSAT_MAX_REPLY_LENGTH);
    expect(parseCsatReply(padded)).toEqual({ score: 5, via: 'digit' });
    expect(parseCsatReply(`${padded}!`)).toBeUndefined();
    // Surrounding blanks do not count towards the limit.
    expect(parseCsatReply(`   ${padded}   `)).toEqual({ score: 5, via: 'digit' });
  });

  it('never throws, whatever it is given', () => {
    for (const text of ['\ud83d', '\u0000', '٥', '😀'.repeat(40), null, 5, undefined]) {
      expect(() => parseCsatReply(text as string)).not.toThrow();
    }
    expect(parseCsatReply(5 as unknown as string)).toBeUndefined();
  });
});
