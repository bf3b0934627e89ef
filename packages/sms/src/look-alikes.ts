// Same-meaning GSM-7 stand-ins for characters that would force UCS-2 (curly quotes, dashes, odd spaces...).
//
// Built from Twilio's Smart Encoding table as shipped in `sms-segments-calculator` 1.3.0,
// `src/libs/SmartEncodingMap.ts` (reference carriers.md §1.8), with these deliberate changes,
// because a suggestion must never change what the reader understands:
// - Combining marks (U+0302, U+0303, U+0313, U+0314, U+0326, U+0330, U+0332, U+0334, U+0337,
//   U+0338, U+0347, U+1DCD, U+20D2, U+20D3, U+20E5) are left out: they change the letter before
//   them, so "e" + U+0302 (ê) would become "e^". Decomposed letters whose composed form is GSM
//   (e + U+0301 = é) are handled by NFC composition in suggest-gsm.ts instead.
// - No-break and other Unicode spaces become one space (Twilio: two spaces; TAB: seven).
// - LINE SEPARATOR, PARAGRAPH SEPARATOR and NEXT LINE become a line feed (Twilio: a space).
// - Control characters are removed (Twilio turns some C1 controls into two spaces).
// - ‹ › become an apostrophe (they are quotation marks; Twilio: < >); the vertical presentation
//   commas U+FE10/U+FE11 become a comma (Twilio: an apostrophe).
// - Added: every fullwidth ASCII form (Twilio only lists some), U+2011/U+2012/U+2212/U+FE58
//   (hyphens, figure dash, minus), primes U+2032/U+2033, ONE DOT LEADER, and invisible format
//   characters (soft hyphen, ZWJ, LRM/RLM, invisible operators, variation selectors 15/16).
// Accented letters are never mapped to a different letter: á is not à, and ç is not Ç.

const DOUBLE_QUOTE = '"';
const APOSTROPHE = "'";

// [code point, replacement]; the name of each code point is in the comment.
const EXPLICIT: ReadonlyArray<readonly [number, string]> = [
  // Double quotation marks.
  [0x00ab, DOUBLE_QUOTE], // « LEFT-POINTING DOUBLE ANGLE QUOTATION MARK
  [0x00bb, DOUBLE_QUOTE], // » RIGHT-POINTING DOUBLE ANGLE QUOTATION MARK
  [0x201c, DOUBLE_QUOTE], // “ LEFT DOUBLE QUOTATION MARK
  [0x201d, DOUBLE_QUOTE], // ” RIGHT DOUBLE QUOTATION MARK
  [0x201e, DOUBLE_QUOTE], // „ DOUBLE LOW-9 QUOTATION MARK
  [0x201f, DOUBLE_QUOTE], // ‟ DOUBLE HIGH-REVERSED-9 QUOTATION MARK
  [0x02ba, DOUBLE_QUOTE], // ʺ MODIFIER LETTER DOUBLE PRIME
  [0x02ee, DOUBLE_QUOTE], // ˮ MODIFIER LETTER DOUBLE APOSTROPHE
  [0x2033, DOUBLE_QUOTE], // ″ DOUBLE PRIME (added)
  [0x275d, DOUBLE_QUOTE], // ❝ HEAVY DOUBLE TURNED COMMA QUOTATION MARK ORNAMENT
  [0x275e, DOUBLE_QUOTE], // ❞ HEAVY DOUBLE COMMA QUOTATION MARK ORNAMENT
  [0x301d, DOUBLE_QUOTE], // 〝 REVERSED DOUBLE PRIME QUOTATION MARK
  [0x301e, DOUBLE_QUOTE], // 〞 DOUBLE PRIME QUOTATION MARK
  // Single quotation marks, apostrophes and accents used as apostrophes.
  [0x2018, APOSTROPHE], // ‘ LEFT SINGLE QUOTATION MARK
  [0x2019, APOSTROPHE], // ’ RIGHT SINGLE QUOTATION MARK
  [0x201b, APOSTROPHE], // ‛ SINGLE HIGH-REVERSED-9 QUOTATION MARK
  [0x2039, APOSTROPHE], // ‹ SINGLE LEFT-POINTING ANGLE QUOTATION MARK (Twilio: <)
  [0x203a, APOSTROPHE], // › SINGLE RIGHT-POINTING ANGLE QUOTATION MARK (Twilio: >)
  [0x2032, APOSTROPHE], // ′ PRIME (added)
  [0x02b9, APOSTROPHE], // ʹ MODIFIER LETTER PRIME
  [0x02bb, APOSTROPHE], // ʻ MODIFIER LETTER TURNED COMMA
  [0x02bc, APOSTROPHE], // ʼ MODIFIER LETTER APOSTROPHE
  [0x02bd, APOSTROPHE], // ʽ MODIFIER LETTER REVERSED COMMA
  [0x02c8, APOSTROPHE], // ˈ MODIFIER LETTER VERTICAL LINE
  [0x02ca, APOSTROPHE], // ˊ MODIFIER LETTER ACUTE ACCENT
  [0x02cb, APOSTROPHE], // ˋ MODIFIER LETTER GRAVE ACCENT
  [0x00b4, APOSTROPHE], // ´ ACUTE ACCENT
  [0x0060, APOSTROPHE], // ` GRAVE ACCENT
  [0x275b, APOSTROPHE], // ❛ HEAVY SINGLE TURNED COMMA QUOTATION MARK ORNAMENT
  [0x275c, APOSTROPHE], // ❜ HEAVY SINGLE COMMA QUOTATION MARK ORNAMENT
  // Dashes, hyphens and bullets.
  [0x2010, '-'], // ‐ HYPHEN
  [0x2011, '-'], // ‑ NON-BREAKING HYPHEN (added)
  [0x2012, '-'], // ‒ FIGURE DASH (added)
  [0x2013, '-'], // – EN DASH
  [0x2014, '-'], // — EM DASH
  [0x2015, '-'], // ― HORIZONTAL BAR
  [0x2043, '-'], // ⁃ HYPHEN BULLET
  [0x2022, '-'], // • BULLET
  [0x2212, '-'], // − MINUS SIGN (added)
  [0x23bc, '-'], // ⎼ HORIZONTAL SCAN LINE-7
  [0x23bd, '-'], // ⎽ HORIZONTAL SCAN LINE-9
  [0xfe58, '-'], // ﹘ SMALL EM DASH (added)
  [0xfe63, '-'], // ﹣ SMALL HYPHEN-MINUS
  // Dots.
  [0x2026, '...'], // … HORIZONTAL ELLIPSIS
  [0x2024, '.'], // ․ ONE DOT LEADER (added)
  [0x3002, '.'], // 。 IDEOGRAPHIC FULL STOP
  [0xfe52, '.'], // ﹒ SMALL FULL STOP
  [0xff61, '.'], // ｡ HALFWIDTH IDEOGRAPHIC FULL STOP
  // Commas.
  [0x201a, ','], // ‚ SINGLE LOW-9 QUOTATION MARK
  [0x3001, ','], // 、 IDEOGRAPHIC COMMA
  [0xfe10, ','], // ︐ PRESENTATION FORM FOR VERTICAL COMMA (Twilio: ')
  [0xfe11, ','], // ︑ PRESENTATION FORM FOR VERTICAL IDEOGRAPHIC COMMA (Twilio: ')
  [0xfe50, ','], // ﹐ SMALL COMMA
  [0xfe51, ','], // ﹑ SMALL IDEOGRAPHIC COMMA
  [0xff64, ','], // ､ HALFWIDTH IDEOGRAPHIC COMMA
  // Slashes, fractions and division.
  [0x00f7, '/'], // ÷ DIVISION SIGN
  [0x00bc, '1/4'], // ¼ VULGAR FRACTION ONE QUARTER
  [0x00bd, '1/2'], // ½ VULGAR FRACTION ONE HALF
  [0x00be, '3/4'], // ¾ VULGAR FRACTION THREE QUARTERS
  [0x2044, '/'], // ⁄ FRACTION SLASH
  [0x2215, '/'], // ∕ DIVISION SLASH
  [0x29f8, '/'], // ⧸ BIG SOLIDUS
  [0x29f5, '\\'], // ⧵ REVERSE SOLIDUS OPERATOR
  [0x29f9, '\\'], // ⧹ BIG REVERSE SOLIDUS
  [0xfe68, '\\'], // ﹨ SMALL REVERSE SOLIDUS
  // Vertical lines and low lines.
  [0x2223, '|'], // ∣ DIVIDES
  [0x239c, '|'], // ⎜ LEFT PARENTHESIS EXTENSION
  [0x239f, '|'], // ⎟ RIGHT PARENTHESIS EXTENSION
  [0x23b8, '|'], // ⎸ LEFT VERTICAL BOX LINE
  [0x23b9, '|'], // ⎹ RIGHT VERTICAL BOX LINE
  [0x23d0, '|'], // ⏐ VERTICAL LINE EXTENSION
  [0x2017, '_'], // ‗ DOUBLE LOW LINE
  // Small and ornamental punctuation.
  [0x01c3, '!'], // ǃ LATIN LETTER RETROFLEX CLICK
  [0x203c, '!!'], // ‼ DOUBLE EXCLAMATION MARK
  [0xfe15, '!'], // ︕ PRESENTATION FORM FOR VERTICAL EXCLAMATION MARK
  [0xfe57, '!'], // ﹗ SMALL EXCLAMATION MARK
  [0xfe16, '?'], // ︖ PRESENTATION FORM FOR VERTICAL QUESTION MARK
  [0xfe56, '?'], // ﹖ SMALL QUESTION MARK
  [0xfe5f, '#'], // ﹟ SMALL NUMBER SIGN
  [0xfe69, '$'], // ﹩ SMALL DOLLAR SIGN
  [0xfe6a, '%'], // ﹪ SMALL PERCENT SIGN
  [0xfe60, '&'], // ﹠ SMALL AMPERSAND
  [0xfe6b, '@'], // ﹫ SMALL COMMERCIAL AT
  [0x02d6, '+'], // ˖ MODIFIER LETTER PLUS SIGN
  [0xfe62, '+'], // ﹢ SMALL PLUS SIGN
  [0xa78a, '='], // ꞊ MODIFIER LETTER SHORT EQUALS SIGN
  [0xfe66, '='], // ﹦ SMALL EQUALS SIGN
  [0xfe64, '<'], // ﹤ SMALL LESS-THAN SIGN
  [0xfe65, '>'], // ﹥ SMALL GREATER-THAN SIGN
  [0x02d0, ':'], // ː MODIFIER LETTER TRIANGULAR COLON
  [0x02f8, ':'], // ˸ MODIFIER LETTER RAISED COLON
  [0x2982, ':'], // ⦂ Z NOTATION TYPE COLON
  [0xa789, ':'], // ꞉ MODIFIER LETTER COLON
  [0xfe13, ':'], // ︓ PRESENTATION FORM FOR VERTICAL COLON
  [0x204f, ';'], // ⁏ REVERSED SEMICOLON
  [0xfe14, ';'], // ︔ PRESENTATION FORM FOR VERTICAL SEMICOLON
  [0xfe54, ';'], // ﹔ SMALL SEMICOLON
  [0x02c6, '^'], // ˆ MODIFIER LETTER CIRCUMFLEX ACCENT
  [0x02dc, '~'], // ˜ SMALL TILDE
  [0x02f7, '~'], // ˷ MODIFIER LETTER LOW TILDE
  [0x223c, '~'], // ∼ TILDE OPERATOR
  // Brackets.
  [0x2768, '('], // ❨ MEDIUM LEFT PARENTHESIS ORNAMENT
  [0x276a, '('], // ❪ MEDIUM FLATTENED LEFT PARENTHESIS ORNAMENT
  [0x27ee, '('], // ⟮ MATHEMATICAL LEFT FLATTENED PARENTHESIS
  [0x2985, '('], // ⦅ LEFT WHITE PARENTHESIS
  [0xfe59, '('], // ﹙ SMALL LEFT PARENTHESIS
  [0x2769, ')'], // ❩ MEDIUM RIGHT PARENTHESIS ORNAMENT
  [0x276b, ')'], // ❫ MEDIUM FLATTENED RIGHT PARENTHESIS ORNAMENT
  [0x27ef, ')'], // ⟯ MATHEMATICAL RIGHT FLATTENED PARENTHESIS
  [0x2986, ')'], // ⦆ RIGHT WHITE PARENTHESIS
  [0xfe5a, ')'], // ﹚ SMALL RIGHT PARENTHESIS
  [0x2774, '{'], // ❴ MEDIUM LEFT CURLY BRACKET ORNAMENT
  [0xfe5b, '{'], // ﹛ SMALL LEFT CURLY BRACKET
  [0x2775, '}'], // ❵ MEDIUM RIGHT CURLY BRACKET ORNAMENT
  [0xfe5c, '}'], // ﹜ SMALL RIGHT CURLY BRACKET
  // Asterisks.
  [0x204e, '*'], // ⁎ LOW ASTERISK
  [0x2217, '*'], // ∗ ASTERISK OPERATOR
  [0x229b, '*'], // ⊛ CIRCLED ASTERISK OPERATOR
  [0x2722, '*'], // ✢ FOUR TEARDROP-SPOKED ASTERISK
  [0x2723, '*'], // ✣ FOUR BALLOON-SPOKED ASTERISK
  [0x2724, '*'], // ✤ HEAVY FOUR BALLOON-SPOKED ASTERISK
  [0x2725, '*'], // ✥ FOUR CLUB-SPOKED ASTERISK
  [0x2731, '*'], // ✱ HEAVY ASTERISK
  [0x2732, '*'], // ✲ OPEN CENTRE ASTERISK
  [0x2733, '*'], // ✳ EIGHT SPOKED ASTERISK
  [0x273a, '*'], // ✺ SIXTEEN POINTED ASTERISK
  [0x273b, '*'], // ✻ TEARDROP-SPOKED ASTERISK
  [0x273c, '*'], // ✼ OPEN CENTRE TEARDROP-SPOKED ASTERISK
  [0x273d, '*'], // ✽ HEAVY TEARDROP-SPOKED ASTERISK
  [0x2743, '*'], // ❃ HEAVY TEARDROP-SPOKED PINWHEEL ASTERISK
  [0x2749, '*'], // ❉ BALLOON-SPOKED ASTERISK
  [0x274a, '*'], // ❊ EIGHT TEARDROP-SPOKED PROPELLER ASTERISK
  [0x274b, '*'], // ❋ HEAVY EIGHT TEARDROP-SPOKED PROPELLER ASTERISK
  [0x29c6, '*'], // ⧆ SQUARED ASTERISK
  [0xfe61, '*'], // ﹡ SMALL ASTERISK
  // Small capital letters.
  [0x1d00, 'A'], // ᴀ
  [0x0299, 'B'], // ʙ
  [0x1d04, 'C'], // ᴄ
  [0x1d05, 'D'], // ᴅ
  [0x1d07, 'E'], // ᴇ
  [0xa730, 'F'], // ꜰ
  [0x0262, 'G'], // ɢ
  [0x029c, 'H'], // ʜ
  [0x026a, 'I'], // ɪ
  [0x1d0a, 'J'], // ᴊ
  [0x1d0b, 'K'], // ᴋ
  [0x029f, 'L'], // ʟ
  [0x1d0d, 'M'], // ᴍ
  [0x0274, 'N'], // ɴ
  [0x1d0f, 'O'], // ᴏ
  [0x1d18, 'P'], // ᴘ
  [0x0280, 'R'], // ʀ
  [0xa731, 'S'], // ꜱ
  [0x1d1b, 'T'], // ᴛ
  [0x1d1c, 'U'], // ᴜ
  [0x1d20, 'V'], // ᴠ
  [0x1d21, 'W'], // ᴡ
  [0x028f, 'Y'], // ʏ
  [0x1d22, 'Z'], // ᴢ
  // Line breaks that are not CR or LF.
  [0x0085, '\n'], // NEXT LINE (NEL)
  [0x2028, '\n'], // LINE SEPARATOR (Twilio: a space)
  [0x2029, '\n'], // PARAGRAPH SEPARATOR (Twilio: a space)
  [0x0009, ' '], // CHARACTER TABULATION (Twilio: seven spaces)
  // Invisible format characters: removing them changes nothing a reader sees.
  [0x00ad, ''], // SOFT HYPHEN (added)
  [0x200b, ''], // ZERO WIDTH SPACE
  [0x200c, ''], // ZERO WIDTH NON-JOINER
  [0x200d, ''], // ZERO WIDTH JOINER (added; inside an emoji sequence the grapheme is kept whole)
  [0x200e, ''], // LEFT-TO-RIGHT MARK (added)
  [0x200f, ''], // RIGHT-TO-LEFT MARK (added)
  [0x2060, ''], // WORD JOINER
  [0x2061, ''], // FUNCTION APPLICATION (added)
  [0x2062, ''], // INVISIBLE TIMES (added)
  [0x2063, ''], // INVISIBLE SEPARATOR (added)
  [0x2064, ''], // INVISIBLE PLUS (added)
  [0xfe0e, ''], // VARIATION SELECTOR-15 (added)
  [0xfe0f, ''], // VARIATION SELECTOR-16 (added)
  [0xfeff, ''], // ZERO WIDTH NO-BREAK SPACE (BOM)
];

// Unicode spaces other than U+0020 (Twilio maps most to two spaces): NBSP, U+2000–U+200A, narrow
// NBSP, medium mathematical space, ideographic space.
const SPACES = [0x00a0, 0x202f, 0x205f, 0x3000];
for (let codePoint = 0x2000; codePoint <= 0x200a; codePoint++) SPACES.push(codePoint);

function buildLookAlikes(): ReadonlyMap<string, string> {
  const map = new Map<string, string>();
  for (const codePoint of SPACES) map.set(String.fromCodePoint(codePoint), ' ');
  // C0 and C1 control characters other than the GSM ones (LF, FF, CR), TAB and NEL: removed.
  for (let codePoint = 0x00; codePoint <= 0x9f; codePoint++) {
    const isControl = codePoint < 0x20 || codePoint >= 0x7f;
    const keptOrMappedElsewhere = [0x09, 0x0a, 0x0c, 0x0d, 0x85].includes(codePoint);
    if (isControl && !keptOrMappedElsewhere) map.set(String.fromCodePoint(codePoint), '');
  }
  // Fullwidth forms U+FF01–U+FF5E are ASCII U+0021–U+007E at another width.
  for (let codePoint = 0xff01; codePoint <= 0xff5e; codePoint++) {
    const ascii = String.fromCodePoint(codePoint - 0xfee0);
    map.set(String.fromCodePoint(codePoint), ascii === '`' ? APOSTROPHE : ascii);
  }
  for (const [codePoint, replacement] of EXPLICIT) {
    map.set(String.fromCodePoint(codePoint), replacement);
  }
  return map;
}

/** Code point → GSM-7 text with the same meaning ('' = remove an invisible character). */
export const GSM_LOOK_ALIKES: ReadonlyMap<string, string> = buildLookAlikes();
