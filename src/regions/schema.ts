/**
 * The region file (data/regions/jilin.json): the province, its 市州 (prefecture-level
 * cities and 延边州, plus 长白山 under its own administration) with their counties,
 * the 分市场 (regional sub-markets) as groups of 市州, and the 县域节点 (county nodes).
 * One zod schema; a deployment may point REGIONS_FILE at its own file of the same shape.
 */
import { z } from 'zod';

const code = z.string().regex(/^[0-9A-Z][0-9A-Z-]{1,23}$/, 'must be a region code such as 220100 or SM-CC');

const countySchema = z.object({
  code,
  name: z.string().min(2),
  level: z.literal('county'),
  aliases: z.array(z.string().min(2)).default([]),
  /** false for project codes that are not GB/T 2260 administrative division codes. */
  gbt2260: z.boolean().default(true),
});

const citySchema = z.object({
  code,
  name: z.string().min(2),
  level: z.literal('city'),
  aliases: z.array(z.string().min(2)).default([]),
  gbt2260: z.boolean().default(true),
  children: z.array(countySchema).default([]),
});

export const regionFileSchema = z.object({
  province: z.object({ code, name: z.string().min(2), aliases: z.array(z.string().min(2)).default([]) }),
  cities: z.array(citySchema).min(1),
  /** 分市场: each groups one or more 市州; a 市州 belongs to at most one. */
  subMarkets: z.array(z.object({ code, name: z.string().min(2), cities: z.array(code).min(1) })),
  /** 县域节点: county codes. */
  countyNodes: z.array(code),
});

export type RegionFile = z.infer<typeof regionFileSchema>;
