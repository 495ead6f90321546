/** The answer to a bulk import: what went in, and every bad line with its number and reason. */
import type { ImportReport } from '../../engine/index.js';

export function importSummary(report: ImportReport) {
  return {
    importedCount: report.imported.length,
    rejectedCount: report.errors.length,
    imported: report.imported,
    errors: report.errors,
    /** Stored in full, embedded truncated: longer than the model reads. */
    truncated: report.truncated,
  };
}
