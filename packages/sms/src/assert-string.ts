// Argument check shared by the public functions: non-strings are a programming error, so they throw.

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'number':
    case 'boolean':
      return `${typeof value} ${String(value)}`;
    case 'bigint':
      return `bigint ${value}n`;
    case 'symbol':
      return value.toString();
    case 'undefined':
      return 'undefined';
    case 'function':
      return 'a function';
    default:
      return 'an object';
  }
}

/** Throws a TypeError naming `functionName` and what it received when `value` is not a string. */
export function assertString(
  functionName: string,
  parameterName: string,
  value: unknown,
): asserts value is string {
  if (typeof value !== 'string') {
    throw new TypeError(
      `${functionName}: ${parameterName} must be a string, received ${describeValue(value)}`,
    );
  }
}
