// An API error answer of a stand-in: HTTP status, the JSON body the real service sends, headers.

export class ApiFailure extends Error {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    status: number,
    body: Record<string, unknown>,
    headers: Readonly<Record<string, string>> = {},
  ) {
    super(typeof body.description === 'string' ? body.description : `HTTP ${status}`);
    this.name = 'ApiFailure';
    this.status = status;
    this.body = body;
    this.headers = headers;
  }
}
