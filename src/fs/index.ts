export {
  writeFileAtomic,
  writeFileAtomicSync,
  fsyncFileSync,
  fsyncDirectorySync,
  removeStaleTempFiles,
} from './atomic-file.js';
export { acquireLock, lockHolder } from './process-lock.js';
