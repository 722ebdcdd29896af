import type { FastifyRequest } from 'fastify';
import type { IncomingFile } from './fill-application.ts';

interface Part { type: 'field' | 'file'; fieldname: string; value?: unknown; filename?: string; mimetype?: string; file?: { truncated?: boolean }; toBuffer?: () => Promise<Buffer> }

export interface FormSubmission {
  fields: Record<string, string | string[]>;
  files: Record<string, IncomingFile[]>;
  /** Files cut off at the size limit, by field: reported to the person, never stored. */
  tooLarge: Record<string, string>;
}

/** A posted form as plain fields and whole files, whether it came urlencoded or multipart. */
export async function readSubmission(request: FastifyRequest): Promise<FormSubmission> {
  const out: FormSubmission = { fields: {}, files: {}, tooLarge: {} };
  const body = (request.body ?? {}) as Record<string, unknown>;
  for (const [name, entry] of Object.entries(body)) {
    for (const item of Array.isArray(entry) ? entry : [entry]) {
      if (!isPart(item)) addField(out, name, typeof item === 'string' ? item : String(item ?? ''));
      else if (item.type === 'field') addField(out, name, String(item.value ?? ''));
      else if (item.filename) {
        const content = await item.toBuffer!();
        if (item.file?.truncated) out.tooLarge[name] = item.filename;
        else (out.files[name] ??= []).push({ filename: item.filename, mediaType: item.mimetype ?? 'application/octet-stream', content });
      }
    }
  }
  return out;
}

function isPart(value: unknown): value is Part {
  return typeof value === 'object' && value !== null && 'fieldname' in value && 'type' in value;
}

function addField(out: FormSubmission, name: string, value: string) {
  const existing = out.fields[name];
  out.fields[name] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
}
