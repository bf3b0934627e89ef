// Twilio REST error bodies `{code, message, more_info, status}` (carriers.md §1.5 "Errors").

export interface TwilioErrorBody {
  readonly code: number;
  readonly message: string;
  readonly more_info: string;
  readonly status: number;
}

/** The error body Twilio sends; `more_info` points at the error dictionary page for the code. */
export function twilioError(status: number, code: number, message: string): TwilioErrorBody {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

/**
 * Messages of the send-time errors the stand-in can be told to return for a number
 * (`failNumber`). Codes from carriers.md §1.6 and the Twilio error dictionary
 * (https://www.twilio.com/docs/api/errors/<code>); wording is ours where the reference has none.
 */
const SEND_ERROR_MESSAGES: Readonly<Record<number, string>> = {
  21211: "Invalid 'To' Phone Number",
  21408: 'Permission to send an SMS has not been enabled for the region indicated by the To number',
  21610: 'Attempt to send to unsubscribed recipient',
  21612: "The 'To' phone number is not currently reachable via SMS",
  21614: "'To' number is not a valid mobile number",
};

export function sendErrorMessage(code: number): string {
  return SEND_ERROR_MESSAGES[code] ?? `Twilio error ${code}`;
}

/** Error-code descriptions carried in status callbacks (carriers.md §1.6 "Error codes"). */
export const DELIVERY_ERROR_MESSAGES: Readonly<Record<number, string>> = {
  30001: 'Queue overflow',
  30002: 'Account suspended',
  30003: 'Unreachable destination handset',
  30004: 'Message blocked',
  30005: 'Unknown destination handset',
  30006: 'Landline or unreachable carrier',
  30007: 'Message filtered',
  30008: 'Unknown error',
  30034: 'Message from an unregistered number',
};
