// Issuer identification number (IIN) ranges and lengths of the payment card schemes we recognise.
//
// Why check the IIN at all: a random digit string passes Luhn one time in ten, so Luhn alone would
// block one in ten order, tracking or account numbers of card length. Real cards start with a
// scheme prefix and have one of that scheme's lengths; requiring both rejects most such
// look-alikes (anything starting with 0 or 7, most starting with 1, 2, 3, 8 or 9, and Visa-prefixed
// numbers of 14, 15, 17 or 18 digits such as IMEIs) while keeping every real card.
// Source: ISO/IEC 7812 and the scheme table at
// https://en.wikipedia.org/wiki/Payment_card_number#Issuer_identification_number_(IIN)

interface CardScheme {
  readonly name: string;
  /** Inclusive prefix ranges; both ends have the same number of digits. */
  readonly ranges: readonly (readonly [string, string])[];
  readonly lengths: readonly number[];
}

const LONG = [16, 17, 18, 19] as const;

const CARD_SCHEMES: readonly CardScheme[] = [
  { name: 'Visa', ranges: [['4', '4']], lengths: [13, 16, 19] },
  {
    name: 'Mastercard',
    ranges: [
      ['51', '55'],
      ['2221', '2720'],
    ],
    lengths: [16],
  },
  {
    name: 'American Express',
    ranges: [
      ['34', '34'],
      ['37', '37'],
    ],
    lengths: [15],
  },
  {
    name: 'Discover',
    ranges: [
      ['6011', '6011'],
      ['644', '649'],
      ['65', '65'],
    ],
    lengths: LONG,
  },
  {
    name: 'Diners Club',
    ranges: [
      ['300', '305'],
      ['3095', '3095'],
      ['36', '36'],
      ['38', '39'],
    ],
    lengths: [14, 15, 16, 17, 18, 19],
  },
  { name: 'JCB', ranges: [['3528', '3589']], lengths: LONG },
  {
    name: 'UnionPay',
    ranges: [
      ['62', '62'],
      ['81', '81'],
    ],
    lengths: LONG,
  },
  {
    name: 'Maestro',
    ranges: [
      ['50', '50'],
      ['56', '69'],
    ],
    lengths: [13, 14, 15, 16, 17, 18, 19],
  },
  { name: 'Mir', ranges: [['2200', '2204']], lengths: LONG },
  {
    name: 'RuPay',
    ranges: [
      ['60', '60'],
      ['82', '82'],
      ['508', '508'],
    ],
    lengths: [16],
  },
  { name: 'Troy', ranges: [['9792', '9792']], lengths: [16] },
  { name: 'UATP', ranges: [['1', '1']], lengths: [15] },
];

/** The scheme whose IIN range and length fit these digits, or undefined. */
export function cardSchemeOf(digits: string): string | undefined {
  for (const scheme of CARD_SCHEMES) {
    if (!scheme.lengths.includes(digits.length)) continue;
    for (const [low, high] of scheme.ranges) {
      const prefix = digits.slice(0, low.length);
      if (prefix.length === low.length && prefix >= low && prefix <= high) return scheme.name;
    }
  }
  return undefined;
}
