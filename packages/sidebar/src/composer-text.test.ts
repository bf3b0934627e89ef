import { describe, expect, it } from 'vitest';
import { composerTextToSms, isComposerHtml, replaceInComposer } from './composer-text.ts';

describe('composerTextToSms', () => {
  it('turns the rich editor HTML into the text the customer gets', () => {
    expect(composerTextToSms('<p>Hi Ana &amp; Bo,</p><p>it&#39;s shipped<br>Sam</p>')).toBe(
      "Hi Ana & Bo,\nit's shipped\nSam",
    );
  });

  it('leaves plain text alone, including a lone < or &', () => {
    expect(composerTextToSms('2 < 3 & 4 > 1')).toBe('2 < 3 & 4 > 1');
    expect(isComposerHtml('2 < 3')).toBe(false);
  });

  it('keeps unknown or invalid entities as typed', () => {
    expect(composerTextToSms('<p>&bogus; &#xD800; &#128512;</p>')).toBe('&bogus; &#xD800; 😀');
  });

  it('throws a TypeError for a non-string', () => {
    expect(() => composerTextToSms(null as never)).toThrow(/composerTextToSms: .*received null/);
  });
});

describe('replaceInComposer', () => {
  const replacements = [
    { original: '’', replacement: "'" },
    { original: '\u00a0', replacement: ' ' },
    { original: '＜', replacement: '<' },
  ];

  it('replaces in plain text', () => {
    expect(replaceInComposer('It’s\u00a0here', replacements)).toBe("It's here");
  });

  it('replaces only between tags, escapes what it writes and treats &nbsp; as the character', () => {
    expect(replaceInComposer('<p title="’">It’s&nbsp;＜3</p>', replacements)).toBe(
      '<p title="’">It\'s &lt;3</p>',
    );
  });

  it('returns the content unchanged with nothing to replace', () => {
    expect(replaceInComposer('<p>hi</p>', [])).toBe('<p>hi</p>');
  });
});
