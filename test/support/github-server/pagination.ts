/**
 * GitHub's page-number pagination: `per_page` (default 30, at most 100) and `page`, with a
 * `Link` header naming the first, previous, next and last pages. Like GitHub, the links of
 * repository routes use the repository's id (`/repositories/1234/pulls/7/files?page=2`),
 * which the server accepts too; clients must follow the links, not rebuild them.
 */

export interface Page<T> {
  items: T[];
  headers: Record<string, string>;
}

export function paginate<T>(items: readonly T[], query: Record<string, string>, linkBase: string, defaultPerPage = 30): Page<T> {
  const asked = Number(query.per_page);
  const perPage = Number.isInteger(asked) && asked > 0 ? Math.min(asked, 100) : defaultPerPage;
  const askedPage = Number(query.page);
  const page = Number.isInteger(askedPage) && askedPage > 0 ? askedPage : 1;
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const slice = items.slice((page - 1) * perPage, page * perPage);

  const link = (target: number, rel: string) => {
    const url = new URL(linkBase);
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
    url.searchParams.set("per_page", String(perPage));
    url.searchParams.set("page", String(target));
    return `<${url.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page > 1) links.push(link(Math.min(page - 1, last), "prev"));
  if (page < last) links.push(link(page + 1, "next"), link(last, "last"));
  if (page > 1) links.push(link(1, "first"));
  return { items: slice, headers: links.length ? { link: links.join(", ") } : {} };
}
