/**
 * vitest globalSetup: every test run gets its own temporary root, and every
 * test process sees it as the system temp directory (TMPDIR is read by
 * os.tmpdir() on each call, and the test workers inherit it). At the end the
 * root is removed, so no `store-*`, `lock-*` or `kjcg-*` folder can outlive a
 * run; anything a test forgot to remove is named on stderr, so the leak is
 * seen and fixed rather than silently swept up.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export default function setup(): () => void {
  const previous = process.env.TMPDIR;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kjcg-vitest-'));
  process.env.TMPDIR = root;
  process.env.KJCG_TEST_TEMP_ROOT = root;
  return () => {
    // tsx keeps its compile cache in the temp directory (tsx-<uid>): a tool's cache, not a test's leak.
    const leftovers = (fs.existsSync(root) ? fs.readdirSync(root) : []).filter((name) => !name.startsWith('tsx-'));
    if (leftovers.length > 0) {
      process.stderr.write(
        `test temp dirs left behind (removed now; make the test remove them): ${leftovers.join(', ')}\n`,
      );
    }
    fs.rmSync(root, { recursive: true, force: true });
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
  };
}
