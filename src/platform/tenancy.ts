/**
 * The agency a request acts in. Every store function that reads or writes agency data takes
 * one and puts it in its WHERE clause, so a route cannot forget it.
 */
export interface AgencyScope { readonly agencyId: string }

export function agencyScope(agencyId: string): AgencyScope {
  return Object.freeze({ agencyId });
}
