/**
 * Builds the web console (src/console/ → var/console/); run by `postinstall` and by
 * `npm run build-console`. `--if-stale` skips a build that is current.
 */
import { buildConsole, ensureConsoleBuilt } from '../src/serve/console-build.js';
import { CONSOLE_BUILD_DIR } from '../src/config/paths.js';

const ifStale = process.argv.includes('--if-stale');
const result = ifStale ? await ensureConsoleBuilt() : { built: true, seconds: await buildConsole() };
console.log(
  result.built
    ? `console: built into ${CONSOLE_BUILD_DIR} in ${result.seconds.toFixed(1)} s`
    : `console: ${CONSOLE_BUILD_DIR} is current`,
);
