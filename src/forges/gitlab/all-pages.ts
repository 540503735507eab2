/**
 * Every page of a GitLab list, followed by `X-Next-Page`: GitLab always sends it, and
 * leaves out the `Link` header (which gitbeaker's own pagination follows) for lists over
 * 10,000 items. `fetchPage` asks for one page (gitbeaker with `page`, `perPage` and
 * `showExpanded`, which gives `paginationInfo.next` from that header).
 */
export interface GitLabPage<T> {
  data: T[];
  paginationInfo: { next: number | null };
}

/** A bound no real list reaches, so that a server repeating its pages cannot loop forever. */
const MAX_PAGES = 10_000;

export async function allPages<T>(fetchPage: (page: number) => Promise<GitLabPage<T>>): Promise<T[]> {
  const items: T[] = [];
  let page: number | null = 1;
  for (let fetched = 0; page !== null; fetched++) {
    if (fetched >= MAX_PAGES) throw new Error(`GitLab still had more pages after ${MAX_PAGES}; its X-Next-Page header looks wrong`);
    const answer: GitLabPage<T> = await fetchPage(page);
    items.push(...answer.data);
    const next = answer.paginationInfo.next;
    page = next !== null && next > page ? next : null;
  }
  return items;
}
