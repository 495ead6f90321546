import { describe, expect, it } from 'vitest';
import { INDUSTRIES } from '../../src/domain/industries.js';
import { IP_KINDS, ipKindLabels, type IpItem } from '../../src/domain/ip-items.js';
import { ipKindsText } from '../../src/console/ip-kinds.js';
import { COOPERATION_MODES, MATURITY_LEVELS } from '../../src/domain/records.js';
import * as vocab from '../../src/console/vocab.js';
import { PROPOSAL_REASONS } from '../../src/challenges/schema.js';
import { allowedTransitions, type ActingRole } from '../../src/introductions/machine.js';
import { CONTRACT_TYPES, INTRODUCTION_STATES } from '../../src/introductions/schema.js';

describe('console vocabularies', () => {
  it('offer exactly the values the service validates', () => {
    expect(vocab.INDUSTRIES).toEqual(INDUSTRIES);
    expect(vocab.MATURITY_LEVELS).toEqual(MATURITY_LEVELS);
    expect(vocab.COOPERATION_MODES).toEqual(COOPERATION_MODES);
    expect(vocab.PROPOSAL_REASONS).toEqual(PROPOSAL_REASONS);
    expect(vocab.CONTRACT_TYPES).toEqual(CONTRACT_TYPES);
    expect(vocab.IP_KINDS).toEqual(IP_KINDS);
  });

  it('offer on the introductions board exactly the moves the service allows each role', () => {
    const roles: ActingRole[] = ['admin', 'broker', 'enterprise', 'researcher', 'system'];
    for (const from of INTRODUCTION_STATES) {
      expect(Object.keys(vocab.INTRODUCTION_STATE_LABELS)).toContain(from);
      for (const role of roles) {
        const offered = Object.entries(vocab.INTRODUCTION_TRANSITIONS[from] ?? {})
          .filter(([, who]) => who.includes(role))
          .map(([to]) => to);
        expect(offered.sort(), `${from} as ${role}`).toEqual([...allowedTransitions(from, role)].sort());
      }
    }
  });

  it("writes an achievement's IP kinds by the same rule as the bulletin and the CSV", () => {
    const records: { ipItems?: IpItem[]; ipType?: string }[] = [
      {},
      { ipType: '实用新型专利' },
      { ipType: '实用新型专利', ipItems: [{ kind: '实用新型' }] },
      { ipType: '商标', ipItems: [{ kind: '发明专利' }, { kind: '软件著作权' }] },
      { ipItems: [{ kind: '外观设计' }, { kind: '外观设计' }] },
      { ipType: '技术秘密' },
    ];
    const console = records.map((record) => ipKindsText(record));
    expect(console).toEqual(records.map((record) => ipKindLabels(record).join('、') || undefined));
    expect(console).toEqual([undefined, '实用新型', '实用新型', '发明专利、软件著作权、商标', '外观设计', '技术秘密']);
  });

  it('lists the last eight publication quarters, newest first, across a year boundary', () => {
    expect(vocab.recentQuarters(new Date(2026, 1, 10))).toEqual([
      '2026Q1',
      '2025Q4',
      '2025Q3',
      '2025Q2',
      '2025Q1',
      '2024Q4',
      '2024Q3',
      '2024Q2',
    ]);
  });
});
