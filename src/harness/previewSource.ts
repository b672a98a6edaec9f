/** Where the preview reads its snapshot when the address names none: the exporter that serves it. */
export const DEFAULT_SOURCE = '/api/v1/history';

/**
 * The snapshot address from `?source=`, resolved against the page. Only the page's own origin is read: a
 * link such as `/preview/?source=https://elsewhere/` must not show another site's numbers as ours.
 */
export function previewSource(raw: string | null, pageUrl: string): { url: string } | { error: string } {
  const page = new URL(pageUrl);
  let url: URL;
  try {
    url = new URL(raw ?? DEFAULT_SOURCE, page);
  } catch {
    return { error: `?source=${raw} is not an address` };
  }
  if (url.origin !== page.origin) {
    return {
      error: `refused ?source=${raw}: the preview reads snapshots from its own origin (${page.origin}) only`,
    };
  }
  return { url: `${url.pathname}${url.search}` };
}
