import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // A temp root per run, removed at the end; each file's tempDir() folders are removed after it.
    globalSetup: ['test/support/temp-root.ts'],
    setupFiles: ['test/support/temp-cleanup.ts'],
    // Integration tests load the real ONNX model; on 2 cores one file at a time per core.
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
