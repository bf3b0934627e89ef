// Bearer-token checks for the app API: parse the Authorization header, compare tokens in constant time.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { WorkspaceConfig } from '../config/load.ts';

/** RFC 6750 §2.1: `Bearer` (any case), one or more spaces, a b64token. */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

export type Credentials =
  | { readonly kind: 'token'; readonly token: string }
  /** No Authorization header, or another scheme (RFC 6750 §3: answer 401 without an error code). */
  | { readonly kind: 'missing' }
  /** `Bearer` with nothing usable after it. */
  | { readonly kind: 'malformed' }
  /** More than one Authorization header: which one counts would be a guess, so none does. */
  | { readonly kind: 'duplicate' };

/**
 * Reads the bearer token from the raw header lines, because Node keeps only the first of several
 * Authorization headers in `req.headers` and a second one must not go unnoticed.
 */
export function readCredentials(rawHeaders: readonly string[]): Credentials {
  const values: string[] = [];
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    if (rawHeaders[index]!.toLowerCase() === 'authorization') values.push(rawHeaders[index + 1]!);
  }
  if (values.length > 1) return { kind: 'duplicate' };
  const [value] = values;
  if (value === undefined || value.trim() === '') return { kind: 'missing' };
  const match = BEARER.exec(value.trim());
  if (match !== null) return { kind: 'token', token: match[1]! };
  return /^Bearer(\s|$)/i.test(value.trim()) ? { kind: 'malformed' } : { kind: 'missing' };
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * Decides whether a token opens a workspace. Both sides are hashed first, so timingSafeEqual always
 * compares 32 bytes and the time taken says nothing about the token's length or how much of it was
 * right. An unknown workspace, or one without a token, is compared against a random digest: it
 * takes as long and fails the same way, so a caller cannot tell which workspaces exist.
 */
export function createTokenGate(
  workspaces: readonly Pick<WorkspaceConfig, 'id' | 'appApiToken'>[],
) {
  const digests = new Map<string, Buffer>();
  for (const workspace of workspaces) {
    if (workspace.appApiToken !== undefined) {
      digests.set(workspace.id, sha256(workspace.appApiToken));
    }
  }
  const unmatchable = randomBytes(32);
  return {
    opens(workspaceId: string, token: string): boolean {
      const expected = digests.get(workspaceId);
      const same = timingSafeEqual(sha256(token), expected ?? unmatchable);
      return same && expected !== undefined;
    },
  };
}
