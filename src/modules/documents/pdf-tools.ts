import type { renderDocument } from './render-document.ts';
import type { readPdfSignature, signPdf } from './pdf-signature.ts';
import type { checkDetached } from './cms-signature.ts';

export interface PdfTools {
  renderDocument: typeof renderDocument;
  signPdf: typeof signPdf;
  readPdfSignature: typeof readPdfSignature;
  checkDetached: typeof checkDetached;
}

let loading: Promise<PdfTools> | undefined;

/**
 * The PDF renderer and signer (pdf-lib, fontkit, HarfBuzz, PKI.js: some 5 MB of code, a third of
 * what the server loads) are imported on the first document issued or checked, not at start.
 */
export function pdfTools(): Promise<PdfTools> {
  return loading ??= Promise.all([import('./render-document.ts'), import('./pdf-signature.ts'), import('./cms-signature.ts')])
    .then(([render, signature, cms]) => ({
      renderDocument: render.renderDocument, signPdf: signature.signPdf, readPdfSignature: signature.readPdfSignature, checkDetached: cms.checkDetached,
    }));
}
