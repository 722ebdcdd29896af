import type { FastifyInstance } from 'fastify';
import type { AnyDb } from '../../platform/db/database.ts';
import { notFound } from '../../platform/http/errors.ts';
import { actorOf, requireWholeMandate } from '../../platform/http/guards.ts';
import { listResidentNotices } from './store.ts';
import { markNoticeRead } from './mark-notice-read.ts';
import { InboxPage } from './views/inbox.tsx';

const INBOX_PAGE_SIZE = 100;

export function notificationRoutes(conn: AnyDb) {
  return async function routes(app: FastifyInstance) {
    app.get('/me/inbox', async (request, reply) => {
      const resident = requireWholeMandate(request);
      const notices = await listResidentNotices(conn, resident.residentId, INBOX_PAGE_SIZE);
      return reply.page((shell) => <InboxPage shell={shell} notices={notices} />);
    });

    app.post('/me/inbox/:id/read', async (request, reply) => {
      const resident = requireWholeMandate(request);
      const id = (request.params as { id: string }).id;
      if (!/^[1-9]\d{0,14}$/.test(id)) throw notFound(`notice id ${id}`);
      await markNoticeRead(conn, resident.residentId, Number(id), actorOf(request));
      return reply.redirect(`/me/inbox#notice-${id}`, 303);
    });
  };
}
