import type { OperationsSettings } from '../packs/index.ts';
import type { Slo } from './figures.ts';

/** Where the pack says nothing: three nines, and 95 % of requests answered within half a second. */
export const PLATFORM_SLO: Slo = { availability: 99.9, latencyP95Ms: 500 };

/** A service's objective: its own override in operations.yaml, else the pack's default, else the platform's. */
export function sloOf(settings: OperationsSettings | undefined, serviceId: string): Slo {
  const base = { ...PLATFORM_SLO, ...definedOf(settings?.slo) };
  return { ...base, ...definedOf(settings?.slo?.services?.[serviceId]) };
}

function definedOf(level: { availability?: number; latencyP95Ms?: number } | undefined): Partial<Slo> {
  return {
    ...(level?.availability !== undefined ? { availability: level.availability } : {}),
    ...(level?.latencyP95Ms !== undefined ? { latencyP95Ms: level.latencyP95Ms } : {}),
  };
}
