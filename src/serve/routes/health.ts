/** GET /health (no key): is the model loaded, how many records, which index is in force. */
import type { IRouter } from 'express';
import type { ServiceContext } from '../context.js';
import type { Health } from '../schemas.js';

export function registerHealthRoutes(router: IRouter, ctx: ServiceContext): void {
  router.get('/health', (_req, res) => {
    const { engine } = ctx;
    const manifest = engine.manifest;
    const model = engine.embedder.modelState();
    const health: Health = {
      status: model.loaded ? 'ok' : 'degraded',
      model: { ...model, id: engine.embedder.modelId, dims: engine.embedder.dims },
      records: { achievements: engine.store.count('achievement'), demands: engine.store.count('demand') },
      index: {
        version: manifest?.version ?? null,
        builtAt: manifest?.builtAt ?? null,
        indexed: { achievements: engine.indexedCount('achievement'), demands: engine.indexedCount('demand') },
      },
    };
    res.json(health);
  });
}
