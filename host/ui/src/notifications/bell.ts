// The bell's pages (N1), pure: which page comes next ("Carregar mais"), the loaded notifications
// each once (a page asked again after newer ones arrived may overlap the next), and the badge.
export interface BellItem {
  id: number;
}

export interface BellPage<T extends BellItem> {
  items: T[];
  total: number;
}

/** The `before` of the next page: the oldest loaded id, while fewer than `total` are loaded. */
export function nextBefore<T extends BellItem>(last: BellPage<T>, pages: BellPage<T>[], pageSize: number): number | undefined {
  const loaded = pages.reduce((n, p) => n + p.items.length, 0);
  const oldest = last.items.at(-1);
  return oldest && last.items.length >= pageSize && loaded < last.total ? oldest.id : undefined;
}

/** The loaded notifications, newest first, each once. */
export function flattenPages<T extends BellItem>(pages: BellPage<T>[] | undefined): T[] {
  const seen = new Set<number>();
  const out: T[] = [];
  for (const page of pages ?? []) {
    for (const n of page.items) {
      if (seen.has(n.id)) continue;
      seen.add(n.id);
      out.push(n);
    }
  }
  return out;
}

/** The badge: all of the user's notifications, as the newest answer counts them. */
export function badgeCount<T extends BellItem>(pages: BellPage<T>[] | undefined): number {
  return pages?.[0]?.total ?? 0;
}

/** The pages after one notification was deleted: gone from the list, one less in the count. */
export function withoutItem<T extends BellItem>(pages: BellPage<T>[], id: number): BellPage<T>[] {
  const had = pages.some((p) => p.items.some((n) => n.id === id));
  return pages.map((p) => ({ items: p.items.filter((n) => n.id !== id), total: had ? Math.max(0, p.total - 1) : p.total }));
}
