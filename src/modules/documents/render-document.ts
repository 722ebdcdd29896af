import { PDFDict, PDFDocument, PDFName, PDFString, rgb, type PDFPage } from 'pdf-lib';
import QRCode from 'qrcode';
import { translator, type Text } from '../../platform/i18n/i18n.ts';
import { calendarDayIn, formatInstant } from '../../platform/i18n/time.ts';
import { A4, INK, MUTED, RULE, SEAL, SHADE, drawText, embedFonts, measure, textHeight, type Fonts } from './pdf-layout.ts';
import type { Statement } from './store.ts';

/** Everything printed on the certificate. */
export interface DocumentFace {
  documentId: string;
  country: Text;
  agency: Text;
  agencyShort: Text;
  title: Text;
  holderName: string;
  holderNameLatin: string | null;
  idLabel: Text;
  holderIdMasked: string;
  statements: Statement[];
  issuedAt: Date;
  validUntil: Date | null;
  /** The first is the main language; the second, when there is one, is printed under it. */
  languages: string[];
  timeZone: string;
  verifyUrl: string;
  verifyUploadUrl: string;
}

const MARGIN = 56;
const CONTENT = A4.width - 2 * MARGIN;
const LABEL_W = 150;
const FOOTER_TOP = 190;

interface Ctx { pdf: PDFDocument; fonts: Fonts; face: DocumentFace; main: string; second: string | null; page: PDFPage; y: number }

/** Lays out an A4 certificate in the pack's languages; the caller adds the signature. */
export async function renderDocument(face: DocumentFace): Promise<PDFDocument> {
  const pdf = await PDFDocument.create();
  const [main = 'ko', second = null] = face.languages;
  const ctx: Ctx = { pdf, fonts: await embedFonts(pdf, everyText(face)), face, main, second, page: pdf.addPage([A4.width, A4.height]), y: 0 };
  describe(pdf, face, main);
  frame(ctx);
  header(ctx);
  table(ctx);
  attestation(ctx);
  await verificationBox(ctx);
  return pdf;
}

/** Every character the page may print, so the font subset holds all of them. */
function everyText(face: DocumentFace): string {
  const labels = face.languages.flatMap((l) => PDF_KEYS.map((k) => say(l, k, { url: face.verifyUploadUrl })));
  const dates = face.languages.flatMap((l) => [face.issuedAt, face.validUntil].filter((d) => d !== null).map((d) => date(d, l, face.timeZone)));
  return JSON.stringify(face) + labels.join('') + dates.join('');
}

const PDF_KEYS = ['documents.pdf.documentNo', 'documents.pdf.issuedOn', 'documents.pdf.holderName', 'documents.pdf.validUntil',
  'documents.pdf.certify', 'documents.pdf.seal', 'documents.pdf.verifyNote', 'documents.pdf.uploadNote'];

function describe(pdf: PDFDocument, face: DocumentFace, main: string): void {
  const title = face.languages.map((l) => face.title[l]).filter(Boolean).join(' / ');
  pdf.setTitle(title, { showInWindowTitleBar: true });
  pdf.setAuthor(face.agency[main] ?? '');
  pdf.setSubject(`${face.country[main] ?? ''} e-certificate ${face.documentId}`);
  pdf.setCreator('Hanaro');
  pdf.setProducer('Hanaro (pdf-lib)');
  pdf.setCreationDate(face.issuedAt);
  pdf.setModificationDate(face.issuedAt);
  pdf.setLanguage(main);
  // Read back by the upload check; inside the signed range, so it cannot be changed unnoticed.
  pdf.context.lookup(pdf.context.trailerInfo.Info, PDFDict).set(PDFName.of('HanaroDocumentId'), PDFString.of(face.documentId));
}

// Words only: the certificate's dates are formatted with the face's time zone below.
const say = (locale: string, key: string, vars?: Record<string, string | number>) => translator(locale, 'en', 'UTC').t(key, vars);
const both = (ctx: Ctx, key: string, vars?: Record<string, string | number>) => ({ main: say(ctx.main, key, vars), second: ctx.second ? say(ctx.second, key, vars) : null });
const inBoth = (ctx: Ctx, text: Text) => ({ main: text[ctx.main] ?? Object.values(text)[0] ?? '', second: ctx.second ? text[ctx.second] ?? null : null });
const date = (d: Date, locale: string, timeZone: string) => formatInstant(d, 'longDate', locale, timeZone);

function frame(ctx: Ctx): void {
  const { page } = ctx;
  page.drawRectangle({ x: 24, y: 24, width: A4.width - 48, height: A4.height - 48, borderColor: INK, borderWidth: 1.6 });
  page.drawRectangle({ x: 29, y: 29, width: A4.width - 58, height: A4.height - 58, borderColor: RULE, borderWidth: 0.5 });
}

function header(ctx: Ctx): void {
  const { page, fonts, face } = ctx;
  const small = { font: fonts.regular, size: 8, color: MUTED };
  const docNo = both(ctx, 'documents.pdf.documentNo');
  drawText(page, `${docNo.main}${docNo.second ? ` / ${docNo.second}` : ''}: ${face.documentId}`, { x: MARGIN, top: A4.height - 44, width: CONTENT }, small);
  const issued = both(ctx, 'documents.pdf.issuedOn');
  drawText(page, `${issued.main}${issued.second ? ` / ${issued.second}` : ''}: ${calendarDayIn(face.timeZone, face.issuedAt)}`, { x: MARGIN, top: A4.height - 44, width: CONTENT }, { ...small, align: 'right' });
  const country = inBoth(ctx, face.country);
  let y = drawText(page, [country.main, country.second].filter(Boolean).join('  ·  '), { x: MARGIN, top: A4.height - 84, width: CONTENT }, { font: fonts.bold, size: 10.5, color: MUTED, align: 'center' });
  const title = inBoth(ctx, face.title);
  y = drawText(page, title.main, { x: MARGIN, top: y - 8, width: CONTENT }, { font: fonts.bold, size: 28, align: 'center', leading: 36 });
  if (title.second) y = drawText(page, title.second, { x: MARGIN, top: y + 2, width: CONTENT }, { font: fonts.regular, size: 13, color: MUTED, align: 'center' });
  page.drawLine({ start: { x: MARGIN, y: y - 14 }, end: { x: A4.width - MARGIN, y: y - 14 }, thickness: 1.2, color: INK });
  ctx.y = y - 30;
}

function table(ctx: Ctx): void {
  const { face } = ctx;
  const name = face.holderNameLatin && ctx.second ? `${face.holderName} (${face.holderNameLatin})` : face.holderName;
  const rows: { label: { main: string; second: string | null }; value: string }[] = [
    { label: both(ctx, 'documents.pdf.holderName'), value: name },
    { label: inBoth(ctx, face.idLabel), value: face.holderIdMasked },
    ...face.statements.map((s) => ({ label: inBoth(ctx, s.label), value: s.value })),
  ];
  if (face.validUntil) {
    const until = [date(face.validUntil, ctx.main, face.timeZone), ctx.second ? date(face.validUntil, ctx.second, face.timeZone) : null];
    rows.push({ label: both(ctx, 'documents.pdf.validUntil'), value: until.filter(Boolean).join(' / ') });
  }
  ctx.page.drawLine({ start: { x: MARGIN, y: ctx.y }, end: { x: A4.width - MARGIN, y: ctx.y }, thickness: 0.8, color: INK });
  for (const row of rows) tableRow(ctx, row.label, row.value);
}

function tableRow(ctx: Ctx, label: { main: string; second: string | null }, value: string): void {
  const { fonts } = ctx;
  const pad = 7;
  const labelStyle = { font: fonts.bold, size: 9.5 };
  const secondStyle = { font: fonts.regular, size: 7.5, color: MUTED };
  const valueStyle = { font: fonts.regular, size: 10.5 };
  const valueW = CONTENT - LABEL_W - 2 * pad;
  const labelH = textHeight(label.main, LABEL_W - 2 * pad, labelStyle) + (label.second ? textHeight(label.second, LABEL_W - 2 * pad, secondStyle) : 0);
  const height = Math.max(labelH, textHeight(value, valueW, valueStyle)) + 2 * pad;
  if (ctx.y - height < FOOTER_TOP + 150) newPage(ctx);
  const { page } = ctx;
  page.drawRectangle({ x: MARGIN, y: ctx.y - height, width: LABEL_W, height, color: SHADE });
  const afterLabel = drawText(page, label.main, { x: MARGIN + pad, top: ctx.y - pad, width: LABEL_W - 2 * pad }, labelStyle);
  if (label.second) drawText(page, label.second, { x: MARGIN + pad, top: afterLabel, width: LABEL_W - 2 * pad }, secondStyle);
  drawText(page, value, { x: MARGIN + LABEL_W + pad, top: ctx.y - pad, width: valueW }, valueStyle);
  ctx.y -= height;
  page.drawLine({ start: { x: MARGIN, y: ctx.y }, end: { x: A4.width - MARGIN, y: ctx.y }, thickness: 0.4, color: RULE });
}

function newPage(ctx: Ctx): void {
  ctx.page = ctx.pdf.addPage([A4.width, A4.height]);
  frame(ctx);
  ctx.y = A4.height - 70;
}

function attestation(ctx: Ctx): void {
  const { fonts, face } = ctx;
  const certify = both(ctx, 'documents.pdf.certify');
  let y = drawText(ctx.page, certify.main, { x: MARGIN, top: ctx.y - 30, width: CONTENT }, { font: fonts.bold, size: 14, align: 'center' });
  if (certify.second) y = drawText(ctx.page, certify.second, { x: MARGIN, top: y, width: CONTENT }, { font: fonts.regular, size: 10, color: MUTED, align: 'center' });
  const day = [date(face.issuedAt, ctx.main, face.timeZone), ctx.second ? date(face.issuedAt, ctx.second, face.timeZone) : null];
  y = drawText(ctx.page, day.filter(Boolean).join('  /  '), { x: MARGIN, top: y - 14, width: CONTENT }, { font: fonts.regular, size: 11, align: 'center' });
  issuer(ctx, y - 26);
}

/** The agency's name with a red square seal, the way a Korean official certificate closes. */
function issuer(ctx: Ctx, top: number): void {
  const { page, fonts, face } = ctx;
  const agency = inBoth(ctx, face.agency);
  const nameSize = 17;
  const nameW = measure(agency.main, fonts.bold, nameSize);
  const secondW = agency.second ? measure(agency.second, fonts.regular, 9) : 0;
  const blockW = Math.max(nameW, secondW);
  const seal = 58;
  const x = (A4.width - blockW - seal - 16) / 2;
  page.drawText(agency.main, { x: x + (blockW - nameW) / 2, y: top - nameSize - 8, size: nameSize, font: fonts.bold, color: INK });
  if (agency.second) page.drawText(agency.second, { x: x + (blockW - secondW) / 2, y: top - nameSize - 24, size: 9, font: fonts.regular, color: MUTED });
  drawSeal(ctx, (face.agencyShort[ctx.main] ?? agency.main).slice(0, 5) + say(ctx.main, 'documents.pdf.seal'), { x: x + blockW + 16, y: top - seal + 4, size: seal });
}

function drawSeal(ctx: Ctx, text: string, at: { x: number; y: number; size: number }): void {
  const { page, fonts } = ctx;
  page.drawRectangle({ x: at.x, y: at.y, width: at.size, height: at.size, borderColor: SEAL, borderWidth: 2.2, opacity: 0 });
  page.drawRectangle({ x: at.x + 3.5, y: at.y + 3.5, width: at.size - 7, height: at.size - 7, borderColor: SEAL, borderWidth: 0.7, opacity: 0 });
  const chars = [...text];
  const half = Math.ceil(chars.length / 2);
  const lines = chars.length > 3 ? [chars.slice(0, half).join(''), chars.slice(half).join('')] : [text];
  const size = lines.length > 1 ? 14 : 12;
  lines.forEach((line, i) => {
    const w = measure(line, fonts.bold, size);
    const y = at.y + at.size / 2 + ((lines.length - 1) / 2 - i) * (size + 2) - size * 0.35;
    page.drawText(line, { x: at.x + (at.size - w) / 2, y, size, font: fonts.bold, color: SEAL });
  });
}

async function verificationBox(ctx: Ctx): Promise<void> {
  const { page, fonts, face } = ctx;
  const top = FOOTER_TOP;
  const box = { x: MARGIN, y: 44, width: CONTENT, height: top - 44 };
  page.drawRectangle({ ...box, borderColor: RULE, borderWidth: 0.6, color: SHADE });
  const qrSize = box.height - 20;
  drawQr(page, face.verifyUrl, { x: box.x + 10, y: box.y + 10, size: qrSize });
  const textBox = { x: box.x + qrSize + 24, width: box.width - qrSize - 34 };
  const note = both(ctx, 'documents.pdf.verifyNote');
  let y = drawText(page, note.main, { ...textBox, top: top - 12 }, { font: fonts.bold, size: 9 });
  if (note.second) y = drawText(page, note.second, { ...textBox, top: y - 1 }, { font: fonts.regular, size: 8, color: MUTED });
  y = drawText(page, face.verifyUrl, { ...textBox, top: y - 5 }, { font: fonts.bold, size: 8.5 });
  const upload = both(ctx, 'documents.pdf.uploadNote', { url: face.verifyUploadUrl });
  y = drawText(page, upload.main, { ...textBox, top: y - 5 }, { font: fonts.regular, size: 8 });
  if (upload.second) drawText(page, upload.second, { ...textBox, top: y - 1 }, { font: fonts.regular, size: 7.5, color: MUTED });
}

/** The QR code drawn as vector squares: sharp at any zoom and when printed. */
function drawQr(page: PDFPage, text: string, at: { x: number; y: number; size: number }): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const quiet = 2;
  const cell = at.size / (n + 2 * quiet);
  page.drawRectangle({ x: at.x, y: at.y, width: at.size, height: at.size, color: WHITE });
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      if (qr.modules.get(r, c)) page.drawRectangle({ x: at.x + (c + quiet) * cell, y: at.y + at.size - (r + quiet + 1) * cell, width: cell + 0.05, height: cell + 0.05, color: INK_BLACK });
    }
  }
}

const WHITE = rgb(1, 1, 1);
const INK_BLACK = rgb(0, 0, 0);

