// Twilio error codes → categories and plain words for agents (carriers.md §1.6 "Error codes").
import type { CarrierError, CarrierErrorCategory } from '../carrier-adapter.ts';

interface Meaning {
  readonly category: CarrierErrorCategory;
  readonly retryable: boolean;
  readonly agentMessage: string;
}

const RETRY_SOON = 'the text will be sent again shortly.';

/**
 * Codes and names from §1.6 (compiled lists and Twilio error pages) and the 2xxxx platform codes of
 * the Twilio error dictionary. Twilio advises against hard-coding logic on codes (§1.6), so anything
 * not listed is `unknown` with the code in the words. `retryable` says whether sending the same text
 * again later may succeed; 3xxxx codes arrive in status callbacks, after the send was accepted.
 */
const MEANINGS: Readonly<Record<string, Meaning>> = {
  // 20003 "Authenticate": wrong account SID or auth token.
  '20003': {
    category: 'auth',
    retryable: false,
    agentMessage:
      'The relay could not sign in to Twilio; an administrator needs to check the Twilio account SID and auth token.',
  },
  // 20429 "Too many requests".
  '20429': {
    category: 'rate_limited',
    retryable: true,
    agentMessage: `Twilio asked us to slow down; ${RETRY_SOON}`,
  },
  // 21211 "Invalid 'To' Phone Number".
  '21211': {
    category: 'invalid_number',
    retryable: false,
    agentMessage: "The customer's phone number is not a valid number, so the text was not sent.",
  },
  // 21408 "Permission to send an SMS has not been enabled for the region".
  '21408': {
    category: 'rejected',
    retryable: false,
    agentMessage:
      "Texting the customer's country is not enabled on the Twilio account; an administrator can enable it.",
  },
  // 21606 "The 'From' phone number provided is not a valid message-capable Twilio phone number".
  '21606': {
    category: 'rejected',
    retryable: false,
    agentMessage:
      'This business number cannot send this text; an administrator needs to check the number in Twilio.',
  },
  // 21610 "Attempt to send to unsubscribed recipient": HTTP 400, not charged (§1.6).
  '21610': {
    category: 'opted_out',
    retryable: false,
    agentMessage: 'The customer has opted out of texts from this number (they replied STOP).',
  },
  // 21612 "The 'To' phone number is not currently reachable via SMS".
  '21612': {
    category: 'unreachable',
    retryable: false,
    agentMessage: "Twilio cannot reach the customer's number by text.",
  },
  // 21614 "'To' number is not a valid mobile number" [unverified wording, §1.6].
  '21614': {
    category: 'landline',
    retryable: false,
    agentMessage: "The customer's number cannot receive texts; it is probably a landline.",
  },
  // 21617 "The concatenated message body exceeds the 1600 character limit".
  '21617': {
    category: 'rejected',
    retryable: false,
    agentMessage: 'The text is longer than 1,600 characters; shorten it and send it again.',
  },
  // 30001 "Queue overflow": sent too fast; sending again later works.
  '30001': {
    category: 'rate_limited',
    retryable: true,
    agentMessage: `Too many texts were queued at once; ${RETRY_SOON}`,
  },
  // 30002 "Account suspended".
  '30002': {
    category: 'rejected',
    retryable: false,
    agentMessage:
      'The Twilio account is suspended, so texts cannot be sent; an administrator needs to contact Twilio.',
  },
  // 30003 "Unreachable destination handset".
  '30003': {
    category: 'unreachable',
    retryable: true,
    agentMessage:
      "The customer's phone could not be reached (it may be off or out of signal); try again later.",
  },
  // 30004 "Message blocked".
  '30004': {
    category: 'rejected',
    retryable: false,
    agentMessage:
      'The text was blocked before it reached the customer, by their carrier or by the customer.',
  },
  // 30005 "Unknown destination handset".
  '30005': {
    category: 'invalid_number',
    retryable: false,
    agentMessage: "The customer's number is unknown to their carrier or no longer in service.",
  },
  // 30006 "Landline or unreachable carrier".
  '30006': {
    category: 'landline',
    retryable: false,
    agentMessage:
      "The customer's number cannot receive texts: it is a landline, or its carrier does not accept texts.",
  },
  // 30007 "Message filtered" (formerly "Carrier violation").
  '30007': {
    category: 'filtered',
    retryable: false,
    agentMessage:
      "The customer's carrier filtered this text as possible spam; rewording it may help.",
  },
  // 30008 "Unknown error".
  '30008': {
    category: 'unknown',
    retryable: true,
    agentMessage: 'The text could not be delivered for an unknown reason; try again later.',
  },
  // 30034 "unregistered 10DLC number": [unverified] in the reference (§1.6, §7 item 9).
  '30034': {
    category: 'rejected',
    retryable: false,
    agentMessage:
      'Texts from this business number are blocked because it is not registered for US business texting (10DLC); an administrator needs to finish the registration.',
  },
};

/** Codes the adapter makes up for failures that have no Twilio code. */
export const NETWORK_ERROR_CODE = 'network';
export const TIMEOUT_ERROR_CODE = 'timeout';
export const UNEXPECTED_RESPONSE_CODE = 'unexpected_response';

const UNAVAILABLE: Meaning = {
  category: 'carrier_unavailable',
  retryable: true,
  agentMessage: `Twilio could not be reached; ${RETRY_SOON}`,
};

/** Meanings of the made-up codes: `network`, `timeout`, `unexpected_response`, `http_<status>`. */
function syntheticMeaning(code: string): Meaning | undefined {
  if (code === NETWORK_ERROR_CODE || code === TIMEOUT_ERROR_CODE) return UNAVAILABLE;
  if (code === UNEXPECTED_RESPONSE_CODE) {
    return {
      category: 'unknown',
      retryable: false,
      agentMessage:
        "Twilio's answer could not be read, so it is not known whether the text was sent.",
    };
  }
  const status = /^http_(\d{3})$/.exec(code)?.[1];
  if (status === undefined) return undefined;
  if (status === '429') return MEANINGS['20429'];
  if (status.startsWith('5')) return UNAVAILABLE;
  if (status === '401' || status === '403') return MEANINGS['20003'];
  return undefined;
}

/** The code as it may appear in an agent's sentence: digits, letters, `_`, `-`, at most 32. */
function printable(code: string): string {
  return code.replace(/[^\w-]/g, '').slice(0, 32);
}

export function describeTwilioError(code: string): CarrierError {
  if (typeof code !== 'string') {
    throw new TypeError(
      `describeError: code must be a string, got ${code === null ? 'null' : typeof code}`,
    );
  }
  const meaning =
    (Object.hasOwn(MEANINGS, code) ? MEANINGS[code] : undefined) ?? syntheticMeaning(code);
  if (meaning) return { code, ...meaning };
  const shown = printable(code);
  return {
    code,
    category: 'unknown',
    retryable: false,
    agentMessage: shown
      ? `The text could not be sent (Twilio error ${shown}).`
      : 'The text could not be sent, and Twilio gave no reason.',
  };
}
