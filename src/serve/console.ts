/**
 * Serves the web console's built files at /console/ (src/serve/console-build.ts
 * builds them), with security headers of its own: a content security policy that
 * allows only this origin and no inline script. The headers are scoped to the
 * console so the API's responses stay as they were.
 *
 * The console routes by URL (history API): any /console/… path that is not a file
 * gets index.html, so a deep link survives a reload. `/` redirects to the console.
 */
import path from 'node:path';
import fs from 'node:fs';
import express, { type Express, type Request, type Response } from 'express';
import helmet from 'helmet';
import { CONSOLE_BUILD_DIR } from '../config/index.js';

export const CONSOLE_CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  fontSrc: ["'self'"],
  // data: for the empty favicon; blob: never needed (CSV downloads navigate, they do not load).
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  // The service often runs on plain http on a LAN; upgrading would break every asset.
  upgradeInsecureRequests: null,
};

function sendIndex(buildDir: string, res: Response): void {
  const index = path.join(buildDir, 'index.html');
  if (!fs.existsSync(index)) {
    res
      .status(503)
      .type('text/plain; charset=utf-8')
      .send('控制台尚未构建 (the console is not built): run `npm run build-console`, or restart the service.\n');
    return;
  }
  res.set('Cache-Control', 'no-cache');
  res.sendFile(index);
}

export function consoleRouter(buildDir = CONSOLE_BUILD_DIR): express.Router {
  const router = express.Router();
  router.use(
    helmet({
      contentSecurityPolicy: { useDefaults: true, directives: CONSOLE_CSP },
      // Plain-http deployments are common on a LAN; HSTS would pin browsers to https.
      strictTransportSecurity: false,
    }),
  );
  // Hashed file names: a changed file gets a new name, so assets may be cached for good.
  router.use(
    '/assets',
    express.static(path.join(buildDir, 'assets'), { immutable: true, maxAge: '365d', index: false }),
  );
  router.use('/assets', (_req, res) => {
    res.status(404).type('text/plain; charset=utf-8').send('no such console file (an older build?): reload the page\n');
  });
  router.use((req: Request, res: Response, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    // `/console` without the slash: relative URLs and the router expect the slash.
    if (req.originalUrl === '/console' || req.originalUrl.startsWith('/console?')) {
      return res.redirect(301, `/console/${req.originalUrl.slice('/console'.length)}`);
    }
    sendIndex(buildDir, res);
  });
  return router;
}

export function mountConsole(app: Express, buildDir = CONSOLE_BUILD_DIR): void {
  app.use('/console', consoleRouter(buildDir));
  app.use((req, res, next) => {
    if ((req.method === 'GET' || req.method === 'HEAD') && req.path === '/') return res.redirect(302, '/console/');
    next();
  });
}
