/** Cursor pagination (docs/api.md: `next_cursor`) as TanStack's infinite queries take it. */

/** The paging options every list query shares: start without a cursor, continue with the answer's next_cursor. */
export const cursorPaging = {
  initialPageParam: "",
  getNextPageParam: (page: { next_cursor: string | null }) => page.next_cursor ?? undefined,
};

/** The query parameter of one page: none for the first. */
export const cursorQuery = (cursor: string) => (cursor ? { cursor } : {});
