/**
 * The bulletin as one printable HTML page: inline styles only, no scripts,
 * fonts or images from anywhere (it is read offline and printed).
 */
import { BULLETIN_COLUMNS, type Bulletin } from './bulletin.js';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

const STYLE = `
body { font-family: "Noto Serif CJK SC", "Songti SC", SimSun, serif; margin: 2em; color: #111; }
h1 { font-size: 1.5em; text-align: center; } h2 { font-size: 1.15em; margin-top: 1.5em; border-bottom: 1px solid #333; }
table { border-collapse: collapse; width: 100%; font-size: 0.85em; } th, td { border: 1px solid #999; padding: 3px 5px; vertical-align: top; }
th { background: #eee; } thead { display: table-header-group; } tr { page-break-inside: avoid; }
@media print { body { margin: 0; } h2 { page-break-after: avoid; } }`;

export function bulletinHtml(bulletin: Bulletin): string {
  const head = BULLETIN_COLUMNS.map((c) => `<th>${escapeHtml(c.header)}</th>`).join('');
  const sections = bulletin.industries.map(({ industry, count }) => {
    const rows = bulletin.rows
      .filter((r) => r.industry === industry)
      .map((r) => `<tr>${BULLETIN_COLUMNS.map((c) => `<td>${escapeHtml(r[c.key])}</td>`).join('')}</tr>`)
      .join('\n');
    return `<h2>${escapeHtml(industry)}（${count} 项）</h2>\n<table><thead><tr>${head}</tr></thead><tbody>\n${rows}\n</tbody></table>`;
  });
  const summary = bulletin.industries
    .map((i) => `<tr><td>${escapeHtml(i.industry)}</td><td>${i.count}</td></tr>`)
    .join('');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(bulletin.quarter)} 科技成果公告</title><style>${STYLE}</style></head>
<body>
<h1>${escapeHtml(bulletin.quarter)} 科技成果及知识产权信息公告</h1>
<p>公布日期：${escapeHtml(bulletin.publishedAt.slice(0, 10))}　共 ${bulletin.total} 项</p>
<table><thead><tr><th>产业领域</th><th>成果数</th></tr></thead><tbody>${summary}</tbody></table>
${sections.join('\n')}
</body></html>
`;
}
