import { describe, expect, it } from 'vitest';
import { parseOrThrow, achievementSchema, ValidationError } from '../../src/domain/index.js';
import { checkDigit, parsePatentNumber } from '../../src/domain/index.js';

function normalised(input: string): string {
  const result = parsePatentNumber(input);
  if (!result.ok) throw new Error(result.message);
  return result.value.normalised;
}

describe('Chinese patent application numbers', () => {
  // 201710601862.3 and 97101765.4 are published worked examples of the check digit
  // (weights 2..9,2..5 mod 11); the others are the same numbers written as clerks write them.
  it('accepts a real 12-digit number with its check digit and normalises it', () => {
    expect(checkDigit('201710601862')).toBe('3');
    expect(normalised('201710601862.3')).toBe('CN201710601862.3');
    expect(normalised('CN201710601862.3')).toBe('CN201710601862.3');
    expect(normalised('ZL 2017 1 0601862.3')).toBe('CN201710601862.3');
    expect(normalised('zl201710601862.3')).toBe('CN201710601862.3');
    // 13 digits without a dot: the last one is the check digit.
    expect(normalised('2017106018623')).toBe('CN201710601862.3');
  });

  it('accepts a real old 8-digit number (before 2003) with its check digit', () => {
    expect(checkDigit('97101765')).toBe('4');
    expect(normalised('97101765.4')).toBe('CN97101765.4');
    expect(normalised('ZL 97 1 01765.4')).toBe('CN97101765.4');
    expect(normalised('971017654')).toBe('CN97101765.4');
  });

  it('computes the check digit when a 12- or 8-digit number comes without one', () => {
    const result = parsePatentNumber('CN201710601862');
    expect(result.ok && result.value).toMatchObject({
      normalised: 'CN201710601862.3',
      checkComputed: true,
      form: 'new',
    });
    expect(normalised('97101765')).toBe('CN97101765.4');
  });

  it('writes a remainder of 10 as X', () => {
    const digits = Array.from({ length: 10_000 }, (_, i) => `20231${String(i).padStart(7, '0')}`).find(
      (d) => checkDigit(d) === 'X',
    )!;
    expect(normalised(`${digits}.x`)).toBe(`CN${digits}.X`);
    expect(parsePatentNumber(`${digits}.0`).ok).toBe(false);
  });

  it('rejects a wrong check digit and says which one is right', () => {
    const result = parsePatentNumber('CN201710601862.4');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toContain('should be 3');
    expect(parsePatentNumber('ZL 97 1 01765.5').ok).toBe(false);
    expect(parsePatentNumber('2017106018627').ok).toBe(false);
  });

  it('rejects wrong lengths, kind digits and years', () => {
    expect(parsePatentNumber('CN20171060186.3').ok).toBe(false); // 11 digits
    expect(parsePatentNumber('201740601862').ok).toBe(false); // kind digit 4
    expect(parsePatentNumber('200110601862').ok).toBe(false); // 12-digit form before 2003
    expect(parsePatentNumber('US201710601862.3').ok).toBe(false);
    expect(parsePatentNumber('').ok).toBe(false);
  });
});

describe('IP items on an achievement', () => {
  const achievement = (number: string, kind = '发明专利') => ({
    id: 'ip-1',
    title: '一种动力电池均温装置',
    ipItems: [{ kind, number, holder: '吉林大学', legalStatus: '有效' }],
  });

  it('stores patent numbers normalised', () => {
    const parsed = parseOrThrow(achievementSchema, achievement('ZL 2017 1 0601862.3'), 'achievement');
    expect(parsed.ipItems?.[0]?.number).toBe('CN201710601862.3');
  });

  it('names the field of a wrong check digit', () => {
    try {
      parseOrThrow(achievementSchema, achievement('CN201710601862.9'), 'achievement');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).details.issues[0]?.field).toBe('ipItems.0.number');
    }
  });

  it('refuses a utility-model number on an invention patent, and leaves software copyright numbers alone', () => {
    expect(() => parseOrThrow(achievementSchema, achievement('201720601862', '发明专利'), 'achievement')).toThrow(
      /not a 发明专利 number/,
    );
    const software = parseOrThrow(achievementSchema, achievement('2023SR0123456', '软件著作权'), 'achievement');
    expect(software.ipItems?.[0]?.number).toBe('2023SR0123456');
  });
});
