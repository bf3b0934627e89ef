// Error answers of the Support API as the stand-in renders them.
import { ApiFailure } from '../shared/api-failure.ts';

export { ApiFailure };

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
