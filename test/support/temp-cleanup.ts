/**
 * vitest setupFile: the folders a test file made with `tempDir()` (test/helpers.ts)
 * are removed after that file's tests, whether or not the test removed them.
 */
import { afterAll } from 'vitest';
import { removeTempDirs } from '../helpers.js';

afterAll(() => removeTempDirs());
