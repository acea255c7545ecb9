import { useEffect, useState } from 'preact/hooks';

// Where a reader is lives in the query string, so a link or a reload opens the same view and
// Back walks up a drill-down. Pages change it through `go`, which keeps the other parameters
// (lang, wall mode) unless told otherwise.

export type Params = Record<string, string | undefined>;

export function hrefWith(changes: Params, search = location.search): string {
  const params = new URLSearchParams(search);
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined || value === '') params.delete(key);
    else params.set(key, value);
  }
  const query = params.toString();
  return query ? `?${query}` : location.pathname;
}

const CHANGED = 'volunteers:url';

export function go(changes: Params): void {
  history.pushState(null, '', hrefWith(changes));
  window.dispatchEvent(new Event(CHANGED));
}

/** Follows a same-page link with `go` instead of a reload; modified clicks (new tab) are left alone. */
export function onLocalLink(event: MouseEvent): void {
  const link = (event.currentTarget as HTMLAnchorElement | null)?.getAttribute('href');
  if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  history.pushState(null, '', link);
  window.dispatchEvent(new Event(CHANGED));
}

export function useSearchParams(): URLSearchParams {
  const [search, setSearch] = useState(location.search);
  useEffect(() => {
    const update = () => setSearch(location.search);
    window.addEventListener('popstate', update);
    window.addEventListener(CHANGED, update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(CHANGED, update);
    };
  }, []);
  return new URLSearchParams(search);
}
