// Helper process for the outbox crash test: publishes the quarter (digests and
// outbox messages written), says so, then either waits to be killed before
// delivering, or delivers (the receiver holds the answer until the kill).
import { deliverPending } from '../../src/outbox/index.js';
import { publishQuarter } from '../../src/publication/index.js';
import { openTestEngine } from '../helpers.js';

const [dataDir, mode] = process.argv.slice(2) as [string, 'before-delivery' | 'during-delivery'];
const engine = await openTestEngine(dataDir);
const report = await publishQuarter(engine, '2026Q4', { now: () => new Date(), publishedBy: 'child' });
process.stdout.write(`written ${report.digestsWritten}\n`);
if (mode === 'during-delivery') await deliverPending(engine.store, { timeoutMs: 60_000 });
await new Promise(() => undefined);
