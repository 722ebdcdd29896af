import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { translator } from '../../../platform/i18n/i18n.ts';
import type { Shell } from '../../../platform/web/shell.ts';
import { InboxPage, type InboxNotice } from './inbox.tsx';

const shellIn = (locale: string): Shell => ({
  tr: translator(locale, 'ko', 'Asia/Seoul'), countryName: { ko: '한결공화국', en: 'Republic of Hangyeol' }, emblem: undefined, locales: ['ko', 'en'],
  prefs: { textSize: 'normal', contrast: 'normal' }, csrfToken: 'token-1', here: '/me/inbox', staff: null, resident: { name: '김민지', unread: 0 },
});

const notices: InboxNotice[] = [
  { id: 12, subject: '<i>서류 보완</i> 요청', body: '서류를 보완해 주십시오.\n기한: 5월 1일', link: '/me/applications/7', reference: 'A-7', created_at: new Date('2026-04-20T01:30:00Z'), read_at: null },
  { id: 11, subject: '전입신고 처리 완료', body: '처리되었습니다.', link: null, reference: null, created_at: new Date('2026-04-19T00:00:00Z'), read_at: new Date('2026-04-19T02:00:00Z') },
];

describe('the inbox page', () => {
  it('shows each notice with its date, text and link, marks the unread ones and offers to mark them read', async () => {
    const html = await <InboxPage shell={shellIn('ko')} notices={notices} />;
    assert.match(html, /읽지 않은 알림 1건/);
    assert.ok(html.indexOf('notice-12') < html.indexOf('notice-11'), 'newest first, as given');
    assert.match(html, /&lt;i>서류 보완&lt;\/i> 요청|&lt;i&gt;서류 보완&lt;\/i&gt; 요청/);
    assert.doesNotMatch(html, /<i>서류/);
    assert.match(html, /<time datetime="2026-04-20T01:30:00.000Z">2026년 4월 20일[^<]*10:30<\/time>/);
    assert.match(html, /서류를 보완해 주십시오\.<\/span><br\s*\/?><span>기한: 5월 1일/);
    assert.match(html, /<a href="\/me\/applications\/7" aria-describedby="notice-12-subject">자세히 보기<\/a>/);
    assert.match(html, /참조번호: A-7/);
    assert.equal(html.match(/class="tag">읽지 않음</g)?.length, 1);
    assert.match(html, /<form method="post" action="\/me\/inbox\/12\/read">\s*<input type="hidden" name="_csrf" value="token-1"/);
    assert.doesNotMatch(html, /\/me\/inbox\/11\/read/);
  });

  it('says so when there is nothing, in English too', async () => {
    const html = await <InboxPage shell={shellIn('en')} notices={[]} />;
    assert.match(html, /You have no notices yet\./);
    assert.match(html, /<h1>Inbox<\/h1>/);
  });
});
