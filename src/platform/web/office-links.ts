/**
 * A workspace a module offers in the back office, shown on the office home to staff who hold one
 * of `roles` in the agency they act in. Title and lead are message keys of the offering module.
 */
export interface OfficeLink { href: string; titleKey: string; leadKey: string; roles: readonly string[] }
