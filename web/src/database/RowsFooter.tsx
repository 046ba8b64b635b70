/**
 * Under every layout: "Load more" while the view has rows not yet loaded — pressed, or reached by
 * scrolling (it loads when it comes within a screen of the window) — and the view's row count.
 */
import { useEffect, useRef } from "react";
import { countText, type RowPages } from "./use-rows";

export function RowsFooter({ pages }: { pages: RowPages }) {
  const button = useRef<HTMLButtonElement>(null);
  const { hasMore, loading, loadMore } = pages;

  useEffect(() => {
    const el = button.current;
    if (!el || !hasMore || typeof IntersectionObserver === "undefined") return;
    const seen = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && loadMore(), { rootMargin: "0px 0px 600px 0px" });
    seen.observe(el);
    return () => seen.disconnect();
  }, [hasMore, loadMore]);

  return (
    <div className="db-foot">
      {hasMore && (
        <button type="button" ref={button} className="db-load-more" onClick={loadMore} aria-busy={loading}>
          {loading ? "Loading…" : "Load more"}
        </button>
      )}
      <p className="db-count muted" aria-live="polite">
        {countText(pages.total)}
      </p>
    </div>
  );
}
