import { createHash } from 'node:crypto';
import type { AnyDb } from '../../platform/db/database.ts';
import { childrenOf, parentsOf } from '../registries/index.ts';
import { findResidentById, findResidentByIdNumber, type ResidentRecord } from '../residents/index.ts';

/** A parent acting for their minor child: by law, no mandate needed, until the child comes of age. */
export interface LegalRepresentation {
  /** Stable for the pair, so a session can hold it like a mandate's id; never stored. */
  id: string;
  representative: { residentId: string; name: string; idNumber: string };
  minor: { residentId: string; name: string; idNumber: string };
  /** The day the child comes of age: the representation has ended by then (YYYY-MM-DD). */
  endsOn: string;
}

/** The id a session keeps while the parent acts for the child: a UUID-shaped hash of the pair. */
export function legalRepresentationId(parentId: string, childId: string): string {
  const h = createHash('sha256').update(`legal-representation\n${parentId}\n${childId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The date a person born on `birthDate` reaches `age` (29 February counts as 1 March in other years). */
export function comingOfAge(birthDate: string, age: number): string {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y + age, m - 1, d));
  return day.toISOString().slice(0, 10);
}

const representation = (parent: ResidentRecord, child: ResidentRecord, adultAge: number): LegalRepresentation => ({
  id: legalRepresentationId(parent.id, child.id),
  representative: { residentId: parent.id, name: parent.name, idNumber: parent.id_number },
  minor: { residentId: child.id, name: child.name, idNumber: child.id_number },
  endsOn: comingOfAge(child.birth_date, adultAge),
});

async function residentsOf(conn: AnyDb, idNumbers: string[]): Promise<ResidentRecord[]> {
  const found = await Promise.all(idNumbers.map((n) => findResidentByIdNumber(conn, n)));
  return found.filter((r): r is ResidentRecord => !!r);
}

async function allChildrenOf(conn: AnyDb, parentId: string, adultAge: number): Promise<LegalRepresentation[]> {
  const parent = await findResidentById(conn, parentId);
  if (!parent) return [];
  const children = await residentsOf(conn, await childrenOf(conn, parent.id_number));
  return children.map((child) => representation(parent, child, adultAge));
}

/**
 * The minor children a resident represents today, as the family relations register and the resident
 * registry say now: a change in either (a child coming of age, a relation removed) applies at once.
 * A country whose pack names no adult age has no legal representation here.
 */
export async function childrenRepresentedBy(conn: AnyDb, parentId: string, today: string, adultAge: number | undefined): Promise<LegalRepresentation[]> {
  if (adultAge === undefined) return [];
  return (await allChildrenOf(conn, parentId, adultAge)).filter((r) => today < r.endsOn);
}

/** Who represents a minor today (their parents in the register), for the child's own page. */
export async function representativesOf(conn: AnyDb, childId: string, today: string, adultAge: number | undefined): Promise<LegalRepresentation[]> {
  const child = await findResidentById(conn, childId);
  if (!child || adultAge === undefined) return [];
  const parents = await residentsOf(conn, await parentsOf(conn, child.id_number));
  return parents.map((parent) => representation(parent, child, adultAge)).filter((r) => today < r.endsOn);
}

/**
 * The representation a session names, if the register still makes this resident the child's parent;
 * `active` says whether it holds today (false once the child has come of age).
 */
export async function findLegalRepresentation(conn: AnyDb, id: string, representativeId: string, today: string, adultAge: number | undefined): Promise<(LegalRepresentation & { active: boolean }) | undefined> {
  if (adultAge === undefined) return undefined;
  const found = (await allChildrenOf(conn, representativeId, adultAge)).find((r) => r.id === id);
  return found && { ...found, active: today < found.endsOn };
}
