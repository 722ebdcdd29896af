/**
 * Members of the exchange are the agencies, named as GovStack (X-Road) identifiers:
 * `<instance>/<memberClass>/<memberCode>`, instance = the country code, memberClass GOV, memberCode =
 * the agency id; a member's systems (subsystems, GovStack "applications") add `/<code>`.
 */
export const MEMBER_CLASS = 'GOV';
/** The subsystem Hanaro itself acts as when it calls or answers for an agency. */
export const SUBSYSTEM = 'hanaro';

export interface MemberId { instance: string; memberClass: string; memberCode: string }
export interface ClientId extends MemberId { subsystem: string }

const PART = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export const memberIdOf = (instance: string, agencyId: string): string => `${instance}/${MEMBER_CLASS}/${agencyId}`;

export function parseMemberId(text: unknown): MemberId | null {
  const parts = typeof text === 'string' ? text.split('/') : [];
  if (parts.length !== 3 || !parts.every((p) => PART.test(p))) return null;
  const [instance, memberClass, memberCode] = parts as [string, string, string];
  return { instance, memberClass, memberCode };
}

/** The `Information-Mediator-Client` header: `<instance>/<class>/<member>/<subsystem>`. */
export function parseClientId(text: unknown): ClientId | null {
  const parts = typeof text === 'string' ? text.trim().split('/') : [];
  if (parts.length !== 4 || !parts.every((p) => PART.test(p))) return null;
  const [instance, memberClass, memberCode, subsystem] = parts as [string, string, string, string];
  return { instance, memberClass, memberCode, subsystem };
}

/** The agency a member id names in this instance, or null when it names none here. */
export function agencyOfMember(id: MemberId | null, instance: string): string | null {
  return id && id.instance === instance && id.memberClass === MEMBER_CLASS ? id.memberCode : null;
}
