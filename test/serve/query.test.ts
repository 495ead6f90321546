import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/domain/index.js';
import { MAX_RANKED_DEPTH, demandMatchesQuery, parseInput, resolvePaging } from '../../src/serve/query.js';

function fieldOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error.details.issues[0]?.field;
    throw error;
  }
  return undefined;
}

describe('query parsing', () => {
  it('reads comma lists, full-width commas and repeated parameters alike', () => {
    const comma = parseInput(demandMatchesQuery, { industry: '汽车制造,装备制造' }, 'query');
    const fullWidth = parseInput(demandMatchesQuery, { industry: '汽车制造，装备制造' }, 'query');
    const repeated = parseInput(demandMatchesQuery, { industry: ['汽车制造', '装备制造'] }, 'query');
    expect(comma.industry).toEqual(['汽车制造', '装备制造']);
    expect(fullWidth.industry).toEqual(comma.industry);
    expect(repeated.industry).toEqual(comma.industry);
  });

  it('turns numbers and booleans into their types', () => {
    expect(parseInput(demandMatchesQuery, { k: '25', page: '3', fiscalFunded: 'false' }, 'query')).toMatchObject({
      k: 25,
      page: 3,
      fiscalFunded: false,
    });
  });

  it('names the parameter of a bad value, not its list position', () => {
    expect(fieldOf(() => parseInput(demandMatchesQuery, { maturity: '中试,量产' }, 'query'))).toBe('maturity');
  });

  it('turns page into an offset and stops ranked lists at the maximum depth', () => {
    expect(resolvePaging({ size: 20, page: 3 }, 10, { ranked: true, sizeField: 'k' })).toEqual({
      size: 20,
      offset: 40,
    });
    expect(resolvePaging({}, 10, { ranked: true, sizeField: 'k' })).toEqual({ size: 10, offset: 0 });
    expect(
      fieldOf(() => resolvePaging({ size: 10, offset: MAX_RANKED_DEPTH }, 10, { ranked: true, sizeField: 'k' })),
    ).toBe('offset');
    expect(
      resolvePaging({ size: 10, offset: MAX_RANKED_DEPTH * 5 }, 10, { ranked: false, sizeField: 'limit' }).offset,
    ).toBe(MAX_RANKED_DEPTH * 5);
  });
});
