/**
 * Chinese patent application numbers (专利申请号), checked and normalised.
 *
 * Two forms, both ending in a check digit after a dot:
 * - since 1 Oct 2003: YYYY T NNNNNNN . C — 12 digits (year, type, serial) + check;
 * - before: YY T NNNNN . C — 8 digits + check.
 * T is the kind: 1 发明, 2 实用新型, 3 外观设计, 8 PCT 发明, 9 PCT 实用新型.
 * C is Σ digit[i] × weight[i] mod 11 with weights 2,3,4,5,6,7,8,9,2,3,4,5
 * (10 is written X). A granted patent's number is its application number
 * prefixed "ZL"; listings also write "CN". Both prefixes, spaces and a
 * missing dot are accepted; a number without its check digit gets it
 * computed. The normal form is `CN` + digits + `.` + check: `CN201710601862.3`.
 */

const WEIGHTS = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5] as const;

/** The kind digit of an application number, and the IP kinds it may stand for. */
export const PATENT_TYPE_DIGITS: Record<string, readonly string[]> = {
  '1': ['发明专利'],
  '2': ['实用新型'],
  '3': ['外观设计'],
  '8': ['发明专利'],
  '9': ['实用新型'],
};

export function checkDigit(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) sum += Number(digits[i]) * WEIGHTS[i]!;
  const remainder = sum % 11;
  return remainder === 10 ? 'X' : String(remainder);
}

export interface PatentNumber {
  /** `CN` + 8 or 12 digits + `.` + check digit. */
  normalised: string;
  form: 'new' | 'old';
  year: number;
  /** 1, 2, 3, 8 or 9 (see PATENT_TYPE_DIGITS). */
  typeDigit: string;
  /** The check digit was not given and was computed. */
  checkComputed: boolean;
}

export type PatentNumberResult = { ok: true; value: PatentNumber } | { ok: false; message: string };

/** Parses a patent application number; the message says what is wrong in words a clerk can act on. */
export function parsePatentNumber(input: string): PatentNumberResult {
  const compact = input.replace(/[\s\u3000]/g, '').toUpperCase();
  const body = compact.replace(/^(CN|ZL)/, '');
  const match = /^(\d+)(?:\.?([0-9X]))?$/.exec(body);
  const fail = (message: string): PatentNumberResult => ({ ok: false, message });
  if (!match) return fail('must be a patent application number such as CN201710601862.3 or ZL 97 1 01765.4');
  let digits = match[1]!;
  let given = match[2];
  // Without a dot the last digit is the check digit when the length says so (13 or 9 digits).
  if (given === undefined && !body.includes('.') && (digits.length === 13 || digits.length === 9)) {
    given = digits.slice(-1);
    digits = digits.slice(0, -1);
  }
  if (digits.length !== 12 && digits.length !== 8) {
    return fail(
      `has ${digits.length} digits before the check digit; a Chinese application number has 12 (since 2003) or 8`,
    );
  }
  const form = digits.length === 12 ? 'new' : 'old';
  const typeDigit = form === 'new' ? digits[4]! : digits[2]!;
  if (!(typeDigit in PATENT_TYPE_DIGITS)) {
    return fail(`kind digit ${typeDigit} is not one of 1 (发明), 2 (实用新型), 3 (外观设计), 8, 9 (PCT)`);
  }
  const year = form === 'new' ? Number(digits.slice(0, 4)) : 1900 + Number(digits.slice(0, 2));
  if (form === 'new' && (year < 2003 || year > 2099))
    return fail(`year ${year} is not a year of the 12-digit form (2003 on)`);
  if (form === 'old' && year < 1985) return fail(`year ${year} is before Chinese patents (1985)`);
  const expected = checkDigit(digits);
  if (given !== undefined && given !== expected) {
    return fail(`check digit ${given} is wrong for ${digits} (it should be ${expected}); check the number for a typo`);
  }
  return {
    ok: true,
    value: { normalised: `CN${digits}.${expected}`, form, year, typeDigit, checkComputed: given === undefined },
  };
}
