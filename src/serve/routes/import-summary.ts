/** The answer to a bulk import: what went in, and every bad line with its number and reason. */
import type { ImportReport } from '../../engine/index.js';
import type { ImportSummary } from '../schemas.js';

export function importSummary(report: ImportReport): ImportSummary {
  return {
    importedCount: report.imported.length,
    rejectedCount: report.errors.length,
    imported: report.imported,
    errors: report.errors,
    truncated: report.truncated,
  };
}
