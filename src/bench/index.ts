export { runBench, benchPlan, SECTION_IDS, type BenchOptions, type SectionId } from './run-bench.js';
export { reportMarkdown, targetLine, type BenchReport, type Section, type Table, type TargetCheck } from './report.js';
