// Twilio's X-Twilio-Signature, computed the way Twilio signs its webhooks (carriers.md §1.4).
import { createHmac } from 'node:crypto';

/** Form fields in the order they are sent; a name may repeat. */
export type FormFields = readonly (readonly [string, string])[];

/**
 * HMAC-SHA1 with the auth token over the full URL followed by every POST param as `name + value`,
 * sorted by name, base64-encoded. Repeated names: the values are de-duplicated and sorted and each
 * contributes `name + value`, as twilio-node's `toFormUrlEncodedParam` does (carriers.md §1.4).
 */
export function twilioSignature(authToken: string, url: string, fields: FormFields): string {
  const valuesByName = new Map<string, Set<string>>();
  for (const [name, value] of fields) {
    const values = valuesByName.get(name) ?? new Set<string>();
    values.add(value);
    valuesByName.set(name, values);
  }
  let data = url;
  // Plain code-unit order, like Array.prototype.sort() on Object.keys in twilio-node.
  for (const name of [...valuesByName.keys()].sort()) {
    for (const value of [...(valuesByName.get(name) ?? [])].sort()) data += name + value;
  }
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

/** Encodes fields as application/x-www-form-urlencoded, keeping their order. */
export function encodeForm(fields: FormFields): string {
  return new URLSearchParams(
    fields.map(([name, value]): [string, string] => [name, value]),
  ).toString();
}

/** Decodes an application/x-www-form-urlencoded body into its fields, keeping order and repeats. */
export function decodeForm(body: string): FormFields {
  return [...new URLSearchParams(body)];
}
