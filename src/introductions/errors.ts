import { EngineError } from '../domain/index.js';

/** The caller may not do this to this introduction (its role or scope); HTTP 403. */
export class ForbiddenError extends EngineError {
  readonly code = 'forbidden';
}
