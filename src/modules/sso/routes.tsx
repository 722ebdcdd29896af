import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type Provider from 'oidc-provider';
import type { Interaction } from 'oidc-provider';
import type { AnyDb } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { actorOf } from '../../platform/http/guards.ts';
import { findAgency } from '../agencies/index.ts';
import { RESIDENT_SCOPES, type ResidentScope } from './claims.ts';
import { giveConsent } from './give-consent.ts';
import { handResident, INTERACTION_PATH } from './provider-paths.ts';
import { findClientById, listGrantsOf } from './store.ts';
import { withdrawConsent } from './withdraw-consent.ts';
import { platformAsks, resourceOfClient, type PlatformResource } from './platform-resources.ts';
import { requireOwnIdentity } from '../../platform/http/guards.ts';
import { PORTAL_SIGN_IN_START, requireRecentAuthentication } from '../identity/index.ts';
import { ConnectedServicesPage } from './views/connected-services.tsx';
import { ConsentPage, ContinuePage } from './views/consent.tsx';
import { hasSignInProof, portalLogin, type PortalOptions } from './portal-routes.tsx';
import { PORTAL_CLIENT_ID } from './portal-client.ts';

/** The provider, built on the first request that needs it; `refresh` rebuilds it when the signing keys changed. */
export interface ProviderHolder { provider(): Promise<Provider>; refresh?(): Promise<void> }

const uidParam = { type: 'object', required: ['uid'], properties: { uid: { type: 'string', pattern: '^[\\w-]{10,64}$' } } } as const;

/** oidc-provider is a Koa app: it gets the raw request (body unread) and writes the response itself. */
function providerMount(holder: ProviderHolder) {
  return async function oidc(app: FastifyInstance) {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', (_request, _payload, done) => done(null));
    const handOver = async (request: FastifyRequest, reply: FastifyReply) => {
      await holder.refresh?.();
      const provider = await holder.provider();
      reply.hijack();
      const raw = request.raw as typeof request.raw & { originalUrl?: string };
      raw.originalUrl = raw.url;
      raw.url = raw.url!.slice('/oidc'.length) || '/';
      handResident(raw, request.resident);
      await provider.callback()(raw, reply.raw);
    };
    app.all('/oidc', { config: { csrf: false } }, handOver);
    app.all('/oidc/*', { config: { csrf: false } }, handOver);
  };
}

export function ssoRoutes(conn: AnyDb, holder: ProviderHolder, resources: readonly PlatformResource[] = [], portal?: PortalOptions) {
  return async function routes(app: FastifyInstance) {
    await app.register(providerMount(holder));

    const details = async (request: FastifyRequest, reply: FastifyReply): Promise<Interaction> => {
      try {
        return await (await holder.provider()).interactionDetails(request.raw, reply.raw);
      } catch {
        throw new AppError(400, 'interaction_expired', 'sso.error.interactionExpired');
      }
    };
    const finish = async (request: FastifyRequest, reply: FastifyReply, result: Parameters<Provider['interactionResult']>[2]) =>
      reply.redirect(await (await holder.provider()).interactionResult(request.raw, reply.raw, result), 303);

    app.get(`${INTERACTION_PATH}/:uid`, { schema: { params: uidParam, querystring: { type: 'object', properties: { from: { enum: ['sign-in'] } } } } }, async (request, reply) => {
      // Signed in on the pages after the request had expired: the portal still signs the resident in.
      const proof = portal ? hasSignInProof(request, portal.secureCookies) : false;
      const interaction = await details(request, reply).catch((err: unknown) => { if (proof) return null; throw err; });
      if (!interaction) return reply.redirect(`${PORTAL_SIGN_IN_START}?return=%2Fme`, 303);
      const here = `${INTERACTION_PATH}/${interaction.uid}`;
      if (portal && interaction.params.client_id === PORTAL_CLIENT_ID) return portalLogin(conn, await holder.provider(), portal, interaction, request, reply);
      // Just signed in on the pages for a service: the portal signs in through the provider first, then back here.
      if (!request.resident && proof) return reply.redirect(`${PORTAL_SIGN_IN_START}?return=${encodeURIComponent(`${here}?from=sign-in`)}`, 303);
      if (!request.resident) return reply.redirect(`/sign-in?return=${encodeURIComponent(`${here}?from=sign-in`)}`, 303);
      // Someone acting for another resident signs in to services as themselves only.
      let resident = requireOwnIdentity(request);
      if (interaction.prompt.name === 'login') {
        const freshness = freshnessAsked(interaction);
        if (freshness !== null) resident = requireRecentAuthentication(request, freshness, `${here}?from=sign-in`);
        const next = await (await holder.provider()).interactionResult(request.raw, reply.raw, { login: {
          accountId: resident.residentId, acr: resident.assurance, amr: resident.amr.length ? resident.amr : undefined, ts: Math.floor(resident.authenticatedAt.getTime() / 1000), remember: true,
        } });
        if (!(request.query as { from?: string }).from) return reply.redirect(next, 303);
        // After the sign-in form, a redirect chain may not leave for the service (CSP form-action):
        // a fresh navigation continues it.
        reply.header('refresh', `0;url=${next}`);
        return reply.page((shell) => <ContinuePage shell={shell} next={next} />);
      }
      if (interaction.session?.accountId !== resident.residentId) return reply.redirect(`/sign-in?return=${encodeURIComponent(here)}`, 303);
      const platform = resourceOfClient(resources, interaction.params.client_id as string);
      const client = platform ? undefined : await findClientById(conn, interaction.params.client_id as string);
      if (!client && !platform) throw new AppError(400, 'interaction_expired', 'sso.error.interactionExpired');
      const agency = client && await findAgency(conn, client.agency_id);
      const asked = ((interaction.prompt.details.missingOIDCScope as string[] | undefined) ?? []).filter((s): s is ResidentScope => s in RESIDENT_SCOPES);
      const view = {
        uid: interaction.uid, clientName: client?.name ?? request.tr.text(platform!.client.name), agencyName: agency ? request.tr.text(agency.name) : null,
        scopes: asked.map((scope) => ({ scope, claims: [...RESIDENT_SCOPES[scope]] })),
        resources: platform ? (await platformAsks(platform, interaction.prompt.details)).map((t) => request.tr.text(t)) : [],
      };
      allowFormRedirectTo(reply, interaction.params.redirect_uri as string);
      return reply.page((shell) => <ConsentPage shell={shell} view={view} />);
    });

    app.get('/me/connected-services', async (request, reply) => {
      const resident = requireOwnIdentity(request);
      const grants = (await listGrantsOf(conn, resident.residentId)).map((g) => {
        const platform = resourceOfClient(resources, g.clientId);
        return platform ? { ...g, clientName: request.tr.text(platform.client.name) } : g;
      });
      return reply.page((shell) => <ConnectedServicesPage shell={shell} grants={grants} />);
    });

    app.post('/me/connected-services/:clientId/withdraw', {
      schema: { params: { type: 'object', required: ['clientId'], properties: { clientId: { type: 'string', maxLength: 64 } } } },
    }, async (request, reply) => {
      const resident = requireOwnIdentity(request);
      await withdrawConsent(conn, resident.residentId, (request.params as { clientId: string }).clientId, actorOf(request));
      return reply.redirect('/me/connected-services', 303);
    });

    app.post(`${INTERACTION_PATH}/:uid/consent`, {
      schema: { params: uidParam, body: { type: 'object', required: ['decision'], properties: { decision: { enum: ['allow', 'deny'] }, _csrf: { type: 'string' } } } },
    }, async (request, reply) => {
      const interaction = await details(request, reply);
      const resident = requireOwnIdentity(request);
      if (interaction.prompt.name !== 'consent' || interaction.session?.accountId !== resident.residentId) {
        return reply.redirect(`${INTERACTION_PATH}/${interaction.uid}`, 303);
      }
      if ((request.body as { decision: string }).decision === 'deny') {
        return finish(request, reply, { error: 'access_denied', error_description: 'the resident did not agree' });
      }
      const client = await findClientById(conn, interaction.params.client_id as string);
      const grantId = await giveConsent(conn, await holder.provider(), interaction, client?.agency_id ?? null, actorOf(request));
      return finish(request, reply, { consent: { grantId } });
    });
  };
}

/** The consent form's answer redirects on to the service: its origin joins the page's form-action. */
function allowFormRedirectTo(reply: FastifyReply, redirectUri: string): void {
  const policy = reply.getHeader('content-security-policy');
  if (typeof policy !== 'string') return;
  const origin = new URL(redirectUri).origin;
  reply.header('content-security-policy', policy.replace(/form-action ([^;]*)/, `form-action $1 ${origin}`));
}

/** Minutes within which the service wants the resident to have proved who they are, if it asked. */
function freshnessAsked(interaction: Interaction): number | null {
  const reasons = interaction.prompt.reasons;
  if (reasons.includes('max_age')) return Number(interaction.params.max_age) / 60;
  // `iat` is in whole seconds: only a proof from after the second the interaction began counts,
  // or a sign-in a moment before the service asked would pass for a fresh one.
  if (reasons.includes('login_prompt')) return Math.max(0, Date.now() / 1000 - (interaction.iat + 1)) / 60;
  return null;
}
