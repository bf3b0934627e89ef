// Type checks on the relay's input: a wrong type is a programming error and throws a TypeError.
import type { Attachment, CustomerMessage, TicketPriority } from '../helpdesk-adapter.ts';

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Date) return 'a Date';
  return typeof value;
}

export function requireString(fn: string, name: string, value: unknown): string {
  if (typeof value !== 'string') {
    throw new TypeError(`${fn}: ${name} must be a string, received ${describe(value)}`);
  }
  return value;
}

export function optionalString(fn: string, name: string, value: unknown): string | undefined {
  return value === undefined ? undefined : requireString(fn, name, value);
}

export function requireBoolean(fn: string, name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') {
    throw new TypeError(`${fn}: ${name} must be a boolean, received ${describe(value)}`);
  }
  return value;
}

export function requireObject(fn: string, name: string, value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`${fn}: ${name} must be an object, received ${describe(value)}`);
  }
  return value as Record<string, unknown>;
}

export function requireStrings(fn: string, name: string, value: unknown): readonly string[] {
  if (!Array.isArray(value)) {
    throw new TypeError(`${fn}: ${name} must be an array of strings, received ${describe(value)}`);
  }
  value.forEach((item, i) => requireString(fn, `${name}[${i}]`, item));
  return value as string[];
}

const PRIORITIES: readonly TicketPriority[] = ['urgent', 'high', 'normal', 'low'];

export function requirePriority(fn: string, value: unknown): TicketPriority {
  const priority = requireString(fn, 'priority', value);
  if (!(PRIORITIES as readonly string[]).includes(priority)) {
    throw new TypeError(`${fn}: priority must be one of ${PRIORITIES.join(', ')}`);
  }
  return priority as TicketPriority;
}

function requireAttachment(fn: string, name: string, value: unknown): Attachment {
  const attachment = requireObject(fn, name, value);
  if (!Buffer.isBuffer(attachment.data)) {
    throw new TypeError(
      `${fn}: ${name}.data must be a Buffer, received ${describe(attachment.data)}`,
    );
  }
  requireString(fn, `${name}.contentType`, attachment.contentType);
  requireString(fn, `${name}.filename`, attachment.filename);
  return attachment as unknown as Attachment;
}

export function requireMessages(fn: string, value: unknown): readonly CustomerMessage[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new TypeError(`${fn}: messages must be a non-empty array, received ${describe(value)}`);
  }
  value.forEach((raw, i) => {
    const message = requireObject(fn, `messages[${i}]`, raw);
    requireString(fn, `messages[${i}].body`, message.body);
    if (!(message.receivedAt instanceof Date) || Number.isNaN(message.receivedAt.getTime())) {
      throw new TypeError(`${fn}: messages[${i}].receivedAt must be a valid Date`);
    }
    if (!Array.isArray(message.attachments)) {
      throw new TypeError(`${fn}: messages[${i}].attachments must be an array`);
    }
    message.attachments.forEach((a: unknown, j: number) =>
      requireAttachment(fn, `messages[${i}].attachments[${j}]`, a),
    );
  });
  return value as CustomerMessage[];
}

/** `CreateTicketInput.status`: `'solved'` or absent (the helpdesk's normal new/open ticket). */
export function optionalCreateStatus(fn: string, value: unknown): 'solved' | undefined {
  if (value === undefined) return undefined;
  if (value !== 'solved') {
    throw new TypeError(`${fn}: status must be 'solved' or absent, received ${describe(value)}`);
  }
  return value;
}
