/**
 * The region hierarchy as a lookup: code → node, "is this inside that", and
 * placing free `region` text (长春 / 长春市 / 吉林省长春市 / 农安县) at the most
 * specific node it names. Pure: built from a parsed region file.
 */
import { ValidationError } from '../domain/index.js';
import type { RegionFile } from './schema.js';

export type RegionLevel = 'province' | 'subMarket' | 'city' | 'county';

export interface RegionNode {
  code: string;
  name: string;
  level: RegionLevel;
  /** The 市州 of a county, the province of a 市州; the province has none. Sub-markets sit beside the tree. */
  parent?: string;
  /** 市州 only: its 分市场, when it belongs to one. */
  subMarket?: string;
  /** Counties only: whether it is a 县域节点. */
  countyNode?: boolean;
  gbt2260: boolean;
}

interface NameEntry {
  text: string;
  code: string;
}

export class RegionDirectory {
  private readonly nodes = new Map<string, RegionNode>();
  /** Every name and alias, longest first, for placing free text. */
  private readonly names: NameEntry[] = [];
  private readonly placed = new Map<string, string | undefined>();
  private readonly looked = new Map<string, string | undefined>();
  readonly provinceCode: string;
  private readonly provincePrefixes: string[];

  constructor(file: RegionFile) {
    const { province } = file;
    this.provinceCode = province.code;
    this.provincePrefixes = [province.name, ...province.aliases].sort((a, b) => b.length - a.length);
    this.add({ code: province.code, name: province.name, level: 'province', gbt2260: true }, []);
    const subMarketOf = new Map<string, string>();
    for (const market of file.subMarkets) {
      this.add({ code: market.code, name: market.name, level: 'subMarket', gbt2260: false }, []);
      for (const city of market.cities) {
        if (subMarketOf.has(city)) {
          throw new ValidationError(`市州 ${city} is in two sub-markets`, [{ field: 'subMarkets', message: city }]);
        }
        subMarketOf.set(city, market.code);
      }
    }
    const countyNodes = new Set(file.countyNodes);
    for (const city of file.cities) {
      this.add(
        {
          code: city.code,
          name: city.name,
          level: 'city',
          parent: province.code,
          subMarket: subMarketOf.get(city.code),
          gbt2260: city.gbt2260,
        },
        city.aliases,
      );
      for (const county of city.children) {
        this.add(
          {
            code: county.code,
            name: county.name,
            level: 'county',
            parent: city.code,
            countyNode: countyNodes.has(county.code),
            gbt2260: county.gbt2260,
          },
          county.aliases,
        );
      }
    }
    for (const [city] of subMarketOf) {
      if (this.nodes.get(city)?.level !== 'city') {
        throw new ValidationError(`sub-market names ${city}, which is not a 市州 of the file`, [
          { field: 'subMarkets', message: city },
        ]);
      }
    }
    for (const code of countyNodes) {
      if (this.nodes.get(code)?.level !== 'county') {
        throw new ValidationError(`county node ${code} is not a county of the file`, [
          { field: 'countyNodes', message: code },
        ]);
      }
    }
    this.names.sort((a, b) => b.text.length - a.text.length || (a.code < b.code ? -1 : 1));
  }

  private add(node: RegionNode, aliases: string[]): void {
    if (this.nodes.has(node.code)) {
      throw new ValidationError(`region code ${node.code} appears twice`, [{ field: 'code', message: node.code }]);
    }
    this.nodes.set(node.code, node);
    if (node.level === 'province') return;
    for (const text of new Set([node.name, ...aliases])) this.names.push({ text, code: node.code });
  }

  node(code: string): RegionNode | undefined {
    return this.nodes.get(code);
  }

  all(level?: RegionLevel): RegionNode[] {
    return [...this.nodes.values()].filter((n) => level === undefined || n.level === level);
  }

  children(code: string): RegionNode[] {
    return [...this.nodes.values()].filter((n) => n.parent === code);
  }

  /** The 市州 a node lies in (itself for a 市州); undefined for the province and sub-markets. */
  cityOf(code: string): RegionNode | undefined {
    const node = this.nodes.get(code);
    if (!node) return undefined;
    if (node.level === 'city') return node;
    if (node.level === 'county') return this.nodes.get(node.parent!);
    return undefined;
  }

  subMarketOf(code: string): RegionNode | undefined {
    const city = this.cityOf(code);
    return city?.subMarket ? this.nodes.get(city.subMarket) : undefined;
  }

  /** Whether `inner` lies inside `outer` (or is it). A sub-market contains its 市州 and their counties. */
  contains(outer: string, inner: string): boolean {
    if (outer === inner) return true;
    const container = this.nodes.get(outer);
    if (!container || !this.nodes.has(inner)) return false;
    if (container.level === 'province') return this.nodes.get(inner)!.level !== 'subMarket';
    if (container.level === 'subMarket') return this.subMarketOf(inner)?.code === outer;
    if (container.level === 'city') return this.cityOf(inner)?.code === outer;
    return false;
  }

  /**
   * A code, an exact name or alias (长春市, 长春, SM-CC, 长春分市场) → its node code.
   * Used for filter values and scopes, where the text names a region rather than describing one.
   */
  lookup(text: string): string | undefined {
    if (this.looked.has(text)) return this.looked.get(text);
    const code = this.lookupUncached(text.trim());
    this.looked.set(text, code);
    return code;
  }

  private lookupUncached(t: string): string | undefined {
    if (this.nodes.has(t)) return t;
    if (this.provincePrefixes.includes(t)) return this.provinceCode;
    const stripped = this.stripProvince(t);
    return this.names.find((n) => n.text === stripped)?.code;
  }

  private stripProvince(text: string): string {
    const prefix = this.provincePrefixes.find((p) => text.startsWith(p) && text.length > p.length);
    return prefix ? text.slice(prefix.length) : text;
  }

  /**
   * Places a record's `region` text at the most specific node it names, or
   * undefined when it names none (unplaced). Names are taken longest first and
   * may not overlap, so 长白山 is not read as 长白(县); of what remains the
   * deepest wins, so 吉林省长春市农安县 is 农安县.
   */
  place(text: string | undefined): string | undefined {
    if (text === undefined) return undefined;
    const key = text.replace(/\s+/g, '');
    if (this.placed.has(key)) return this.placed.get(key);
    const code = this.placeUncached(key);
    this.placed.set(key, code);
    return code;
  }

  private placeUncached(text: string): string | undefined {
    if (text === '') return undefined;
    if (this.nodes.has(text)) return text;
    if (this.provincePrefixes.includes(text)) return this.provinceCode;
    const rest = this.stripProvince(text);
    const taken: [number, number][] = [];
    let best: RegionNode | undefined;
    for (const name of this.names) {
      const at = rest.indexOf(name.text);
      if (at < 0) continue;
      const end = at + name.text.length;
      if (taken.some(([s, e]) => at < e && s < end)) continue;
      taken.push([at, end]);
      const node = this.nodes.get(name.code)!;
      if (!best || depth(node) > depth(best)) best = node;
    }
    return best?.code;
  }

  /** Whether a record's region text lies inside `scope` (a region code); unplaced text is in no scope. */
  inScope(scope: string, regionText: string | undefined): boolean {
    const code = this.place(regionText);
    return code !== undefined && this.contains(scope, code);
  }
}

function depth(node: RegionNode): number {
  return node.level === 'county' ? 3 : node.level === 'city' ? 2 : node.level === 'subMarket' ? 1 : 0;
}
