import type { Text } from '../../../platform/i18n/i18n.ts';
import type { Random } from './random.ts';

const CITIES: readonly (readonly [string, string])[] = [['한결시', 'Hangyeol City'], ['누리시', 'Nuri City'], ['다솜시', 'Dasom City']];
const DISTRICTS = [['동구', 'Dong-gu'], ['서구', 'Seo-gu'], ['남구', 'Nam-gu'], ['북구', 'Buk-gu'], ['중구', 'Jung-gu']] as const;
const ROADS = [
  ['새터로', 'Saeteo-ro'], ['하늘길', 'Haneul-gil'], ['서부대로', 'Seobu-daero'], ['바다로', 'Bada-ro'], ['솔숲로', 'Solsup-ro'],
  ['강변로', 'Gangbyeon-ro'], ['시청로', 'Sicheong-ro'], ['노을로', 'Noeul-ro'], ['등대길', 'Deungdae-gil'], ['꽃샘길', 'Kkotsaem-gil'],
  ['언덕로', 'Eondeok-ro'], ['은행나무길', 'Eunhaengnamu-gil'], ['별빛로', 'Byeolbit-ro'], ['햇살로', 'Haetsal-ro'], ['느티로', 'Neuti-ro'],
  ['물빛길', 'Mulbit-gil'], ['푸른로', 'Pureun-ro'], ['달맞이길', 'Dalmaji-gil'],
] as const;

/** A street address; most people live in flats (동·호). */
export function address(rng: Random): Text {
  const [cko, cen] = rng.weighted([[CITIES[0]!, 6], [CITIES[1]!, 3], [CITIES[2]!, 1]]);
  const [dko, den] = rng.pick(DISTRICTS);
  const [rko, ren] = rng.pick(ROADS);
  const number = rng.int(1, 240);
  if (rng.chance(0.35)) return { ko: `${cko} ${dko} ${rko} ${number}`, en: `${number} ${ren}, ${den}, ${cen}` };
  const building = rng.int(101, 112);
  const flat = rng.int(1, 25) * 100 + rng.int(1, 6);
  return { ko: `${cko} ${dko} ${rko} ${number}, ${building}동 ${flat}호`, en: `${building}-${flat}, ${number} ${ren}, ${den}, ${cen}` };
}
