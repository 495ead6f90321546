/** Loading, empty and error states, spoken to screen readers as they change. */
import type { ComponentChildren } from 'preact';

export function ErrorNote({ message }: { message: string }) {
  return (
    <p class="note note-error" role="alert">
      {message}
    </p>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="note note-empty">{children}</p>;
}

/** Stand-ins of the results' size while the first page loads, so nothing moves when it arrives. */
export function Placeholders({ count, label = '正在加载…' }: { count: number; label?: string }) {
  return (
    <div class="placeholders" aria-busy="true">
      <p class="visually-hidden" role="status">
        {label}
      </p>
      {Array.from({ length: count }, (_, i) => (
        <div key={i} class="card placeholder" aria-hidden="true" />
      ))}
    </div>
  );
}

/** "Loading…" beside results that are kept on screen while the next ones load. */
export function Busy({ loading }: { loading: boolean }) {
  return (
    <span class="busy" role="status" aria-live="polite">
      {loading ? '正在更新…' : ''}
    </span>
  );
}
