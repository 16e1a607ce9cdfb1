/** The audit pages' filters as the server takes them (`?actor=`, `?action=`); "" is "any". */
export interface AuditFilters {
  actor: string;
  action: string;
}

export const NO_FILTERS: AuditFilters = { actor: "", action: "" };

/** The query parameters of the filters: only those set. */
export const filterQuery = (filters: AuditFilters) => ({
  ...(filters.actor ? { actor: filters.actor } : {}),
  ...(filters.action ? { action: filters.action } : {}),
});
