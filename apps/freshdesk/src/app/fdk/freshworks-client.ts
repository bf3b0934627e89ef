// The part of the Freshworks front-end client (`app.initialized()`) the app uses (freshdesk.md §3.5, §3.10).

/** `client.request.invokeTemplate` resolves with this; `response` is the body as a string (§3.5). */
export interface InvokeTemplateResult {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly response: string;
}

/**
 * What a failed `invokeTemplate` rejects with: the HTTP status and body for an answer outside
 * 2xx, plus where it failed [unverified: the reference documents only the success shape; the
 * platform's documented failure object is believed to carry status, headers, response,
 * errorSource ("APP" | "PLATFORM") and attempts].
 */
export interface InvokeTemplateFailure {
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly response?: string;
  readonly errorSource?: string;
  readonly attempts?: number;
}

export interface InvokeTemplateOptions {
  /** Values for `<%= context.x %>` in the template. */
  readonly context?: Readonly<Record<string, string | number | boolean>>;
  /** The request body, a string (`JSON.stringify(...)`). */
  readonly body?: string;
}

/** The event object handed to `client.events.on` callbacks (§3.10). */
export interface FreshworksEvent {
  readonly type?: string;
  readonly helper?: {
    getData(): unknown;
    done(): void;
    fail(message: string): void;
  };
}

export interface FreshworksClient {
  readonly data: {
    /** `"ticket"` → `{ ticket }`, `"contact"` → `{ contact }`, `"loggedInUser"` → `{ loggedInUser }` (§3.10). */
    get(name: string): Promise<Record<string, unknown>>;
  };
  readonly iparams: {
    /** The installation parameters; secure ones are never readable here (§3.4). */
    get(name?: string): Promise<Record<string, unknown>>;
  };
  readonly interface: {
    /** `setValue` into the reply editor, `showNotify` (§3.10). */
    trigger(action: string, options: Readonly<Record<string, unknown>>): Promise<unknown>;
  };
  readonly request: {
    invokeTemplate(name: string, options: InvokeTemplateOptions): Promise<InvokeTemplateResult>;
  };
  readonly instance: {
    /** `{ height: "500px" }`, at most 700 px (§3.10). */
    resize(size: { readonly height: string }): unknown;
    context(): Promise<{ readonly location?: string } & Record<string, unknown>>;
  };
  readonly events: {
    on(
      event: string,
      callback: (event?: FreshworksEvent) => void,
      options?: { readonly intercept?: boolean },
    ): void;
  };
}

/** The global the `{{{appclient}}}` script defines. */
export interface FreshworksApp {
  initialized(): Promise<FreshworksClient>;
}
