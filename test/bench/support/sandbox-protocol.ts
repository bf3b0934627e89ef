// Messages between the relay benchmark and its sandbox child process (see sandbox-process.ts).
import type { ZendeskStandInOptions } from '@smsbridge/sandbox';

/** A signed Twilio inbound webhook, ready to post. */
export interface PreparedInbound {
  /** The URL Twilio signed (the number's SMS URL). */
  readonly url: string;
  /** X-Twilio-Signature. */
  readonly signature: string;
  /** application/x-www-form-urlencoded body. */
  readonly body: string;
}

export interface SandboxStats {
  /** Zendesk API requests answered so far (429s and 503s included). */
  readonly apiCalls: number;
  /** `METHOD /api/v2/path/:id` → requests. */
  readonly byEndpoint: Readonly<Record<string, number>>;
  /** HTTP status → requests. */
  readonly byStatus: Readonly<Record<string, number>>;
  readonly tickets: number;
  /** Customer texts on tickets (coalesced comments counted per text). */
  readonly textsOnTickets: number;
}

export type SandboxCommand =
  | {
      readonly type: 'start';
      readonly accountSid: string;
      readonly twilioAuthToken: string;
      readonly businessNumber: string;
      /** Where the Twilio stand-in posts inbound texts: the relay's inbound webhook URL. */
      readonly smsUrl: string;
      readonly zendesk: ZendeskStandInOptions;
    }
  | {
      readonly type: 'prepare';
      readonly id: number;
      readonly businessNumber: string;
      readonly texts: readonly { readonly from: string; readonly body: string }[];
    }
  | { readonly type: 'stats'; readonly id: number }
  | { readonly type: 'reset'; readonly id: number };

export type SandboxReply =
  | {
      readonly type: 'ready';
      readonly url: string;
      readonly twilioApiBaseUrl: string;
      readonly zendeskApiBaseUrl: string;
    }
  | { readonly type: 'prepared'; readonly id: number; readonly webhooks: PreparedInbound[] }
  | { readonly type: 'stats'; readonly id: number; readonly stats: SandboxStats }
  | { readonly type: 'reset'; readonly id: number }
  | { readonly type: 'error'; readonly message: string };
