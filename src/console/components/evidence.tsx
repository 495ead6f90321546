/**
 * Why a result was matched, made visible: the shared key terms, the dense
 * (semantic) and lexical (BM25) evidence with each list's rank, industry agreement,
 * and the service's one-line reason.
 */
import type { MatchResult } from '../types';

function Meter({ label, value, max, text }: { label: string; value: number; max: number; text: string }) {
  return (
    <div class="meter">
      <span class="meter-label">{label}</span>
      <meter min={0} max={max} value={Math.max(0, Math.min(max, value))} aria-label={`${label} ${text}`} />
      <span class="meter-value">{text}</span>
    </div>
  );
}

export function Evidence({ result }: { result: MatchResult<unknown> }) {
  const { components } = result;
  return (
    <div class="evidence">
      <p class="terms">
        <span class="evidence-label">共同关键词</span>
        {result.sharedTerms.length === 0 ? (
          <span class="muted">无</span>
        ) : (
          result.sharedTerms.map((term) => (
            <mark key={term} class="term">
              {term}
            </mark>
          ))
        )}
      </p>
      <div class="meters">
        <Meter
          label="语义相似度"
          value={components.dense ?? 0}
          max={1}
          text={
            components.dense === null
              ? '未命中'
              : `${components.dense.toFixed(2)}（第 ${components.denseRank ?? '—'} 名）`
          }
        />
        <Meter
          label="关键词得分"
          value={components.lexical ?? 0}
          max={Math.max(30, components.lexical ?? 0)}
          text={
            components.lexical === null
              ? '未命中'
              : `${components.lexical.toFixed(1)}（第 ${components.lexicalRank ?? '—'} 名）`
          }
        />
      </div>
      <p class="industry">
        <span class={result.industryMatch ? 'badge badge-yes' : 'badge badge-no'}>
          {result.industryMatch ? `产业一致：${result.industry}` : `产业不同：${result.industry}`}
        </span>
      </p>
      <p class="reason">{result.reason}</p>
    </div>
  );
}
