import { describe, expect, it } from 'vitest';
import { INDUSTRIES } from '../../src/domain/industries.js';
import { COOPERATION_MODES, MATURITY_LEVELS } from '../../src/domain/records.js';
import * as vocab from '../../src/console/vocab.js';

describe('console vocabularies', () => {
  it('offer exactly the values the service validates', () => {
    expect(vocab.INDUSTRIES).toEqual(INDUSTRIES);
    expect(vocab.MATURITY_LEVELS).toEqual(MATURITY_LEVELS);
    expect(vocab.COOPERATION_MODES).toEqual(COOPERATION_MODES);
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
