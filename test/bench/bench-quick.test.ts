/**
 * Smoke test of the bench code itself: the quick bench runs end to end on
 * data slices and writes a well-formed report. It asserts nothing about
 * speed or quality, only that every section ran and reported numbers.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECTION_IDS, runBench, type BenchReport } from '../../src/bench/index.js';

describe('quick bench', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kjcg-bench-test-'));
  const out = path.join(dir, 'benchmarks.md');
  let report: BenchReport;
  let markdown: string;

  beforeAll(async () => {
    report = await runBench({
      quick: true,
      scale: false,
      out,
      benchCacheDir: path.join(dir, 'bench-cache'),
      log: () => undefined,
    });
    markdown = fs.readFileSync(out, 'utf8');
  }, 600_000);

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('runs every section without skipping any', () => {
    expect(report.sections.map((s) => s.id)).toEqual([...SECTION_IDS]);
    for (const section of report.sections) expect(section.skipped, `${section.id}: ${section.skipped}`).toBeUndefined();
  });

  it('gives every section a method and at least one table of finite numbers', () => {
    for (const section of report.sections) {
      expect(section.method.length, section.id).toBeGreaterThan(0);
      expect(section.tables.length, section.id).toBeGreaterThan(0);
      for (const table of section.tables) {
        expect(table.rows.length, table.title).toBeGreaterThan(0);
        for (const row of table.rows) {
          expect(row.values.length, `${table.title} / ${row.label}`).toBe(table.columns.length - 1);
          for (const value of row.values)
            expect(Number.isFinite(value), `${table.title} / ${row.label}: ${value}`).toBe(true);
        }
      }
    }
  });

  it('checks the targets of every measured area with a finite figure', () => {
    const checked = new Set(report.sections.filter((s) => s.targets.length > 0).map((s) => s.id));
    expect([...checked].sort()).toEqual([
      'embedding',
      'http',
      'http-workers',
      'latency',
      'publication',
      'quality',
      'rebuild',
      'scale',
    ]);
    for (const target of report.sections.flatMap((s) => s.targets))
      expect(Number.isFinite(target.measured), target.name).toBe(true);
  });

  it('writes a Markdown report with the machine, every section and a PASS/FAIL line per target', () => {
    expect(markdown).toMatch(/^# Benchmarks/);
    expect(markdown).toContain('## Machine');
    expect(markdown).toMatch(/CPU: .+, \d+ cores/);
    for (const section of report.sections) expect(markdown).toContain(`## ${section.title}`);
    const targets = report.sections.flatMap((s) => s.targets).length;
    const lines = markdown.split('\n').filter((l) => /^- (PASS|FAIL): /.test(l));
    // Each target appears in the summary and again under its section.
    expect(lines.length).toBe(2 * targets);
  });
});
