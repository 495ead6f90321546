/**
 * Industry tagging: every record ends up in one of the 14 key industries or
 * 其他, with a confidence. A weighted term lexicon (data/dict/industries.json)
 * reads the text; a CSL discipline or category, when present, adds a prior.
 */
import fs from 'node:fs';
import { INDUSTRY_LEXICON_FILE } from '../config/paths.js';
import { KEY_INDUSTRIES, OTHER_INDUSTRY, type Industry } from '../domain/index.js';
import { normalizeText } from './tokens.js';

interface Lexicon {
  industries: Record<string, { terms: Record<string, number> }>;
  disciplines: Record<string, string>;
  categories: Record<string, string>;
}

export interface IndustryGuess {
  industry: Industry;
  confidence: number;
  /** The runner-up, when the winner holds less than SECOND_INDUSTRY_BELOW of the evidence. */
  secondIndustry?: Industry;
  /** Score per industry, for explanations and tuning. */
  scores: Partial<Record<Industry, number>>;
  /** The strongest kind of evidence behind the guess (see IndustryDecider). */
  decidedBy: IndustryDecider;
}

/**
 * What gave the guess its evidence, strongest first: 'text' when the lexicon
 * found a term in the title or text (even if a prior then outweighs it),
 * else 'discipline' when the CSL discipline maps to a key industry, else
 * 'category' when the category's prior names one, else 'none' (then the
 * industry is 其他 with confidence 0). The engine re-tags from the vector only
 * what 'category' decided.
 */
export type IndustryDecider = 'text' | 'discipline' | 'category' | 'none';

export interface IndustryEvidence {
  title: string;
  text: string;
  discipline?: string;
  category?: string;
}

/** Title words say more about the topic than body words. */
const TITLE_WEIGHT = 2;
const DISCIPLINE_PRIOR = 3;
const CATEGORY_PRIOR = 0.5;
/**
 * 智慧城市 vs 新一代信息网络 is a genuine overlap: below this share of the evidence the
 * runner-up is kept too. On the 80 dev demands the label is first or second for 85% (first: 81%).
 */
export const SECOND_INDUSTRY_BELOW = 0.6;

let lexicon: Lexicon | null = null;
function loadLexicon(): Lexicon {
  lexicon ??= JSON.parse(fs.readFileSync(INDUSTRY_LEXICON_FILE, 'utf8')) as Lexicon;
  return lexicon;
}

function countOccurrences(haystack: string, needle: string): number {
  let count = 0;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length)) count += 1;
  return count;
}

function asKeyIndustry(value: string | undefined): Industry | undefined {
  return (KEY_INDUSTRIES as readonly string[]).includes(value ?? '') ? (value as Industry) : undefined;
}

/** The industry a CSL discipline maps to, if any. */
export function disciplineIndustry(discipline: string | undefined): Industry | undefined {
  return discipline ? asKeyIndustry(loadLexicon().disciplines[discipline]) : undefined;
}

export function inferIndustry(evidence: IndustryEvidence): IndustryGuess {
  const { industries, disciplines, categories } = loadLexicon();
  const title = normalizeText(evidence.title);
  const text = normalizeText(evidence.text);
  const scores: Partial<Record<Industry, number>> = {};
  const add = (industry: Industry | undefined, amount: number) => {
    if (industry && amount > 0) scores[industry] = (scores[industry] ?? 0) + amount;
  };
  let textFound = false;
  for (const industry of KEY_INDUSTRIES) {
    const terms = industries[industry]?.terms ?? {};
    let score = 0;
    for (const [term, weight] of Object.entries(terms)) {
      const needle = normalizeText(term);
      score += weight * (TITLE_WEIGHT * countOccurrences(title, needle) + countOccurrences(text, needle));
    }
    add(industry, score);
    if (score > 0) textFound = true;
  }
  const byDiscipline = evidence.discipline ? asKeyIndustry(disciplines[evidence.discipline]) : undefined;
  const byCategory = evidence.category ? asKeyIndustry(categories[evidence.category]) : undefined;
  add(byDiscipline, DISCIPLINE_PRIOR);
  add(byCategory, CATEGORY_PRIOR);
  const decidedBy: IndustryDecider = textFound
    ? 'text'
    : byDiscipline
      ? 'discipline'
      : byCategory
        ? 'category'
        : 'none';

  const ranked = Object.entries(scores).sort((a, b) => b[1] - a[1]) as [Industry, number][];
  const best = ranked[0];
  if (!best) return { industry: OTHER_INDUSTRY, confidence: 0, scores, decidedBy };
  const total = ranked.reduce((sum, [, s]) => sum + s, 0);
  // Share of the evidence, damped when the evidence is thin (a single weak hit).
  const confidence = (best[1] / total) * Math.min(1, best[1] / 4);
  const runnerUp = ranked[1];
  const second = runnerUp && best[1] / total < SECOND_INDUSTRY_BELOW ? { secondIndustry: runnerUp[0] } : {};
  return { industry: best[0], confidence: Math.round(confidence * 1000) / 1000, ...second, scores, decidedBy };
}
