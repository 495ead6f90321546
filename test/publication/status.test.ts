import { describe, expect, it } from 'vitest';
import { ConflictError, PUBLICATION_STATUSES, ValidationError, type Achievement } from '../../src/domain/index.js';
import {
  EMPTY_VIEW,
  PUBLICATION_ACTIONS,
  TRANSITIONS,
  mayTake,
  nextStatus,
  publicationOf,
  type PublishedView,
} from '../../src/publication/index.js';
import { mayReview, publicationActor, seesAllStatuses, type Caller } from '../../src/serve/policy.js';

const key = (role: 'admin' | 'broker' | 'enterprise' | 'researcher', extra: Partial<Caller> = {}): Caller =>
  ({ kind: 'key', keyId: role, role, ...extra }) as Caller;
const admin = key('admin');
const broker = key('broker');
const reviewer = key('broker', { reviewer: true } as Partial<Caller>);
const enterprise = key('enterprise', { enterpriseId: 'demo-ent-a' } as Partial<Caller>);
const researcher = key('researcher', { teamId: 't1' } as Partial<Caller>);
const anonymous: Caller = { kind: 'anonymous' };
const achievement = { id: 'x', title: 't' } as Achievement;

describe('the publication cycle', () => {
  // Every (status, action) pair: the table says exactly which are allowed and where they lead.
  const expected: Record<string, string> = {
    'draft submit': 'submitted',
    'returned submit': 'submitted',
    'withdrawn submit': 'submitted',
    'submitted approve': 'approved',
    'submitted return': 'returned',
    'approved return': 'returned',
    'published withdraw': 'withdrawn',
  };
  for (const status of PUBLICATION_STATUSES) {
    for (const action of PUBLICATION_ACTIONS) {
      const to = expected[`${status} ${action}`];
      it(`${action} on a ${status} record ${to ? `leads to ${to}` : 'is refused'}`, () => {
        if (to) expect(nextStatus(status, action, 'why')).toBe(to);
        else expect(() => nextStatus(status, action, 'why')).toThrow(ConflictError);
      });
    }
  }

  it('makes a return and a withdrawal say why', () => {
    expect(() => nextStatus('submitted', 'return', undefined)).toThrow(ValidationError);
    expect(() => nextStatus('published', 'withdraw', '  ')).toThrow(ValidationError);
    expect(nextStatus('submitted', 'approve', undefined)).toBe('approved');
  });

  it('has no action that publishes a single record: only a batch does', () => {
    expect(Object.values(TRANSITIONS).map((t) => t.to)).not.toContain('published');
  });
});

describe('who may take each action', () => {
  const actorOf = (caller: Caller) => publicationActor(caller, 'achievement', achievement);
  it('lets holders (brokers, admins) submit achievements, and no one else', () => {
    expect(mayTake(actorOf(broker), 'submit')).toBe(true);
    expect(mayTake(actorOf(admin), 'submit')).toBe(true);
    expect(mayTake(actorOf(enterprise), 'submit')).toBe(false);
    expect(mayTake(actorOf(researcher), 'submit')).toBe(false);
    expect(mayTake(actorOf(anonymous), 'submit')).toBe(false);
  });

  it('lets only reviewers (admins, brokers with the flag) approve, return and withdraw', () => {
    for (const action of ['approve', 'return', 'withdraw'] as const) {
      expect(mayTake(actorOf(admin), action)).toBe(true);
      expect(mayTake(actorOf(reviewer), action)).toBe(true);
      expect(mayTake(actorOf(broker), action)).toBe(false);
      expect(mayTake(actorOf(enterprise), action)).toBe(false);
    }
    expect(mayReview(reviewer)).toBe(true);
    expect(mayReview(broker)).toBe(false);
  });

  it("lets an enterprise submit its own demand, not another's", () => {
    const own = publicationActor(enterprise, 'demand', { id: 'd', title: 't', enterpriseId: 'demo-ent-a' });
    const other = publicationActor(enterprise, 'demand', { id: 'd', title: 't', enterpriseId: 'demo-ent-b' });
    expect(mayTake(own, 'submit')).toBe(true);
    expect(mayTake(other, 'submit')).toBe(false);
    expect(mayTake(own, 'approve')).toBe(false);
  });

  it('shows every status to brokers and admins only', () => {
    expect(seesAllStatuses(broker)).toBe(true);
    expect(seesAllStatuses(admin)).toBe(true);
    expect(seesAllStatuses(enterprise)).toBe(false);
    expect(seesAllStatuses(anonymous)).toBe(false);
  });
});

describe('the status readers see', () => {
  const view: PublishedView = {
    batchOf: (id) => (id === 'in-batch' ? { quarter: '2026Q4', publishedAt: '2026-12-01T00:00:00.000Z' } : undefined),
    key: 'published@test',
  };
  it('is published for imports that name their quarter, draft for those that name nothing', () => {
    expect(publicationOf({ id: 'a', title: 't', publishedQuarter: '2025Q1' } as Achievement, EMPTY_VIEW).status).toBe(
      'published',
    );
    expect(publicationOf({ id: 'a', title: 't' }, EMPTY_VIEW).status).toBe('draft');
  });

  it('turns an approved record published the moment its batch is, before the record is rewritten', () => {
    const approved = { id: 'in-batch', title: 't', publicationStatus: 'approved' } as Achievement;
    expect(publicationOf(approved, EMPTY_VIEW).status).toBe('approved');
    expect(publicationOf(approved, view)).toEqual({
      status: 'published',
      quarter: '2026Q4',
      publishedAt: '2026-12-01T00:00:00.000Z',
    });
    // A record returned after approval stays returned even if it was listed.
    expect(publicationOf({ ...approved, publicationStatus: 'returned' }, view).status).toBe('returned');
  });
});
