import type { FastifyRequest } from 'fastify';
import { AppError } from '../../platform/http/errors.ts';

export interface UploadedDocument { content: Buffer; filename: string; claimedType: string }

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * The one document of a `POST /documents`: a multipart `file` part with the bytes, or a `file`
 * text field holding them in base64 (the spec's `format: base64`). Anything else is a 400 that says why.
 */
export async function uploadedDocumentOf(request: FastifyRequest): Promise<UploadedDocument> {
  if (!request.isMultipart()) throw new AppError(400, 'multipart_required', 'govstack.error.multipartRequired', { field: 'file' });
  let found: UploadedDocument | undefined;
  for await (const part of request.parts()) {
    if (part.fieldname !== 'file') continue;
    if (found) throw new AppError(400, 'one_file_only', 'govstack.error.oneFileOnly', { field: 'file' });
    found = part.type === 'file'
      ? { content: await part.toBuffer(), filename: part.filename, claimedType: part.mimetype }
      : { content: base64Of(part.value, part.valueTruncated), filename: '', claimedType: 'application/octet-stream' };
  }
  if (!found) throw new AppError(400, 'file_missing', 'govstack.error.fileMissing', { field: 'file' });
  if (!found.content.length) throw new AppError(400, 'file_empty', 'govstack.error.fileEmpty', { field: 'file' });
  return found;
}

function base64Of(value: unknown, truncated: boolean): Buffer {
  if (truncated) throw new AppError(413, 'body_too_large', 'error.bodyTooLarge', { field: 'file' });
  const text = typeof value === 'string' ? value.replace(/\s+/g, '') : '';
  if (text.length % 4 !== 0 || !BASE64.test(text)) throw new AppError(400, 'file_not_base64', 'govstack.error.fileNotBase64', { field: 'file' });
  return Buffer.from(text, 'base64');
}
