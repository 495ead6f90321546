import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeTempDirs, tempDir } from '../helpers.js';

describe('test temp directories', () => {
  it('live under a per-run root that the run removes, never in the system temp directory itself', () => {
    const root = process.env.KJCG_TEST_TEMP_ROOT;
    expect(root).toBeDefined();
    expect(os.tmpdir()).toBe(root);
    const dir = tempDir('store-');
    expect(path.dirname(dir)).toBe(root);
  });

  it('removes what tempDir() made once the file is done', () => {
    const dir = tempDir('lock-');
    fs.writeFileSync(path.join(dir, 'x'), 'x');
    removeTempDirs();
    expect(fs.existsSync(dir)).toBe(false);
  });
});
