import type { Random } from './random.ts';

type Pair = readonly [ko: string, latin: string];

// Surnames weighted roughly as common as they are in Korea.
const SURNAMES: readonly (readonly [Pair, number])[] = [
  [['김', 'Kim'], 21], [['이', 'Lee'], 15], [['박', 'Park'], 8], [['최', 'Choi'], 5], [['정', 'Jung'], 4], [['강', 'Kang'], 2],
  [['조', 'Cho'], 2], [['윤', 'Yoon'], 2], [['장', 'Jang'], 2], [['임', 'Lim'], 2], [['한', 'Han'], 1], [['오', 'Oh'], 1],
  [['서', 'Seo'], 1], [['신', 'Shin'], 1], [['권', 'Kwon'], 1], [['황', 'Hwang'], 1], [['안', 'Ahn'], 1], [['송', 'Song'], 1],
  [['류', 'Ryu'], 1], [['전', 'Jeon'], 1], [['홍', 'Hong'], 1], [['고', 'Ko'], 1], [['문', 'Moon'], 1], [['양', 'Yang'], 1],
];
const GIVEN: Record<'M' | 'F', { first: readonly Pair[]; second: readonly Pair[] }> = {
  M: {
    first: [['민', 'Min'], ['준', 'Jun'], ['서', 'Seo'], ['도', 'Do'], ['현', 'Hyun'], ['지', 'Ji'], ['성', 'Sung'], ['영', 'Young'], ['동', 'Dong'],
      ['승', 'Seung'], ['재', 'Jae'], ['우', 'Woo'], ['태', 'Tae'], ['상', 'Sang'], ['정', 'Jung'], ['진', 'Jin'], ['건', 'Geon'], ['시', 'Si']],
    second: [['준', 'jun'], ['호', 'ho'], ['우', 'woo'], ['민', 'min'], ['현', 'hyun'], ['수', 'su'], ['혁', 'hyuk'], ['진', 'jin'],
      ['훈', 'hoon'], ['석', 'seok'], ['철', 'cheol'], ['윤', 'yoon'], ['빈', 'bin'], ['규', 'gyu'], ['원', 'won']],
  },
  F: {
    first: [['서', 'Seo'], ['지', 'Ji'], ['민', 'Min'], ['수', 'Su'], ['예', 'Ye'], ['하', 'Ha'], ['윤', 'Yoon'], ['은', 'Eun'], ['채', 'Chae'],
      ['다', 'Da'], ['유', 'Yu'], ['소', 'So'], ['혜', 'Hye'], ['미', 'Mi'], ['영', 'Young'], ['주', 'Ju']],
    second: [['연', 'yeon'], ['우', 'woo'], ['아', 'a'], ['은', 'eun'], ['윤', 'yoon'], ['린', 'rin'], ['희', 'hee'], ['진', 'jin'],
      ['영', 'young'], ['지', 'ji'], ['경', 'kyung'], ['숙', 'sook'], ['자', 'ja'], ['원', 'won'], ['현', 'hyun']],
  },
};
// Foreign residents: the Korean form is how the registry writes the name in Hangul.
const ENGLISH = {
  M: [['제임스', 'James'], ['마이클', 'Michael'], ['데이비드', 'David'], ['대니얼', 'Daniel'], ['토머스', 'Thomas']] as Pair[],
  F: [['에밀리', 'Emily'], ['세라', 'Sarah'], ['올리비아', 'Olivia'], ['그레이스', 'Grace'], ['해나', 'Hannah']] as Pair[],
  family: [['스미스', 'Smith'], ['존슨', 'Johnson'], ['브라운', 'Brown'], ['카터', 'Carter'], ['워커', 'Walker'], ['윌슨', 'Wilson'], ['테일러', 'Taylor'], ['에번스', 'Evans']] as Pair[],
};
const VIETNAMESE = {
  M: [['반 안', 'Van An'], ['민 득', 'Minh Duc'], ['꾸옥 흥', 'Quoc Hung']] as Pair[],
  F: [['티 란', 'Thi Lan'], ['티 호아', 'Thi Hoa'], ['타인 흐엉', 'Thanh Huong']] as Pair[],
  family: [['응우옌', 'Nguyen'], ['쩐', 'Tran'], ['레', 'Le'], ['팜', 'Pham']] as Pair[],
};

export interface PersonName { name: string; nameLatin: string; familyLatin: string; family: string }
export type Origin = 'korean' | 'english' | 'vietnamese';

export function koreanSurname(rng: Random): Pair {
  return rng.weighted(SURNAMES);
}

export function personName(rng: Random, sex: 'F' | 'M', origin: Origin, family?: Pair): PersonName {
  if (origin === 'korean') {
    const [fko, flat] = family ?? koreanSurname(rng);
    const first = rng.pick(GIVEN[sex].first);
    let second = rng.pick(GIVEN[sex].second);
    if (second[0] === first[0]) second = GIVEN[sex].second[(GIVEN[sex].second.indexOf(second) + 1) % GIVEN[sex].second.length]!;
    return { name: `${fko}${first[0]}${second[0]}`, nameLatin: `${flat} ${first[1]}${second[1]}`, family: fko, familyLatin: flat };
  }
  if (origin === 'english') {
    const [fko, flat] = family ?? rng.pick(ENGLISH.family);
    const [gko, glat] = rng.pick(ENGLISH[sex]);
    return { name: `${gko} ${fko}`, nameLatin: `${glat} ${flat}`, family: fko, familyLatin: flat };
  }
  const [fko, flat] = family ?? rng.pick(VIETNAMESE.family);
  const [gko, glat] = rng.pick(VIETNAMESE[sex]);
  return { name: `${fko} ${gko}`, nameLatin: `${flat} ${glat}`, family: fko, familyLatin: flat };
}
