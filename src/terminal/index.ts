export { progressBar } from './progress.js';
