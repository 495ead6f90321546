/**
 * Subscriptions, digests and webhooks of enterprises (and teams' webhooks for
 * 揭榜 invitations). An enterprise key acts for its own enterprise; brokers
 * and admins act on behalf of any (naming it).
 */
import type { IRouter, Response } from 'express';
import ExcelJS from 'exceljs';
import {
  NotFoundError,
  OUTBOX_COLLECTION,
  ValidationError,
  parseOrThrow,
  type OutboxMessage,
} from '../../../domain/index.js';
import { getWebhook, registerWebhook, removeWebhook, type Recipient } from '../../../outbox/index.js';
import {
  DIGEST_COLLECTION,
  createSubscription,
  deleteSubscription,
  getSubscription,
  listDigests,
  listSubscriptions,
  newSubscriptionSchema,
  runNightlyDigests,
  type Digest,
} from '../../../publication/index.js';
import { authenticate, callerOf } from '../../auth.js';
import { jsonBody } from '../../body.js';
import type { ServiceContext } from '../../context.js';
import { toCsv, type CsvColumn } from '../../../csv/index.js';
import { sendCsv } from '../../csv.js';
import { forbidden } from '../../errors.js';
import { can, mayActForEnterprise, mayActForTeam, mayReview, ownEnterprise, type Caller } from '../../policy.js';
import { digestListQuery, subscriptionListQuery, webhookBody } from './query.js';
import { parseInput, pathId } from '../../query.js';

type DigestRow = Digest['entries'][number] & { digestId: string; createdAt: string };

const DIGEST_COLUMNS: { header: string; key: keyof DigestRow; width: number }[] = [
  { header: '推送时间', key: 'createdAt', width: 22 },
  { header: '推送编号', key: 'digestId', width: 36 },
  { header: '成果编号', key: 'achievementId', width: 16 },
  { header: '成果名称', key: 'title', width: 48 },
  { header: '产业领域', key: 'industry', width: 14 },
  { header: '相似度', key: 'similarity', width: 10 },
  { header: '对应需求', key: 'demandTitle', width: 30 },
  { header: '匹配理由', key: 'reason', width: 60 },
];

function digestRows(digests: Digest[]): DigestRow[] {
  return digests.flatMap((d) => d.entries.map((e) => ({ ...e, digestId: d.id, createdAt: d.createdAt })));
}

async function sendDigestWorkbook(res: Response, enterpriseId: string, rows: DigestRow[]): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('推送成果', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = DIGEST_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(row);
  res
    .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .set('Content-Disposition', `attachment; filename="digests-${enterpriseId}.xlsx"`)
    .send(Buffer.from(await workbook.xlsx.writeBuffer()));
}

function checkEnterprise(caller: Caller, enterpriseId: string): void {
  if (!mayActForEnterprise(caller, enterpriseId)) {
    throw forbidden(
      `enterprise ${enterpriseId}'s subscriptions, digests and webhook are for that enterprise, brokers and admins only`,
    );
  }
}

export function registerSubscriptionRoutes(router: IRouter, ctx: ServiceContext): void {
  const { engine, config } = ctx;
  const keyed = authenticate(ctx.keys, { anonymous: false });

  router.post('/v1/subscriptions', keyed, ...jsonBody(config.BODY_LIMIT), async (req, res) => {
    const input = parseOrThrow(newSubscriptionSchema, req.body, 'subscription');
    const caller = callerOf(res);
    const enterpriseId = input.enterpriseId ?? ownEnterprise(caller);
    if (!enterpriseId) {
      throw new ValidationError('a broker or admin subscribes on behalf of an enterprise: give enterpriseId', [
        { field: 'enterpriseId', message: 'required for broker and admin keys' },
      ]);
    }
    checkEnterprise(caller, enterpriseId);
    const subscription = await createSubscription(engine.store, enterpriseId, input, ctx.now());
    res.status(201).location(`/v1/subscriptions/${subscription.id}`).json(subscription);
  });

  router.get('/v1/subscriptions', keyed, async (req, res) => {
    const query = parseInput(subscriptionListQuery, req.query, 'query');
    const caller = callerOf(res);
    const enterpriseId = ownEnterprise(caller) ?? query.enterpriseId;
    if (enterpriseId) checkEnterprise(caller, enterpriseId);
    else if (!can(caller, 'readAllDemands')) throw forbidden('only brokers and admins list every subscription');
    res.json({ items: await listSubscriptions(engine.store, enterpriseId) });
  });

  router.get('/v1/subscriptions/:id', keyed, async (req, res) => {
    const subscription = await getSubscription(engine.store, pathId(req));
    checkEnterprise(callerOf(res), subscription.enterpriseId);
    res.json(subscription);
  });

  router.delete('/v1/subscriptions/:id', keyed, async (req, res) => {
    const subscription = await getSubscription(engine.store, pathId(req));
    checkEnterprise(callerOf(res), subscription.enterpriseId);
    await deleteSubscription(engine.store, subscription.id);
    res.status(204).end();
  });

  router.get('/v1/enterprises/:id/digests', keyed, async (req, res) => {
    const enterpriseId = pathId(req);
    checkEnterprise(callerOf(res), enterpriseId);
    const { format } = parseInput(digestListQuery, req.query, 'query');
    const digests = await listDigests(engine.store, enterpriseId);
    if (format === 'csv') {
      const columns: CsvColumn<DigestRow>[] = DIGEST_COLUMNS.map((c) => ({
        header: c.header,
        value: (row) => row[c.key] as string,
      }));
      sendCsv(res, `digests-${enterpriseId}.csv`, toCsv(columns, digestRows(digests)));
    } else if (format === 'xlsx') {
      await sendDigestWorkbook(res, enterpriseId, digestRows(digests));
    } else {
      res.json({ items: digests });
    }
  });

  router.get('/v1/digests/:id', keyed, async (req, res) => {
    const doc = await engine.store.getDoc<Digest>(DIGEST_COLLECTION, pathId(req));
    if (!doc) throw new NotFoundError(`no digest with id ${pathId(req)}`);
    checkEnterprise(callerOf(res), doc.data.enterpriseId);
    res.json(doc.data);
  });

  router.post('/v1/digests/run', keyed, async (_req, res) => {
    if (!mayReview(callerOf(res))) throw forbidden('only a reviewer or an admin starts the digest run');
    res.json(await runNightlyDigests(engine, { now: ctx.now() }));
  });

  // ---- webhooks: one per recipient ----
  const recipients: { base: string; kind: Recipient['kind']; may: (caller: Caller, id: string) => boolean }[] = [
    { base: '/v1/enterprises/:id', kind: 'enterprise', may: mayActForEnterprise },
    { base: '/v1/teams/:id', kind: 'team', may: mayActForTeam },
  ];
  for (const { base, kind, may } of recipients) {
    const recipientOf = (req: Parameters<typeof pathId>[0], res: Response): Recipient => {
      const id = pathId(req);
      if (!may(callerOf(res), id)) throw forbidden(`the webhook of ${kind} ${id} is for that ${kind} and admins only`);
      return { kind, id };
    };
    router.put(`${base}/webhook`, keyed, ...jsonBody(config.BODY_LIMIT), async (req, res) => {
      const recipient = recipientOf(req, res);
      const { url } = parseInput(webhookBody, req.body, 'body');
      const webhook = await registerWebhook(engine.store, recipient, url, ctx.now());
      // The secret is shown here only; a new PUT makes a new one.
      res.status(201).json(webhook);
    });
    router.get(`${base}/webhook`, keyed, async (req, res) => {
      const recipient = recipientOf(req, res);
      const webhook = await getWebhook(engine.store, recipient);
      if (!webhook) throw new NotFoundError(`no webhook registered for ${kind} ${recipient.id}`);
      const { secret: _secret, ...shown } = webhook;
      res.json(shown);
    });
    router.delete(`${base}/webhook`, keyed, async (req, res) => {
      await removeWebhook(engine.store, recipientOf(req, res));
      res.status(204).end();
    });
    router.get(`${base}/deliveries`, keyed, async (req, res) => {
      const recipient = recipientOf(req, res);
      const docs = await engine.store.listDocs<OutboxMessage>(OUTBOX_COLLECTION, {
        orderBy: { field: 'createdAt', direction: 'desc' },
      });
      const mine = docs.filter((d) => d.data.recipient.kind === recipient.kind && d.data.recipient.id === recipient.id);
      res.json({
        items: mine.map(({ data: { payload: _payload, ...message } }) => message),
      });
    });
  }
}
