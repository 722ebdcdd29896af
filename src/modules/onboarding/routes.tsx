import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AnyDb } from '../../platform/db/database.ts';
import { forbidden, notFound } from '../../platform/http/errors.ts';
import { actorOf, requireStaff } from '../../platform/http/guards.ts';
import { findAgency, listAgencies, type AgencyRow } from '../agencies/index.ts';
import { documentSigners, issuesCredentials } from '../credentials/index.ts';
import { agencySigningKeys } from '../documents/index.ts';
import { FragmentInvalidError } from '../packs/index.ts';
import { addAgency, planAgency, type OnboardingSettings } from './add-agency.ts';
import { setAgencyQuotas } from './set-agency-quotas.ts';
import { rotateAgencyKeys, KEY_KINDS, type KeyKind, type KeySettings } from './rotate-agency-keys.ts';
import { storageUse } from './storage-quota.ts';
import { findQuotas, isOnboarded } from './store.ts';
import type { RequestQuotas } from './request-quota.ts';
import { AgencyDetailPage, AgencyListPage, NewAgencyPage, type AgencyUse, type QuotaForm } from './views/agencies.tsx';

const text = (max: number) => ({ type: 'string', maxLength: max });
const idParams = { params: { type: 'object', required: ['id'], properties: { id: text(64) } } };
const FRAGMENT_MAX = 512 * 1024;

/** The console's agency pages: platform operators add agencies, set their quotas and rotate their keys. */
export function onboardingRoutes(conn: AnyDb, settings: OnboardingSettings & KeySettings, quotas: RequestQuotas) {
  const requireOperator = (request: FastifyRequest) => {
    const staff = requireStaff(request);
    if (!staff.platformRoles.includes('platform_operator')) throw forbidden('needs platform_operator');
    return staff;
  };
  const useOf = async (agency: AgencyRow): Promise<AgencyUse> => ({
    agency, quotas: await findQuotas(conn, agency.id), requests: quotas.use(agency.id), storage: await storageUse(conn, agency.id), onboarded: await isOnboarded(conn, agency.id),
  });
  const detail = async (reply: FastifyReply, agency: AgencyRow, form?: QuotaForm, notice?: string) => {
    const use = await useOf(agency);
    const keys = await agencySigningKeys(conn, agency.id);
    const signers = await issuesCredentials(conn, agency.id) ? await documentSigners(conn, agency.id) : null;
    const shown = form ?? { requestsPerMinute: String(use.quotas?.requestsPerMinute ?? ''), storageBytes: String(use.quotas?.storageBytes ?? ''), problems: [] };
    return reply.page((shell) => <AgencyDetailPage shell={shell} use={use} keys={keys} signers={signers} form={shown} notice={notice} />, form?.problems.length ? 400 : 200);
  };

  return async function routes(app: FastifyInstance) {
    await app.register(multipart, { attachFieldsToBody: true, throwFileSizeLimit: false, limits: { fileSize: FRAGMENT_MAX, files: 1, fields: 5, fieldSize: FRAGMENT_MAX } });
    app.get('/ops/agencies', async (request, reply) => {
      requireOperator(request);
      const rows = await Promise.all((await listAgencies(conn)).map(useOf));
      return reply.page((shell) => <AgencyListPage shell={shell} rows={rows} />);
    });

    app.get('/ops/agencies/new', async (request, reply) => {
      requireOperator(request);
      return reply.page((shell) => <NewAgencyPage shell={shell} text="" errors={[]} />);
    });

    // Multipart for an uploaded file, urlencoded for a pasted text: either way one fragment text.
    app.post('/ops/agencies/new', { bodyLimit: FRAGMENT_MAX + 16 * 1024 }, async (request, reply) => {
      requireOperator(request);
      const body = await fragmentForm(request);
      const fragment = body.fragment;
      if (body.tooLarge) {
        return reply.page((shell) => <NewAgencyPage shell={shell} text="" errors={[{ path: '', message: shell.tr.t('onboarding.new.tooLarge', { kb: FRAGMENT_MAX / 1024 }) }]} />, 400);
      }
      try {
        if (body.step !== 'confirm') {
          const { plan } = await planAgency(conn, fragment, { update: false }, settings);
          return reply.page((shell) => <NewAgencyPage shell={shell} text={fragment} errors={[]} preview={plan.fragment} />);
        }
        const added = await addAgency(conn, fragment, { update: false }, settings, actorOf(request));
        await quotas.reload();
        return reply.redirect(`/ops/agencies/${added.agencyId}?notice=added`, 303);
      } catch (err) {
        if (!(err instanceof FragmentInvalidError)) throw err;
        return reply.page((shell) => <NewAgencyPage shell={shell} text={fragment} errors={err.errors} />, 400);
      }
    });

    app.get('/ops/agencies/:id', { schema: { ...idParams, querystring: { type: 'object', properties: { notice: { type: 'string', enum: ['added', 'quotas', 'rotated', 'rotated_exchange', 'rotated_credentials'] } } } } }, async (request, reply) => {
      requireOperator(request);
      const agency = await findAgency(conn, (request.params as { id: string }).id);
      if (!agency) throw notFound();
      return detail(reply, agency, undefined, (request.query as { notice?: string }).notice);
    });

    app.post('/ops/agencies/:id/quotas', { schema: { ...idParams, body: { type: 'object', properties: { requestsPerMinute: text(40), storageBytes: text(40), _csrf: text(200) } } } }, async (request, reply) => {
      requireOperator(request);
      const { id } = request.params as { id: string };
      const body = request.body as { requestsPerMinute?: string; storageBytes?: string };
      const typed = { requestsPerMinute: body.requestsPerMinute ?? '', storageBytes: body.storageBytes ?? '' };
      const result = await setAgencyQuotas(conn, id, typed, actorOf(request));
      if (!result.ok && 'notFound' in result) throw notFound();
      if (!result.ok) return detail(reply, (await findAgency(conn, id))!, { ...typed, problems: result.problems });
      await quotas.reload();
      return reply.redirect(`/ops/agencies/${id}?notice=quotas`, 303);
    });

    app.post('/ops/agencies/:id/keys/rotate', { schema: { ...idParams, body: { type: 'object', properties: { kind: { type: 'string', enum: [...KEY_KINDS] }, _csrf: text(200) } } } }, async (request, reply) => {
      requireOperator(request);
      const { id } = request.params as { id: string };
      const kind = ((request.body as { kind?: KeyKind }).kind ?? 'documents');
      const rotated = await rotateAgencyKeys(conn, id, [kind], settings, actorOf(request));
      if (!rotated) throw notFound();
      return reply.redirect(`/ops/agencies/${id}?notice=${kind === 'documents' ? 'rotated' : `rotated_${kind}`}`, 303);
    });
  };
}

interface Part { type: 'field' | 'file'; value?: unknown; filename?: string; file?: { truncated?: boolean }; toBuffer?: () => Promise<Buffer> }

/** The fragment the operator sent: an uploaded file's text when one was chosen, else the pasted text. */
async function fragmentForm(request: FastifyRequest): Promise<{ fragment: string; step: string; tooLarge: boolean }> {
  const body = (request.body ?? {}) as Record<string, unknown>;
  const field = (name: string): string => {
    const v = body[name];
    if (typeof v === 'string') return v;
    const part = v as Part | undefined;
    return part?.type === 'field' ? String(part.value ?? '') : '';
  };
  const file = body.fragmentFile as Part | undefined;
  if (file?.type === 'file' && file.filename) {
    const content = await file.toBuffer!();
    if (file.file?.truncated) return { fragment: '', step: 'preview', tooLarge: true };
    if (content.length) return { fragment: content.toString('utf8'), step: 'preview', tooLarge: false };
  }
  const fragment = field('fragment');
  return { fragment: fragment.length > FRAGMENT_MAX ? '' : fragment, step: field('step'), tooLarge: fragment.length > FRAGMENT_MAX };
}
