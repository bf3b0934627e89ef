// Reads the words just before a number to tell an SSN or account number from an order or phone number.

/** What the nearest context word before a number says it is. */
export type NumberContext = 'ssn' | 'account' | 'card' | 'reference' | 'phone';

/** How far back (UTF-16 units) a context word may be from the number it describes. */
const CONTEXT_WINDOW = 48;

// Longer alternatives first so that "social security" wins over "social".
const CONTEXT_WORDS = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:` +
    String.raw`(?<ssn>social\s+security|soc\.?\s*sec|social|seguro\s+social|ssn|ss#|ss\s?no)` +
    String.raw`|(?<account>account|acct|acc|a\/c|routing|aba|member(?:ship)?|checking|savings|bank|cuenta|compte|konto|conto)` +
    String.raw`|(?<card>card|credit|debit|visa|master\s?card|mc|amex|discover|jcb|diners|unionpay|maestro|cc|tarjeta|carte|karte)` +
    String.raw`|(?<reference>order|orden|pedido|commande|tracking|track|shipment|parcel|package|ups|fedex|usps|dhl|invoice|factura|facture|receipt|confirmation|conf|ref|reference|case|ticket|claim|rma|sku|item|model|serial|imei|part|po|code)` +
    String.raw`|(?<phone>phone|tel|call|text|cell|mobile|fax|whatsapp|sms|móvil|movil|portable|teléfono|telefono)` +
    String.raw`)(?![\p{L}])`,
  'giu',
);

/**
 * A reference lead-in directly before a number: "order #", "tracking number:", "ref", "pedido".
 * A Luhn-valid number right after such words is what the customer says it is, not a card.
 */
const REFERENCE_LEAD_IN = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:order|orden|pedido|commande|tracking|track|shipment|parcel|package|invoice|factura|facture|receipt|confirmation|conf|ref|reference|case|ticket|claim|rma|sku|item|model|serial|imei|po)` +
    String.raw`\s{0,3}(?:number|num|no\.?|nr\.?|n°|nº|id|#|code)?\s{0,3}(?:is|was|es|est)?\s{0,3}[:#=-]?\s{0,3}$`,
  'iu',
);

function windowBefore(text: string, start: number): string {
  return text.slice(Math.max(0, start - CONTEXT_WINDOW), start);
}

/** The class of the context word nearest before `start`, if any is within the window. */
export function nearestContext(text: string, start: number): NumberContext | undefined {
  let nearest: NumberContext | undefined;
  for (const match of windowBefore(text, start).matchAll(CONTEXT_WORDS)) {
    const groups = match.groups ?? {};
    if (groups.ssn !== undefined) nearest = 'ssn';
    else if (groups.account !== undefined) nearest = 'account';
    else if (groups.card !== undefined) nearest = 'card';
    else if (groups.reference !== undefined) nearest = 'reference';
    else if (groups.phone !== undefined) nearest = 'phone';
  }
  return nearest;
}

/** True when the number at `start` is introduced as an order, tracking or other reference number. */
export function followsReferenceLeadIn(text: string, start: number): boolean {
  return REFERENCE_LEAD_IN.test(windowBefore(text, start));
}
