/**
 * Text with the shared key terms marked. Records are shown as text, never as HTML
 * (they are stored as sent, markup included), so marking splits the string.
 */

function pattern(terms: string[]): RegExp | undefined {
  const usable = [...new Set(terms.filter((term) => term.trim() !== ''))].sort((a, b) => b.length - a.length);
  if (usable.length === 0) return undefined;
  return new RegExp(`(${usable.map((term) => term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`, 'g');
}

export function Highlight({ text, terms }: { text: string | undefined; terms: string[] }) {
  if (!text) return null;
  const regex = pattern(terms);
  if (!regex) return <>{text}</>;
  return <>{text.split(regex).map((part, i) => (i % 2 === 1 ? <mark key={i}>{part}</mark> : part))}</>;
}

/** The first `length` characters, cut at a character (no half surrogate pairs). */
export function excerpt(text: string | undefined, length = 160): string {
  if (!text) return '';
  const chars = Array.from(text);
  return chars.length > length ? `${chars.slice(0, length).join('')}…` : text;
}
