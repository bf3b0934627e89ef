// Renders a received value for error and validation messages: short, quoted, safe for any input.

const MAX_SHOWN_CHARACTERS = 40;

/** "'9am'", "number 9", "null", "nothing", "an array"... for messages such as "expected HH:mm, got '9am'". */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') {
    const characters = Array.from(value);
    const shown =
      characters.length > MAX_SHOWN_CHARACTERS
        ? `${characters.slice(0, MAX_SHOWN_CHARACTERS).join('')}…`
        : value;
    // JSON escaping makes control characters and lone surrogates visible instead of garbling the message.
    return `'${JSON.stringify(shown).slice(1, -1)}'`;
  }
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return `${typeof value} ${String(value)}`;
  }
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? 'an invalid Date' : `Date ${value.toISOString()}`;
  }
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'symbol') return 'a symbol';
  return 'an object';
}

/** True for `{ ... }` literals and parsed JSON objects, false for arrays, dates, null and primitives. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** Appends an object key to a path: "weekly.mon", or "weekly['mon day']" for keys that are not plain names. */
export function joinPath(path: string, key: string): string {
  if (/^[A-Za-z_$][\w$]{0,39}$/.test(key)) return path === '' ? key : `${path}.${key}`;
  return `${path}[${describeValue(key)}]`;
}
