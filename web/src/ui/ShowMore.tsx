/** The next page of a cursor-paginated list (docs/api.md: `next_cursor`), for TanStack's useInfiniteQuery. */

/** The paging options every list query shares: start without a cursor, continue with the answer's next_cursor. */
export const cursorPaging = {
  initialPageParam: "",
  getNextPageParam: (page: { next_cursor: string | null }) => page.next_cursor ?? undefined,
};

/** The query parameter of one page: none for the first. */
export const cursorQuery = (cursor: string) => (cursor ? { cursor } : {});

export function ShowMore({
  list,
  label,
}: {
  list: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown };
  label: string;
}) {
  if (!list.hasNextPage) return null;
  return (
    <div className="actions">
      <button
        type="button"
        className="secondary"
        disabled={list.isFetchingNextPage}
        onClick={() => list.fetchNextPage()}
      >
        {label}
      </button>
    </div>
  );
}
