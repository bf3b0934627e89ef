// Error answers of the Support API as the stand-in renders them.

/** An API error: HTTP status, the JSON body Zendesk sends, and extra headers. */
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

/**
 * 422 with Zendesk's validation shape `{error: "RecordInvalid", description: "Record validation
 * errors", details: {<field>: [{description, error}]}}`, e.g. the gist in zendesk.md §2.3 sources
 * (https://gist.github.com/dpawluk/77ec3f245fb299f70291c9c180dfe008).
 */
export function recordInvalid(field: string, description: string, error = 'InvalidValue') {
  return new ApiFailure(422, {
    error: 'RecordInvalid',
    description: 'Record validation errors',
    details: { [field]: [{ description, error }] },
  });
}

export function recordNotFound() {
  return new ApiFailure(404, { error: 'RecordNotFound', description: 'Not found' });
}

export function badRequest(description: string) {
  return new ApiFailure(400, { error: 'InvalidValue', description });
}
