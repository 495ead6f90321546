/**
 * Digests across a SIGKILL: the content is written exactly once (the same
 * digest id, never a second digest for the same batch), and delivered at
 * least once: a message whose delivery was not recorded is sent again, with
 * the same idempotency key, after the restart.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OUTBOX_COLLECTION, type Achievement, type OutboxMessage } from '../../src/domain/index.js';
import type { TextEmbedder } from '../../src/embed/index.js';
import { importJsonlText } from '../../src/engine/index.js';
import { IDEMPOTENCY_HEADER, deliverPending, registerWebhook } from '../../src/outbox/index.js';
import { publishQuarter } from '../../src/publication/index.js';
import { createSubscription, listDigests } from '../../src/publication/index.js';
import { achievementSlice, demoDemandsText, openTestEngine, tempDir } from '../helpers.js';

const CHILD = path.resolve(import.meta.dirname, 'publish-child.ts');
let embedder: TextEmbedder;
const received: { key: string; body: string }[] = [];
/** While set, the receiver takes requests but does not answer (the sender is about to die). */
let holding = false;
let receiver: http.Server;
let url: string;
const dirs: string[] = [];

beforeAll(async () => {
  const dir = tempDir('kjcg-outbox-');
  dirs.push(dir);
  embedder = (await openTestEngine(dir)).embedder;
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ key: String(req.headers[IDEMPOTENCY_HEADER]), body });
      if (!holding) res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
}, 60_000);

afterAll(async () => {
  receiver.closeAllConnections();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

let seeded: string | undefined;

/** A copy of one seeded data directory (seeding embeds, so it is done once). */
async function seededDataDir(): Promise<string> {
  seeded ??= await seed();
  const copy = tempDir('kjcg-outbox-');
  dirs.push(copy);
  fs.cpSync(seeded, copy, { recursive: true });
  return copy;
}

/** 40 demo achievements and the demands; two achievements written from demo-ent-a's demands, approved for 2026Q4. */
async function seed(): Promise<string> {
  const dataDir = tempDir('kjcg-outbox-');
  dirs.push(dataDir);
  const engine = await openTestEngine(dataDir, embedder);
  await importJsonlText(engine, 'achievement', achievementSlice(40));
  await importJsonlText(engine, 'demand', demoDemandsText());
  const mirrors = ['A-01', 'A-04'].map((id) => {
    const demand = engine.get('demand', id).record;
    return {
      id: `mirror-${id}`,
      title: demand.title,
      abstract: demand.description,
      publicationStatus: 'approved',
    } as Achievement;
  });
  await engine.putRecords('achievement', mirrors);
  await createSubscription(engine.store, 'demo-ent-a', { kind: 'demands' }, new Date(), 'sub-a');
  await registerWebhook(engine.store, { kind: 'enterprise', id: 'demo-ent-a' }, url, new Date());
  await engine.close();
  return dataDir;
}

async function runChildUntil(dataDir: string, mode: string, until: () => boolean): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir, mode], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const deadline = Date.now() + 120_000;
  while (!until.call(null) || !out.includes('written')) {
    if (Date.now() > deadline) throw new Error(`child did not get there: ${out}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  child.kill('SIGKILL');
  await exited;
  return out;
}

async function afterRestart(dataDir: string) {
  const engine = await openTestEngine(dataDir, embedder);
  const outbox = await engine.store.listDocs<OutboxMessage>(OUTBOX_COLLECTION);
  const resumed = await publishQuarter(engine, '2026Q4', { now: () => new Date(), publishedBy: 'test' });
  const delivery = await deliverPending(engine.store);
  const after = await engine.store.listDocs<OutboxMessage>(OUTBOX_COLLECTION);
  const digests = await listDigests(engine.store, 'demo-ent-a');
  await engine.close();
  return { outbox, resumed, delivery, after, digests };
}

describe('digests across a SIGKILL', () => {
  it('killed after writing the outbox, before delivering: delivered once after the restart, never rewritten', async () => {
    received.length = 0;
    const dataDir = await seededDataDir();
    const out = await runChildUntil(dataDir, 'before-delivery', () => true);
    expect(out).toContain('written 1');
    expect(received).toHaveLength(0);
    const { outbox, resumed, delivery, after, digests } = await afterRestart(dataDir);
    expect(outbox.map((d) => d.data.state)).toEqual(['pending']);
    expect(resumed).toMatchObject({ newlyPublished: false, digestsWritten: 0, digestsExisting: 1 });
    expect(delivery).toMatchObject({ attempted: 1, succeeded: 1 });
    expect(after.map((d) => d.data.state)).toEqual(['delivered']);
    expect(digests).toHaveLength(1);
    expect(received.map((r) => r.key)).toEqual([digests[0]!.id]);
    expect(
      JSON.parse(received[0]!.body).payload.entries.map((e: { achievementId: string }) => e.achievementId),
    ).toContain('mirror-A-01');
  }, 240_000);

  it('killed while the receiver had the request but had not answered: sent again with the same key and content', async () => {
    received.length = 0;
    holding = true;
    const dataDir = await seededDataDir();
    await runChildUntil(dataDir, 'during-delivery', () => received.length === 1);
    holding = false;
    const { resumed, after, digests } = await afterRestart(dataDir);
    expect(resumed.digestsWritten).toBe(0);
    expect(after.map((d) => d.data.state)).toEqual(['delivered']);
    // At least once: twice here, the same idempotency key and the same body, so the receiver can drop one.
    expect(received).toHaveLength(2);
    expect(received[0]!.key).toBe(digests[0]!.id);
    expect(received[1]!.key).toBe(received[0]!.key);
    expect(JSON.parse(received[1]!.body)).toEqual(JSON.parse(received[0]!.body));
  }, 240_000);
});
