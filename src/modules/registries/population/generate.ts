import { isValidIdNumber, luhnCheckDigit, weightedMod11CheckDigit, type Country } from '../../packs/index.ts';
import type { Text } from '../../../platform/i18n/i18n.ts';
import { address } from './addresses.ts';
import { koreanSurname, personName, type Origin } from './names.ts';
import { Random } from './random.ts';

/** The population's "today": fixed, so the same seed gives the same ages and dates every year. */
export const REFERENCE_YEAR = 2026;
const TAX_YEAR = REFERENCE_YEAR - 1;

export interface Person {
  idNumber: string; name: string; nameLatin: string; birthDate: string; sex: 'F' | 'M'; household: string; address: Text;
}
export interface GeneratedRecord { registry: string; content: Record<string, unknown> }
export interface Household { people: Person[]; records: GeneratedRecord[] }

type IdRule = Country['idNumber'];

/** Numbers that must stay unique across the whole population (plates, licences …): one counter each. */
class Counters {
  plate = 0; licence = 0; business = 0; insurance = 20_000_000_000;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const PLATE_SYLLABLES = ['가', '나', '다', '라', '마', '거', '너', '더', '러', '머', '버', '서', '어', '저', '고', '노', '도', '로', '모', '보', '소', '오', '조', '구', '누', '두', '루', '무', '부', '수', '우', '주'];

function isoDate(year: number, month: number, day: number): string {
  return `${year}-${pad(month, 2)}-${pad(day, 2)}`;
}

function birthDateAt(rng: Random, age: number): string {
  return isoDate(REFERENCE_YEAR - 1 - age, rng.int(1, 12), rng.int(1, 28));
}

const ageOf = (birthDate: string) => REFERENCE_YEAR - 1 - Number(birthDate.slice(0, 4));
const addYears = (date: string, years: number) => `${Number(date.slice(0, 4)) + years}${date.slice(4)}`;

/**
 * Writes ID numbers the way the demo pack's rule reads them: YYMMDD-G + five digits + a check digit,
 * G telling century, sex and (5–8) a foreign resident. Unique across everything it ever wrote.
 */
export class IdNumbers {
  private readonly used: Set<string>;

  constructor(private readonly rule: IdRule, reserved: Iterable<string> = []) {
    this.used = new Set(reserved);
    if (!new RegExp(rule.pattern, 'u').test('900101-1234568')) {
      throw new Error(`the population generator writes ID numbers like 900101-1234568; this pack's rule (${rule.pattern}) wants another form`);
    }
  }

  next(rng: Random, birthDate: string, sex: 'F' | 'M', foreign: boolean): string {
    const year = Number(birthDate.slice(0, 4));
    const gender = (year >= 2000 ? 3 : 1) + (sex === 'F' ? 1 : 0) + (foreign ? 4 : 0);
    const front = `${birthDate.slice(2, 4)}${birthDate.slice(5, 7)}${birthDate.slice(8, 10)}`;
    let serial = rng.int(0, 99_999);
    for (;;) {
      const body = `${front}${gender}${pad(serial, 5)}`;
      const digits = [...body].map(Number);
      const check = this.rule.checkDigit.algorithm === 'luhn' ? luhnCheckDigit(digits)
        : this.rule.checkDigit.algorithm === 'none' ? 0 : weightedMod11CheckDigit(digits, this.rule.checkDigit.weights ?? []);
      const id = `${front}-${body.slice(6)}${check ?? 0}`;
      if (!this.used.has(id) && isValidIdNumber(id, this.rule)) {
        this.used.add(id);
        return id;
      }
      serial = (serial + 1) % 100_000;
    }
  }
}

interface Member { person: Person; age: number; dependent: boolean }

/**
 * A deterministic synthetic population, household by household: people with names, ID numbers and
 * addresses, and their records in every demo registry. Stops after exactly `count` people.
 */
export function* generatePopulation(count: number, rule: IdRule, opts: { seed?: string; reserved?: Iterable<string> } = {}): Generator<Household> {
  const rng = new Random(opts.seed ?? 'hanaro-population');
  const ids = new IdNumbers(rule, opts.reserved);
  const counters = new Counters();
  let made = 0;
  for (let h = 1; made < count; h++) {
    const household = makeHousehold(rng, ids, counters, `hp-${pad(h, 7)}`, count - made);
    made += household.people.length;
    yield household;
  }
}

type Shape = 'single' | 'couple' | 'family' | 'single-parent' | 'three-generations';

function makeHousehold(rng: Random, ids: IdNumbers, counters: Counters, householdId: string, room: number): Household {
  const home = address(rng);
  const origin: Origin = rng.weighted([['korean', 96], ['vietnamese', 2.5], ['english', 1.5]] as const);
  const shape: Shape = rng.weighted([['single', 33], ['couple', 24], ['family', 30], ['single-parent', 7], ['three-generations', 6]] as const);
  const members: Member[] = [];
  const records: GeneratedRecord[] = [];
  const add = (age: number, sex: 'F' | 'M', family?: readonly [string, string], dependent = false): Member | null => {
    if (members.length >= room) return null;
    const birthDate = birthDateAt(rng, age);
    const n = personName(rng, sex, origin, family);
    const person: Person = { idNumber: ids.next(rng, birthDate, sex, origin !== 'korean'), name: n.name, nameLatin: n.nameLatin, birthDate, sex, household: householdId, address: home };
    const m = { person, age, dependent };
    members.push(m);
    return m;
  };
  const surname = () => (origin === 'korean' ? koreanSurname(rng) : undefined);
  const couple = (minAge: number, maxAge: number) => {
    const family = surname();
    const husband = add(rng.int(minAge, maxAge), 'M', family);
    const wife = husband && add(Math.max(19, husband.age + rng.int(-4, 3)), 'F', undefined, rng.chance(0.3));
    if (husband && wife) records.push(relation(husband, wife, 'spouse', addYears(husband.person.birthDate, rng.int(26, 33))));
    return { husband, wife, family };
  };
  const children = (parents: (Member | null)[], howMany: number, family?: readonly [string, string]) => {
    const youngest = Math.min(...parents.filter((p): p is Member => !!p).map((p) => p.age));
    for (let i = 0; i < howMany; i++) {
      const child = add(rng.int(0, Math.max(0, youngest - 24)), rng.chance(0.5) ? 'M' : 'F', family, true);
      if (!child) return [];
      for (const p of parents) if (p) records.push(relation(p, child, 'child', child.person.birthDate));
    }
    return members.slice(-howMany);
  };

  switch (shape) {
    case 'single': add(rng.int(20, 88), rng.chance(0.5) ? 'M' : 'F'); break;
    case 'couple': couple(26, 86); break;
    case 'family': {
      const { husband, wife, family } = couple(29, 58);
      children([husband, wife], rng.weighted([[1, 40], [2, 48], [3, 12]] as const), family);
      break;
    }
    case 'single-parent': {
      const sex = rng.chance(0.75) ? 'F' : 'M';
      const family = surname();
      const parent = add(rng.int(27, 56), sex, sex === 'M' ? family : undefined);
      if (parent) children([parent], rng.int(1, 2), sex === 'M' ? family : undefined);
      break;
    }
    case 'three-generations': {
      const elders = couple(60, 88);
      const [adult] = children([elders.husband, elders.wife], 1, elders.family);
      if (!adult) break;
      adult.dependent = false;
      const partner = add(Math.max(24, adult.age + rng.int(-3, 3)), adult.person.sex === 'M' ? 'F' : 'M');
      if (!partner) break;
      records.push(relation(adult, partner, 'spouse', addYears(adult.person.birthDate, rng.int(26, 33))));
      children(adult.person.sex === 'M' ? [adult, partner] : [partner, adult], rng.int(0, 2), adult.person.sex === 'M' ? elders.family : undefined);
      break;
    }
  }
  if (!members.length) add(rng.int(20, 88), rng.chance(0.5) ? 'M' : 'F');
  for (const m of members) records.push(...recordsOfPerson(rng, m, counters));
  return { people: members.map((m) => m.person), records };
}

function relation(person: Member, relative: Member, kind: 'spouse' | 'child', since: string): GeneratedRecord {
  return { registry: 'family-relations', content: {
    personIdNumber: person.person.idNumber, relativeIdNumber: relative.person.idNumber, relativeName: relative.person.name, relativeBirthDate: relative.person.birthDate, relation: kind, since,
  } };
}

/** What the registries hold about one person beyond family: address history, insurance, tax, and maybe a car, a licence, a business. */
function recordsOfPerson(rng: Random, m: Member, counters: Counters): GeneratedRecord[] {
  const { person, age } = m;
  const records: GeneratedRecord[] = [{ registry: 'residents', content: residentRecord(rng, person) }];
  const owner = age >= 25 && age <= 70 && rng.chance(0.07);
  const income = m.dependent || age < 19 ? 0 : owner ? rng.int(25, 180) * 1_000_000 : age >= 65 ? rng.int(8, 30) * 1_000_000 : rng.int(24, 110) * 1_000_000;
  records.push({ registry: 'health-insurance', content: healthInsurance(rng, person, counters, income > 0 ? (owner ? 'self-employed' : 'employee') : 'dependent', income) });
  if (income > 0) records.push({ registry: 'income-tax', content: incomeTax(rng, person.idNumber, income) });
  if (owner) records.push({ registry: 'businesses', content: business(rng, person, counters) });
  const drives = age >= 20 && rng.chance(age >= 75 ? 0.3 : 0.62);
  if (drives) records.push({ registry: 'driving-licences', content: licence(rng, person, counters) });
  if (drives && rng.chance(0.6)) records.push({ registry: 'vehicles', content: vehicle(rng, person, counters) });
  return records;
}

/** The resident registry's record of a person: who they are, where they live and where they lived before. */
export function residentRecord(rng: Random, person: Omit<Person, 'nameLatin' | 'sex'> & { nameLatin?: string; sex: 'F' | 'M' | 'X' }): Record<string, unknown> {
  const history: { address: Text; from: string; to: string }[] = [];
  let until = isoDate(REFERENCE_YEAR - rng.int(1, 8), rng.int(1, 12), rng.int(1, 28));
  const adultFrom = addYears(person.birthDate, 19);
  for (let moves = rng.int(0, 3); moves > 0 && until > adultFrom; moves--) {
    const from = addYears(until, -rng.int(2, 9));
    history.push({ address: address(rng), from: from < person.birthDate ? person.birthDate : from, to: until });
    until = from;
  }
  return {
    idNumber: person.idNumber, name: person.name, ...(person.nameLatin ? { nameLatin: person.nameLatin } : {}),
    birthDate: person.birthDate, sex: person.sex, household: person.household, address: person.address, addressHistory: history,
  };
}

export function healthInsurance(rng: Random, person: Pick<Person, 'idNumber' | 'birthDate'>, counters: { insurance: number }, type: string, income: number): Record<string, unknown> {
  const aid = type === 'dependent' ? false : rng.chance(0.03);
  return {
    idNumber: person.idNumber, insuranceNumber: String(counters.insurance++),
    type: aid ? 'medical-aid' : type, since: person.birthDate > '2000-01-01' ? person.birthDate : isoDate(rng.int(2000, REFERENCE_YEAR - 1), rng.int(1, 12), 1),
    monthlyPremium: aid ? 0 : Math.round((income * 0.0709) / 2 / 12 / 10) * 10,
  };
}

export function incomeTax(rng: Random, idNumber: string, income: number): Record<string, unknown> {
  const taxable = Math.max(0, income - 15_000_000);
  const taxPaid = Math.round(taxable * (taxable > 88_000_000 ? 0.35 : taxable > 50_000_000 ? 0.24 : taxable > 14_000_000 ? 0.15 : 0.06) / 1000) * 1000;
  return { idNumber, taxYear: TAX_YEAR, annualIncome: income, taxPaid, status: taxPaid === 0 ? 'exempt' : rng.chance(0.02) ? 'arrears' : 'paid' };
}

function licence(rng: Random, person: Person, counters: Counters): Record<string, unknown> {
  const n = counters.licence++;
  const issued = addYears(person.birthDate, rng.int(20, Math.max(20, ageOf(person.birthDate))));
  return {
    licenceNumber: `${11 + Math.floor(n / 1_000_000) % 18}-${issued.slice(2, 4)}-${pad(n % 1_000_000, 6)}-${pad(rng.int(10, 99), 2)}`,
    holderIdNumber: person.idNumber, classes: [rng.chance(0.55) ? 'class1-ordinary' : 'class2-ordinary'], issued,
    validUntil: isoDate(REFERENCE_YEAR + rng.int(0, 9), 12, 31), status: rng.weighted([['valid', 97], ['suspended', 2], ['revoked', 1]] as const),
  };
}

function vehicle(rng: Random, person: Person, counters: Counters): Record<string, unknown> {
  const n = counters.plate++;
  return {
    plateNumber: `${100 + n % 900}${PLATE_SYLLABLES[Math.floor(n / 900) % PLATE_SYLLABLES.length]}${pad(Math.floor(n / (900 * PLATE_SYLLABLES.length)) % 10_000, 4)}`,
    ownerIdNumber: person.idNumber, model: rng.pick(['Hangyeol Sonata', 'Nuri Avante', 'Dasom Spark', 'Hangyeol Porter', 'Nuri Ioniq', 'Dasom Carnival']),
    kind: rng.weighted([['passenger', 80], ['van', 10], ['truck', 6], ['motorcycle', 4]] as const),
    fuel: rng.weighted([['petrol', 45], ['diesel', 20], ['hybrid', 18], ['electric', 12], ['lpg', 5]] as const),
    firstRegistered: isoDate(rng.int(REFERENCE_YEAR - 15, REFERENCE_YEAR - 1), rng.int(1, 12), rng.int(1, 28)),
  };
}

function business(rng: Random, person: Person, counters: Counters): Record<string, unknown> {
  const n = counters.business++;
  const surname = person.name.slice(0, 1);
  return {
    businessNumber: `${100 + n % 900}-${pad(10 + Math.floor(n / 900) % 90, 2)}-${pad(Math.floor(n / 81_000) % 100_000, 5)}`,
    ownerIdNumber: person.idNumber, tradeName: `${surname}${rng.pick(['상회', '식당', '공방', '상사', '기획', '건설', '농원', '카페'])}`,
    sector: rng.pick(['retail', 'restaurant', 'manufacturing', 'services', 'it', 'construction', 'agriculture']),
    opened: isoDate(rng.int(1995, REFERENCE_YEAR - 1), rng.int(1, 12), rng.int(1, 28)), status: rng.weighted([['active', 88], ['suspended', 4], ['closed', 8]] as const),
  };
}

/**
 * The generated records of a resident the pack lists (the same generator as the population, seeded by
 * their ID number): their resident record, health insurance and tax status. Relations, vehicles,
 * licences and businesses of pack residents are the pack's own records.
 */
export function recordsOfPackResident(resident: Omit<Person, 'nameLatin' | 'sex'> & { nameLatin?: string; sex: 'F' | 'M' | 'X' }, index: number): GeneratedRecord[] {
  const rng = new Random(`pack-resident:${resident.idNumber}`);
  const age = ageOf(resident.birthDate);
  const income = age < 19 ? 0 : age >= 65 ? rng.int(8, 30) * 1_000_000 : rng.int(28, 90) * 1_000_000;
  // Pack residents' insurance numbers sit below the population's, so the two never meet.
  const counters = { insurance: 10_000_000_000 + index };
  return [
    { registry: 'residents', content: residentRecord(rng, resident) },
    { registry: 'health-insurance', content: healthInsurance(rng, resident, counters, income ? 'employee' : 'dependent', income) },
    ...(income ? [{ registry: 'income-tax', content: incomeTax(rng, resident.idNumber, income) }] : []),
  ];
}
