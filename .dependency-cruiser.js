// The layer rules of docs/architecture.md, checked by `npm run lint` (depcruise src).
// Type-only imports count: a cycle of types is still a cycle a reader has to untangle.
const TESTS = '\\.test\\.tsx?$';

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle: move the shared piece down into the module (or file) both sides may import.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'kernel-imports-no-module',
      severity: 'error',
      comment: 'src/platform is the kernel: it depends on no module (its tests may use one). Pass what it needs in from app.ts.',
      from: { path: '^src/platform/', pathNot: TESTS },
      to: { path: '^src/modules/' },
    },
    {
      name: 'module-through-its-index',
      severity: 'error',
      comment: "A module is entered through its index.ts: import what it exports there, not its internals.",
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: '^src/modules/[^/]+/', pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/index\\.tsx?$'] },
    },
    {
      name: 'modules-not-above-app',
      severity: 'error',
      comment: 'Modules and the kernel sit below app.ts and the pack seeding: they never import them (a test may start the whole app).',
      from: { path: '^src/(modules|platform)/', pathNot: TESTS },
      to: { path: '^src/[^/]+\\.tsx?$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^dist/', '^node_modules/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'] },
    reporterOptions: {
      archi: { collapsePattern: '^src/modules/[^/]+|^src/platform|^src/[^/]+\\.tsx?$' },
    },
  },
};
