import { describe, expect, it } from 'vitest';
import { DEFAULT_REGIONS_FILE } from '../../src/config/index.js';
import { regionMatches } from '../../src/match/filters.js';
import { RegionDirectory, loadRegionDirectory, regionFileSchema } from '../../src/regions/index.js';

const regions = loadRegionDirectory(DEFAULT_REGIONS_FILE);

describe('the Jilin region file', () => {
  it('holds 9 市州 plus 长白山 (a project code, not GB/T 2260), 6 sub-markets and 30 county nodes', () => {
    const cities = regions.all('city');
    expect(cities.filter((c) => c.gbt2260).map((c) => c.code)).toEqual([
      '220100',
      '220200',
      '220300',
      '220400',
      '220500',
      '220600',
      '220700',
      '220800',
      '222400',
    ]);
    const cbs = cities.find((c) => !c.gbt2260)!;
    expect(cbs.name).toBe('长白山保护开发区');
    expect(cbs.code).not.toMatch(/^\d{6}$/);
    expect(regions.all('subMarket')).toHaveLength(6);
    expect(regions.all('county').filter((c) => c.countyNode)).toHaveLength(30);
    // Every 市州 is in exactly one sub-market.
    for (const city of cities) expect(regions.subMarketOf(city.code), city.name).toBeDefined();
    // GB/T 2260: a county's code starts with its 市州's first four digits.
    for (const county of regions.all('county')) expect(county.code.slice(0, 4)).toBe(county.parent!.slice(0, 4));
  });
});

describe('placing region text', () => {
  it.each([
    ['长春', '220100'],
    ['长春市', '220100'],
    ['吉林省长春市', '220100'],
    ['农安县', '220122'],
    ['吉林省长春市农安县', '220122'],
    ['吉林省吉林市', '220200'],
    ['吉林市丰满区', '220211'],
    ['延边朝鲜族自治州', '222400'],
    ['珲春市', '222404'],
    ['长白山保护开发区', 'X-CBS'],
    ['长白朝鲜族自治县', '220623'],
    ['吉林省', '220000'],
  ])('places %s at %s', (text, code) => {
    expect(regions.place(text)).toBe(code);
  });

  it('leaves unknown text unplaced', () => {
    expect(regions.place('火星基地')).toBeUndefined();
    expect(regions.place('')).toBeUndefined();
    expect(regions.place(undefined)).toBeUndefined();
  });

  it('knows what contains what: a sub-market its 市州 and counties, a 市州 its counties, a county only itself', () => {
    expect(regions.contains('SM-CC', '220122')).toBe(true);
    expect(regions.contains('SM-TB', 'X-CBS')).toBe(true);
    expect(regions.contains('220100', '220122')).toBe(true);
    expect(regions.contains('220100', '220200')).toBe(false);
    expect(regions.contains('220122', '220100')).toBe(false);
    expect(regions.contains('220000', '222404')).toBe(true);
  });
});

describe('the region filter', () => {
  it('keeps text containment and adds the hierarchy: 长春市 matches 农安县, a sub-market its 市州', () => {
    expect(regionMatches('长春', '吉林省长春市')).toBe(true);
    expect(regionMatches('长春市', '农安县')).toBe(true);
    expect(regionMatches('220100', '吉林省长春市农安县')).toBe(true);
    expect(regionMatches('延边分市场', '珲春市')).toBe(true);
    expect(regionMatches('长春市', '珲春市')).toBe(false);
    expect(regionMatches('农安县', '长春市')).toBe(false);
    expect(regionMatches('长春市', undefined)).toBe(false);
  });
});

describe('a region file of its own', () => {
  it('refuses a 市州 in two sub-markets and a county node that is not a county', () => {
    const base = regionFileSchema.parse({
      province: { code: '220000', name: '吉林省' },
      cities: [{ code: '220100', name: '长春市', level: 'city', children: [] }],
      subMarkets: [{ code: 'SM-A', name: '甲分市场', cities: ['220100'] }],
      countyNodes: [],
    });
    expect(() => new RegionDirectory(base)).not.toThrow();
    expect(
      () =>
        new RegionDirectory({
          ...base,
          subMarkets: [...base.subMarkets, { code: 'SM-B', name: '乙分市场', cities: ['220100'] }],
        }),
    ).toThrow(/two sub-markets/);
    expect(() => new RegionDirectory({ ...base, countyNodes: ['220100'] })).toThrow(/not a county/);
  });
});
