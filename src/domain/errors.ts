/**
 * Typed errors thrown by the core. The HTTP layer maps each `code` to a
 * status; the CLI prints `message`. Messages say what was wrong and how to fix it.
 */
import { z } from 'zod';

export const fieldIssueSchema = z.object({
  field: z.string().describe('dotted path of the offending field, e.g. keywords.2 or budgetWan'),
  message: z.string(),
});
export type FieldIssue = z.infer<typeof fieldIssueSchema>;

export abstract class EngineError extends Error {
  abstract readonly code: string;
  readonly details: unknown;
  constructor(message: string, details?: unknown) {
    super(message);
    this.name = new.target.name;
    this.details = details;
  }
}

export class ValidationError extends EngineError {
  readonly code = 'validation_failed';
  declare readonly details: { issues: FieldIssue[] };
  constructor(message: string, issues: FieldIssue[]) {
    super(message, { issues });
  }
}

export class NotFoundError extends EngineError {
  readonly code = 'not_found';
}

export class ConflictError extends EngineError {
  readonly code = 'conflict';
}

/**
 * A write that named the version it read (If-Match, or a read-modify-write in the
 * core) found a newer one: somebody else changed the item first. Re-read and retry.
 */
export class VersionConflictError extends EngineError {
  readonly code = 'version_conflict';
  declare readonly details: { collection: string; id: string; expected: number; actual: number };
  constructor(collection: string, id: string, expected: number, actual: number) {
    super(
      expected === 0
        ? `${collection} ${id} already exists`
        : `${collection} ${id} is at version ${actual}, not ${expected}: it changed since it was read; read it again and retry`,
      { collection, id, expected, actual },
    );
  }
}

/** The store cannot be reached right now (e.g. PostgreSQL restarting); the request may be retried. */
export class StoreUnavailableError extends EngineError {
  readonly code = 'store_unavailable';
}

export class ModelMissingError extends EngineError {
  readonly code = 'model_missing';
}

export class IndexUnavailableError extends EngineError {
  readonly code = 'index_unavailable';
}
