import type { EForm, IdNumberRule } from './form-model.ts';

/** A form with one field of every widget, for the tests and the browser check. */
export const sampleForm: EForm = {
  schema: {
    type: 'object',
    required: ['name', 'worksType', 'area', 'startDate', 'email', 'zone', 'ownerId', 'consent', 'drawings'],
    properties: {
      name: { type: 'string', minLength: 2, maxLength: 20 },
      about: { type: 'string', maxLength: 50 },
      worksType: { type: 'string', enum: ['new-build', 'extension'] },
      existingArea: { type: 'integer', minimum: 1, maximum: 100000 },
      area: { type: 'integer', minimum: 1, maximum: 100000 },
      height: { type: 'number', exclusiveMinimum: 0 },
      startDate: { type: 'string', format: 'date' },
      email: { type: 'string', format: 'email' },
      phone: { type: 'string', pattern: '^0[0-9]{1,2}-?[0-9]{3,4}-?[0-9]{4}$' },
      zone: { type: 'string', enum: ['residential', 'green'] },
      ownerId: { type: 'string', pattern: '^[0-9]{6}-[0-9]{7}$' },
      features: { type: 'array', items: { enum: ['lift', 'ramp', 'parking'] }, maxItems: 2 },
      hasBasement: { type: 'boolean' },
      basementFloors: { type: 'integer', minimum: 1, maximum: 5 },
      consent: { type: 'boolean', const: true },
      drawings: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 3 },
    },
  },
  layout: {
    pages: [
      {
        id: 'works', title: { ko: '공사', en: 'The works' },
        sections: [
          { title: { ko: '신청인', en: 'You' }, fields: [
            { name: 'name', widget: 'text', label: { ko: '이름', en: 'Full name' }, hint: { ko: '성과 이름', en: 'Family name then given name' } },
            { name: 'about', widget: 'textarea', label: { ko: '공사 설명', en: 'Describe the works' } },
          ] },
          { title: { ko: '공사 내용', en: 'The works' }, fields: [
            { name: 'worksType', widget: 'radio', label: { ko: '건축 구분', en: 'Type of works' },
              options: { 'new-build': { ko: '신축', en: 'New building' }, extension: { ko: '증축', en: 'Extension' } } },
            { name: 'existingArea', widget: 'number', label: { ko: '기존 연면적 (㎡)', en: 'Existing floor area (m²)' }, showIf: { field: 'worksType', equals: 'extension' } },
            { name: 'area', widget: 'number', label: { ko: '연면적 (㎡)', en: 'Total floor area (m²)' } },
            { name: 'height', widget: 'number', label: { ko: '높이 (m)', en: 'Height (m)' } },
            { name: 'startDate', widget: 'date', label: { ko: '착공 예정일', en: 'Start date' } },
            { name: 'email', widget: 'email', label: { ko: '이메일', en: 'Email' } },
            { name: 'phone', widget: 'tel', label: { ko: '전화번호', en: 'Phone number' } },
            { name: 'zone', widget: 'select', label: { ko: '용도지역', en: 'Zoning' },
              options: { residential: { ko: '주거지역', en: 'Residential' }, green: { ko: '녹지지역', en: 'Green belt' } } },
            { name: 'ownerId', widget: 'id-number', label: { ko: '건축주 주민등록번호', en: "Owner's resident registration number" } },
            { name: 'features', widget: 'checkbox', label: { ko: '편의시설', en: 'Facilities' },
              options: { lift: { ko: '승강기', en: 'Lift' }, ramp: { ko: '경사로', en: 'Ramp' }, parking: { ko: '주차장', en: 'Parking' } } },
            { name: 'hasBasement', widget: 'checkbox', label: { ko: '지하층이 있습니다', en: 'The building has a basement' } },
          ] },
        ],
      },
      {
        id: 'basement', title: { ko: '지하층', en: 'Basement' },
        sections: [{ fields: [
          { name: 'basementFloors', widget: 'number', label: { ko: '지하 층수', en: 'Floors below ground' }, showIf: { field: 'hasBasement', equals: true } },
        ] }],
      },
      {
        id: 'documents', title: { ko: '서류', en: 'Documents' },
        sections: [{ fields: [
          { name: 'drawings', widget: 'file', label: { ko: '설계도서', en: 'Drawings' }, accept: ['application/pdf', 'image/png'], maxSizeMb: 20, maxFiles: 3 },
          { name: 'consent', widget: 'checkbox', label: { ko: '정보 조회에 동의합니다', en: 'I agree that my records may be checked' } },
        ] }],
      },
    ],
  },
};

export const sampleIdRule: IdNumberRule = {
  label: { ko: '주민등록번호', en: 'Resident registration number' },
  pattern: '^[0-9]{6}-[0-9]{7}$',
  example: '900101-1234568',
  checkDigit: { algorithm: 'weighted-mod11', weights: [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5] },
};
