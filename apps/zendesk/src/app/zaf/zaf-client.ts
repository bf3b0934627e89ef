// The part of the ZAF v2 client the app uses (zendesk.md §4.3–4.5; SDK lib/client.js).

export type ZafHandler = (...args: never[]) => unknown;

/** Options of `client.request` (zendesk.md §4.5); `secure: true` makes Zendesk fill `{{setting.*}}`. */
export interface ZafRequestOptions {
  readonly url: string;
  readonly type?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly headers?: Readonly<Record<string, string>>;
  readonly secure?: boolean;
  readonly cors?: boolean;
  readonly dataType?: 'json' | 'text';
  readonly contentType?: string;
  readonly data?: string;
}

export interface ZafMetadata {
  readonly appId?: number;
  readonly installationId?: number;
  /** Non-secure settings only: secure ones are never readable (zendesk.md §4.5). */
  readonly settings: Readonly<Record<string, unknown>>;
}

export interface ZafContext {
  readonly location: string;
  readonly ticketId?: number;
}

export interface ZafClient {
  on(event: string, handler: ZafHandler): void;
  off(event: string, handler: ZafHandler): void;
  get(paths: string | readonly string[]): Promise<Record<string, unknown>>;
  set(path: string, value: unknown): Promise<Record<string, unknown>>;
  invoke(name: string, ...args: unknown[]): Promise<Record<string, unknown>>;
  request(options: ZafRequestOptions): Promise<unknown>;
  metadata(): Promise<ZafMetadata>;
  context(): Promise<ZafContext>;
}
