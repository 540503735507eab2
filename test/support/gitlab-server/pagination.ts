/**
 * GitLab's offset pagination: `page` and `per_page` (default 20, at most 100), answered with
 * `X-Page`, `X-Per-Page`, `X-Next-Page` and `X-Prev-Page` (empty when there is none),
 * `X-Total`, `X-Total-Pages`, and a `Link` header (prev, next, first, last) that repeats the
 * request's query. gitbeaker follows `Link` rel="next"; other clients read `X-Next-Page`. Pure.
 */

export interface Page<T> {
  items: T[];
  headers: Record<string, string>;
}

export const DEFAULT_PER_PAGE = 20;
export const MAX_PER_PAGE = 100;

/** `requestUrl` is the URL as requested (its query is kept in the links). */
export function paginate<T>(items: readonly T[], requestUrl: URL, maxPerPage = MAX_PER_PAGE): Page<T> {
  const asked = Number(requestUrl.searchParams.get("per_page"));
  const perPage = Number.isInteger(asked) && asked > 0 ? Math.min(asked, maxPerPage) : DEFAULT_PER_PAGE;
  const askedPage = Number(requestUrl.searchParams.get("page"));
  const page = Number.isInteger(askedPage) && askedPage > 0 ? askedPage : 1;
  const totalPages = Math.max(1, Math.ceil(items.length / perPage));
  const slice = items.slice((page - 1) * perPage, page * perPage);

  const link = (target: number, rel: string) => {
    const url = new URL(requestUrl);
    url.searchParams.set("page", String(target));
    url.searchParams.set("per_page", String(perPage));
    return `<${url.toString()}>; rel="${rel}"`;
  };
  const next = page < totalPages ? page + 1 : undefined;
  const prev = page > 1 ? Math.min(page - 1, totalPages) : undefined;
  const links = [prev && link(prev, "prev"), next && link(next, "next"), link(1, "first"), link(totalPages, "last")].filter(Boolean);
  return {
    items: slice,
    headers: {
      "x-page": String(page),
      "x-per-page": String(perPage),
      "x-next-page": next ? String(next) : "",
      "x-prev-page": prev ? String(prev) : "",
      "x-total": String(items.length),
      "x-total-pages": String(totalPages),
      link: links.join(", "),
    },
  };
}
