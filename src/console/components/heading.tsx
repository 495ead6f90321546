/**
 * A screen's h1. It takes the focus when the screen changes, so keyboard and
 * screen-reader users land at the top of the new screen; it also names the tab.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

export function ScreenHeading({ title, children }: { title: string; children?: ComponentChildren }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · 科技成果对接工作台`;
    heading.current?.focus({ preventScroll: true });
  }, [title]);
  return (
    <div class="screen-head">
      <h1 ref={heading} tabIndex={-1}>
        {title}
      </h1>
      {children}
    </div>
  );
}
