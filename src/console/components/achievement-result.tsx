/** One ranked achievement of a match list: title, excerpt with the shared terms marked, evidence, actions. */
import type { ComponentChildren } from 'preact';
import { ipKindsText } from '../ip-kinds';
import { Link } from '../router';
import type { Achievement, MatchResult } from '../types';
import { Evidence } from './evidence';
import { Highlight, excerpt } from './highlight';

export function AchievementResult({
  result,
  actions,
}: {
  result: MatchResult<Achievement>;
  actions?: ComponentChildren;
}) {
  const { record } = result;
  return (
    <li class="card result" data-id={result.id}>
      <div class="result-head">
        <span class="rank" title="排名">
          {result.rank}
        </span>
        <h3>
          <Link to={`/achievements/${encodeURIComponent(result.id)}`}>
            <Highlight text={record.title} terms={result.sharedTerms} />
          </Link>
        </h3>
        <span class="score" title="综合得分（融合）">
          {result.score.toFixed(4)}
        </span>
      </div>
      <p class="facts">
        {[record.institution, record.region, record.maturity, ipKindsText(record), record.publishedQuarter]
          .filter(Boolean)
          .join(' · ')}
      </p>
      <p class="abstract">
        <Highlight text={excerpt(record.abstract, 220)} terms={result.sharedTerms} />
      </p>
      <Evidence result={result} />
      {actions ? <div class="actions">{actions}</div> : null}
    </li>
  );
}
