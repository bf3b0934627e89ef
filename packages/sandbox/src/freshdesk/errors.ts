// Error answers of the Freshdesk API as the stand-in renders them (freshdesk.md §1.2).
import { ApiFailure } from '../shared/api-failure.ts';

export { ApiFailure };

/** One item of the `errors` array; `field` only for 400s (freshdesk.md §1.2). */
export interface FieldError {
  readonly field?: string;
  readonly message: string;
  readonly code: string;
}

/** 400 `{"description":"Validation failed","errors":[{field, message, code}]}` (§1.2). */
export function validationFailed(...errors: FieldError[]): ApiFailure {
  return new ApiFailure(400, { description: 'Validation failed', errors });
}

export function invalidValue(field: string, message: string): ApiFailure {
  return validationFailed({ field, message, code: 'invalid_value' });
}

export function missingField(field: string): ApiFailure {
  return validationFailed({ field, message: 'Mandatory attribute missing', code: 'missing_field' });
}

export function invalidField(field: string): ApiFailure {
  return validationFailed({
    field,
    message: 'Unexpected/invalid field in request',
    code: 'invalid_field',
  });
}

export function datatypeMismatch(field: string, expected: string): ApiFailure {
  return validationFailed({
    field,
    message: `Value set is of type ${expected === 'Number' ? 'String' : 'Number'}.It should be a/an ${expected}`,
    code: 'datatype_mismatch',
  });
}

export function notFound(): ApiFailure {
  // 404 for a bad id, domain or URL (§1.2); the body is empty on the real service.
  return new ApiFailure(404, {});
}

/** 409 conflict, e.g. a contact with an e-mail already in use (§1.2). */
export function conflict(field: string, message: string): ApiFailure {
  return new ApiFailure(409, {
    description: 'Validation failed',
    errors: [{ field, message, code: 'duplicate_value' }],
  });
}

export function invalidCredentials(): ApiFailure {
  return new ApiFailure(401, {
    description: 'Authentication failure',
    errors: [
      { code: 'invalid_credentials', message: 'You have to be logged in to perform this action.' },
    ],
  });
}
