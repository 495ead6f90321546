/**
 * Writes: records are validated, stored durably and indexed (insert or
 * replace), or deleted from both. A write is matchable as soon as it returns,
 * without a rebuild.
 */
import {
  type Achievement,
  type AnyRecord,
  type Demand,
  NotFoundError,
  parseOrThrow,
  type RecordKind,
  schemaFor,
  ValidationError,
} from '../domain/index.js';
import type { StoreChange } from '../store/index.js';
import { deriveMeta, indexInput } from './derive.js';
import type { EngineState } from './state.js';
import type { PutReport } from './types.js';

type RecordOf<K extends RecordKind> = K extends 'achievement' ? Achievement : Demand;

/** Every input parsed before anything is written; in a batch, the field names carry the input's position. */
function parseAll(kind: RecordKind, inputs: unknown[]): AnyRecord[] {
  return inputs.map((input, i) => {
    try {
      return parseOrThrow(schemaFor[kind], input, kind) as AnyRecord;
    } catch (error) {
      if (error instanceof ValidationError && inputs.length > 1) {
        throw new ValidationError(
          `record ${i}: ${error.message}`,
          error.details.issues.map((x) => ({ ...x, field: `${i}.${x.field}` })),
        );
      }
      throw error;
    }
  });
}

export async function putRecords<K extends RecordKind>(
  state: EngineState,
  kind: K,
  inputs: unknown[],
): Promise<PutReport<RecordOf<K>>> {
  const records = parseAll(kind, inputs);
  const now = new Date().toISOString();
  const indexed = records.map((record) => ({
    record,
    previous: state.store.get(kind, record.id)?.meta,
    input: indexInput(kind, record),
  }));
  const vectors = await state.embedder.embed(
    indexed.map((p) => p.input.embedText),
    'passage',
  );
  // The industry classifier reads the vector, so the meta is derived once the vector exists.
  const prepared = indexed.map((p, i) => ({
    ...p,
    meta: deriveMeta(kind, p.record, p.previous, now, { model: state.config.industryModel, vector: vectors[i]! }),
  }));
  const changes = prepared.map((p) => ({ kind, op: 'put', stored: { record: p.record, meta: p.meta } }) as StoreChange);
  // The store applies in memory at once; index in the same tick so a match never sees one without the other.
  const durable = state.store.apply(changes);
  const side = state.indexes[kind];
  prepared.forEach((p, i) =>
    side.put({ id: p.record.id, contentHash: p.input.contentHash, vector: vectors[i]!, fields: p.input.fields }),
  );
  state.dirty = true;
  await durable;
  return {
    stored: prepared.map((p) => ({ record: p.record, meta: p.meta })) as PutReport<RecordOf<K>>['stored'],
    truncated: prepared.filter((p) => p.input.truncated).map((p) => p.record.id),
  };
}

export async function deleteRecord(state: EngineState, kind: RecordKind, id: string): Promise<void> {
  if (!state.store.has(kind, id)) throw new NotFoundError(`no ${kind} with id ${id}`);
  const durable = state.store.apply([{ kind, op: 'delete', id }]);
  state.indexes[kind].remove(id);
  state.domainTerms.delete(`${kind}\u0000${id}`);
  state.dirty = true;
  await durable;
}
