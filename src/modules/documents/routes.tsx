import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import type { AnyDb } from '../../platform/db/database.ts';
import { notFound } from '../../platform/http/errors.ts';
import { requireWholeMandate } from '../../platform/http/guards.ts';
import { findAgency } from '../agencies/index.ts';
import { findCountry } from '../country/index.ts';
import { findResidentDocumentPdf, listResidentDocuments } from './store.ts';
import { isPdf, verifyDocumentFile, verifyDocumentId, type Verdict } from './verify-document.ts';
import { VerifyResultPage, VerifyUploadPage, type UploadError, type VerdictContext } from './views/verify.tsx';
import { WalletPage } from './views/wallet.tsx';
import { presentVerdict } from './present-verdict.ts';

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
const idParam = { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 64 } } } as const;
const TOO_LARGE = new Set(['FST_REQ_FILE_TOO_LARGE', 'FST_FILES_LIMIT', 'FST_PARTS_LIMIT', 'FST_FIELDS_LIMIT']);
const NOT_MULTIPART = new Set(['FST_INVALID_MULTIPART_CONTENT_TYPE', 'FST_PROTO_VIOLATION', 'FST_ERR_CTP_INVALID_MEDIA_TYPE']);

export function documentRoutes(conn: AnyDb) {
  async function contextOf(verdict: Verdict): Promise<VerdictContext> {
    const country = await findCountry(conn);
    const agency = 'document' in verdict ? await findAgency(conn, verdict.document.agency_id) : undefined;
    return { agencyName: agency?.name ?? null, idLabel: country?.idNumber.label ?? null };
  }

  const uploadForm = (reply: FastifyReply, error: UploadError) => reply.page((shell) => <VerifyUploadPage shell={shell} error={error} />, 400);

  return async function routes(app: FastifyInstance) {
    await app.register(multipart, {
      attachFieldsToBody: 'keyValues',
      limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 4, parts: 5, fieldSize: 1024 },
    });

    app.get('/verify', async (_request, reply) => reply.page((shell) => <VerifyUploadPage shell={shell} />));

    app.get('/verify/:id', { schema: { params: idParam } }, async (request, reply) => {
      const verdict = await verifyDocumentId(conn, (request.params as { id: string }).id);
      reply.header('cache-control', 'no-store').header('x-robots-tag', 'noindex');
      if (wantsJson(request)) return reply.send(presentVerdict(verdict));
      const context = await contextOf(verdict);
      return reply.page((shell) => <VerifyResultPage shell={shell} verdict={verdict} context={context} uploaded={false} />, verdict.outcome === 'not_ours' ? 404 : 200);
    });

    app.post('/verify', {
      errorHandler: (error: FastifyError, _request, reply) => {
        if (TOO_LARGE.has(error.code)) return uploadForm(reply, 'tooLarge');
        if (NOT_MULTIPART.has(error.code)) return uploadForm(reply, 'missing');
        throw error;
      },
    }, async (request, reply) => {
      const file = (request.body as { file?: unknown } | undefined)?.file;
      if (!(file instanceof Buffer) || file.length === 0) return uploadForm(reply, 'missing');
      if (!isPdf(file)) return uploadForm(reply, 'notPdf');
      const verdict = await verifyDocumentFile(conn, new Uint8Array(file));
      reply.header('cache-control', 'no-store');
      if (wantsJson(request)) return reply.send(presentVerdict(verdict));
      const context = await contextOf(verdict);
      return reply.page((shell) => <VerifyResultPage shell={shell} verdict={verdict} context={context} uploaded={true} />);
    });

    app.get('/me/documents', async (request, reply) => {
      const resident = requireWholeMandate(request);
      const documents = await listResidentDocuments(conn, resident.residentId);
      return reply.page((shell) => <WalletPage shell={shell} documents={documents} />);
    });

    app.get('/me/documents/:id/pdf', { schema: { params: idParam } }, async (request, reply) => {
      const resident = requireWholeMandate(request);
      const id = (request.params as { id: string }).id;
      const pdf = await findResidentDocumentPdf(conn, resident.residentId, id);
      if (!pdf) throw notFound();
      return reply.type('application/pdf').header('content-disposition', `attachment; filename="certificate-${id}.pdf"`)
        .header('cache-control', 'private, no-store').send(Buffer.from(pdf));
    });
  };
}

function wantsJson(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
}
