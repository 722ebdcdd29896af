import type { FastifyInstance } from 'fastify';
import { Page } from './layout.tsx';

export function registerAccessibilityStatement(app: FastifyInstance): void {
  app.get('/accessibility', async (request, reply) => reply.page((shell) => (
    <Page shell={shell} title={shell.tr.t('a11y.title')}>
      <h1>{shell.tr.h('a11y.title')}</h1>
      <p>{shell.tr.h('a11y.body')}</p>
    </Page>
  )));
}
