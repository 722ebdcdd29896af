import path from 'node:path';
import type { MigrationSource } from '../../platform/db/migrations.ts';

export { upsertBundle, retireBundlesExcept, findBundle, findAnyBundle, listBundles } from './store.ts';
export { bundleForm, bundleFieldName, memberOf, splitAnswers, SHARED_PAGE } from './bundle-form.ts';

/** Life-event bundles (pack data); residents file them through the applications module. */
export const bundleMigrations: MigrationSource = { owner: 'bundles', dir: path.join(import.meta.dirname, 'migrations') };
