/**
 * A workspace a module offers in the back office, shown on the office home to staff who hold one
 * of `roles` in the agency they act in. Title and lead are message keys of the offering module.
 */
export interface OfficeLink { href: string; titleKey: string; leadKey: string; roles: readonly string[] }

/**
 * A page of the operations console (/ops), in its navigation. `platformOnly` pages are for the
 * platform's operators and auditors; the others also show an agency administrator their agency's slice.
 */
export interface OpsLink { href: string; titleKey: string; platformOnly: boolean }
