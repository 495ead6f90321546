/**
 * npm run bench [-- --quick] [-- --scale] [--out FILE] [--only quality,latency]
 * Quality and speed against the peers, written to docs/benchmarks.md (quick mode: var/bench-quick.md). See src/bench/.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BENCH_QUICK_REPORT_FILE, BENCH_REPORT_FILE } from '../src/config/index.js';
import { SECTION_IDS, runBench, type SectionId } from '../src/bench/index.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    scale: { type: 'boolean', default: false },
    out: { type: 'string' },
    only: { type: 'string' },
    'data-dir': { type: 'string' },
    'cache-dir': { type: 'string' },
  },
});

const only = values.only?.split(',').map((s) => s.trim()) as SectionId[] | undefined;
const unknown = only?.filter((s) => !SECTION_IDS.includes(s));
if (unknown?.length) {
  console.error(`unknown section(s) ${unknown.join(', ')}; choose from ${SECTION_IDS.join(', ')}`);
  process.exit(2);
}
if (values.quick && values.scale) {
  console.error('--quick and --scale exclude each other');
  process.exit(2);
}

const report = await runBench({
  quick: values.quick,
  scale: values.scale,
  // A quick run must not overwrite the committed report of the last full run.
  out: path.resolve(values.out ?? (values.quick ? BENCH_QUICK_REPORT_FILE : BENCH_REPORT_FILE)),
  dataDir: values['data-dir'] ? path.resolve(values['data-dir']) : undefined,
  cacheDir: values['cache-dir'] ? path.resolve(values['cache-dir']) : undefined,
  only,
});
if (report.sections.some((s) => s.skipped?.startsWith('error'))) process.exitCode = 1;
