import type { Pack, PackError, PackSource } from './pack.ts';

/** A service level named for a service must name one the pack has; costs are in the country's currency. */
export function checkOperationsRules(pack: Pack, src: PackSource): PackError[] {
  const errors: PackError[] = [];
  const services = new Set(pack.services.map((s) => s.id));
  for (const id of Object.keys(pack.operations?.slo?.services ?? {})) {
    if (!services.has(id)) errors.push(src.errorAt('operations.yaml', ['slo', 'services', id], `no service "${id}" in services/`));
  }
  const costs = pack.operations?.costs;
  if (costs && costs.currency !== pack.country.currency) {
    errors.push(src.errorAt('operations.yaml', ['costs', 'currency'], `must be the country's currency, ${pack.country.currency}`));
  }
  return errors;
}
