/**
 * A pid lock file per data directory. The service holds it while running, so
 * a CLI import (which writes the store) refuses to race the service's own
 * writes; the nightly rebuild only reads the store and needs no lock.
 */
import fs from 'node:fs';
import path from 'node:path';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid holding the lock, or null if free (a lock left by a dead process is free). */
export function lockHolder(file: string): number | null {
  if (!fs.existsSync(file)) return null;
  const pid = Number.parseInt(fs.readFileSync(file, 'utf8'), 10);
  return Number.isInteger(pid) && pid !== process.pid && isAlive(pid) ? pid : null;
}

export function acquireLock(file: string, what: string): () => void {
  const holder = lockHolder(file);
  if (holder !== null) throw new Error(`${what}: data directory is in use by process ${holder} (${file})`);
  // A fresh clone has no data directory yet: the first start creates it.
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, String(process.pid));
  return () => {
    if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === String(process.pid)) fs.rmSync(file, { force: true });
  };
}
