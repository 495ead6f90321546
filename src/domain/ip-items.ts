/**
 * 知识产权信息: the IP items an achievement carries. Patent numbers (发明专利,
 * 实用新型, 外观设计) are checked with their check digit and stored normalised;
 * a number whose kind digit contradicts the item's kind is refused too.
 */
import { z } from 'zod';
import { isoDateSchema } from './dates.js';
import { PATENT_TYPE_DIGITS, parsePatentNumber } from './patent-number.js';

/** 知识产权类型 */
export const IP_KINDS = [
  '发明专利',
  '实用新型',
  '外观设计',
  '软件著作权',
  '植物新品种',
  '集成电路布图',
  '技术秘密',
] as const;
export type IpKind = (typeof IP_KINDS)[number];
/** 法律状态: pending (申请中), in force (有效), lapsed (失效). */
export const IP_STATUSES = ['申请中', '有效', '失效'] as const;
export type IpStatus = (typeof IP_STATUSES)[number];

/** The kinds whose number is a patent (application) number, checked by its check digit. */
export const PATENT_KINDS: readonly string[] = ['发明专利', '实用新型', '外观设计'];

export const ipItemSchema = z
  .object({
    kind: z.enum(IP_KINDS),
    /** 申请号 / 专利号 / 登记号 */
    number: z.string().trim().min(1, 'must not be empty').optional(),
    title: z.string().optional(),
    /** 权利人 */
    holder: z.string().optional(),
    applicationDate: isoDateSchema.optional(),
    grantDate: isoDateSchema.optional(),
    legalStatus: z.enum(IP_STATUSES).optional(),
  })
  .transform((item, ctx) => {
    if (item.number === undefined || !PATENT_KINDS.includes(item.kind)) return item;
    const parsed = parsePatentNumber(item.number);
    if (!parsed.ok) {
      ctx.addIssue({ code: 'custom', path: ['number'], message: parsed.message });
      return z.NEVER;
    }
    if (!PATENT_TYPE_DIGITS[parsed.value.typeDigit]!.includes(item.kind)) {
      ctx.addIssue({
        code: 'custom',
        path: ['number'],
        message: `kind digit ${parsed.value.typeDigit} is not a ${item.kind} number`,
      });
      return z.NEVER;
    }
    return { ...item, number: parsed.value.normalised };
  });

export type IpItem = z.infer<typeof ipItemSchema>;

/** The IP kind of a legacy `ipType` value (`实用新型专利` → 实用新型); undefined when it names none. */
export function ipKindOf(ipType: string | undefined): IpKind | undefined {
  if (!ipType) return undefined;
  if ((IP_KINDS as readonly string[]).includes(ipType)) return ipType as IpKind;
  return IP_KINDS.find((kind) => ipType.startsWith(kind));
}

/**
 * The IP kinds an achievement carries: its items' kinds and its legacy `ipType`'s. The
 * catalogue's ipKind facet reads them; the match filters and the views read ipKindLabels.
 */
export function ipKindsOf(record: { ipItems?: readonly IpItem[]; ipType?: string }): IpKind[] {
  const kinds = new Set<IpKind>((record.ipItems ?? []).map((item) => item.kind));
  const legacy = ipKindOf(record.ipType);
  if (legacy) kinds.add(legacy);
  return [...kinds];
}

/**
 * 知识产权类型 as every view writes it (bulletin, CSV, console) and the match filters read
 * it: the IP kinds as the schema names them, then a legacy `ipType` that names no kind, as
 * written. A record whose IP is given only as `ipItems` is found and shown like any other,
 * and a demo patent with both `实用新型专利` and an item of kind 实用新型 reads 实用新型, once.
 */
export function ipKindLabels(record: { ipItems?: readonly IpItem[]; ipType?: string }): string[] {
  const labels: string[] = ipKindsOf(record);
  if (record.ipType && !ipKindOf(record.ipType)) labels.push(record.ipType);
  return labels;
}
