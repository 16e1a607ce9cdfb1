/** The button for the next page of a cursor-paginated list (api/paging.ts), for TanStack's useInfiniteQuery. */

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
