/** The bulletin as an Excel workbook: a summary sheet, then one sheet per industry. */
import ExcelJS from 'exceljs';
import { BULLETIN_COLUMNS, type Bulletin } from './bulletin.js';

export const SUMMARY_SHEET = '汇总';

/** Excel refuses sheet names over 31 characters or with []:*?/\ in them. */
function sheetName(name: string): string {
  return name.replace(/[[\]:*?/\\]/g, '_').slice(0, 31);
}

export async function bulletinWorkbook(bulletin: Bulletin): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'kjcg-match';
  workbook.created = new Date(bulletin.publishedAt);

  const summary = workbook.addWorksheet(SUMMARY_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  summary.columns = [
    { header: '产业领域', key: 'industry', width: 16 },
    { header: '成果数', key: 'count', width: 10 },
  ];
  for (const entry of bulletin.industries) summary.addRow(entry);
  summary.addRow({
    industry: `合计（${bulletin.quarter}，公布于 ${bulletin.publishedAt.slice(0, 10)}）`,
    count: bulletin.total,
  });
  summary.getRow(1).font = { bold: true };

  for (const { industry } of bulletin.industries) {
    const sheet = workbook.addWorksheet(sheetName(industry), { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = BULLETIN_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width }));
    sheet.getRow(1).font = { bold: true };
    for (const row of bulletin.rows.filter((r) => r.industry === industry)) sheet.addRow(row);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
