// The stand-in's records: messages sent through the API, inbound messages and their media.
import type { FormFields } from './signature.ts';

/** Message statuses Twilio reports (carriers.md §1.5 "MessageStatus enum"). */
export const TWILIO_MESSAGE_STATUSES = [
  'queued',
  'sending',
  'sent',
  'failed',
  'delivered',
  'undelivered',
  'receiving',
  'received',
  'accepted',
  'scheduled',
  'read',
  'partially_delivered',
  'canceled',
] as const;
export type TwilioMessageStatus = (typeof TWILIO_MESSAGE_STATUSES)[number];

export function isTwilioMessageStatus(value: unknown): value is TwilioMessageStatus {
  return (TWILIO_MESSAGE_STATUSES as readonly unknown[]).includes(value);
}

/** A message created through the Messages API, i.e. sent to a customer's phone. */
export interface StoredMessage {
  readonly sid: string;
  readonly from: string;
  readonly to: string;
  readonly body: string;
  readonly messagingServiceSid?: string;
  readonly statusCallback?: string;
  readonly numSegments: number;
  readonly createdAt: Date;
  status: TwilioMessageStatus;
  errorCode?: number;
  updatedAt: Date;
}

/** One row of `outbox()`: what was sent to a customer's phone and what became of it. */
export interface OutboxMessage {
  readonly sid: string;
  readonly from: string;
  readonly to: string;
  readonly body: string;
  readonly status: TwilioMessageStatus;
  readonly errorCode?: number;
  readonly statusCallback?: string;
  /** ISO 8601. */
  readonly createdAt: string;
}

export interface StoredMedia {
  readonly sid: string;
  readonly messageSid: string;
  readonly contentType: string;
  readonly data: Buffer;
}

/** An inbound webhook the stand-in posted, kept so it can be replayed byte for byte. */
export interface InboundRecord {
  readonly messageSid: string;
  readonly url: string;
  readonly fields: FormFields;
  /** When the customer sent it. */
  readonly createdAt: Date;
}

/** One row of `inboundLog()`: a text a customer sent to a business number. */
export interface InboundLogEntry {
  readonly sid: string;
  readonly from: string;
  readonly to: string;
  readonly body: string;
  readonly numMedia: number;
  /** ISO 8601. */
  readonly createdAt: string;
}

export function toInboundLogEntry(record: InboundRecord): InboundLogEntry {
  const field = (name: string) => record.fields.find(([key]) => key === name)?.[1] ?? '';
  return {
    sid: record.messageSid,
    from: field('From'),
    to: field('To'),
    body: field('Body'),
    numMedia: Number(field('NumMedia')) || 0,
    createdAt: record.createdAt.toISOString(),
  };
}

export function toOutboxMessage(message: StoredMessage): OutboxMessage {
  return {
    sid: message.sid,
    from: message.from,
    to: message.to,
    body: message.body,
    status: message.status,
    ...(message.errorCode === undefined ? {} : { errorCode: message.errorCode }),
    ...(message.statusCallback === undefined ? {} : { statusCallback: message.statusCallback }),
    createdAt: message.createdAt.toISOString(),
  };
}
