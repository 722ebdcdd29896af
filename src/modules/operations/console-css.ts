/** The console's own styles, served at /ops/console.css (the page's CSP allows only same-origin stylesheets). */
export const CONSOLE_CSS = `
.ops-nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; padding: 0; margin: 0 0 1rem; }
.ops-nav a[aria-current="page"] { font-weight: 700; text-decoration-thickness: 3px; }
.ops-health { display: inline-block; padding: 0.125rem 0.5rem; border-radius: 999px; border: 2px solid currentColor; font-size: 0.875rem; font-weight: 700; white-space: nowrap; }
.ops-health-up { color: #1a7f37; }
.ops-health-degraded { color: #8a5300; }
.ops-health-down { color: #b4232c; }
.ops-health-idle { color: #464c53; }
.ops-over { color: #b4232c; font-weight: 700; }
.ops-ok { color: #1a7f37; font-weight: 700; }
.ops-alert { color: #b4232c; font-weight: 700; border-inline-start: 4px solid #b4232c; padding-inline-start: 0.75rem; }
.ops-chart { margin: 1rem 0 1.5rem; max-width: 48rem; }
.ops-chart-title { font-weight: 700; margin-block-end: 0.25rem; }
.ops-chart-svg { width: 100%; height: auto; display: block; }
.ops-legend { list-style: none; display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; padding: 0; margin: 0.25rem 0; font-size: 0.9375rem; }
.ops-legend li { display: inline-flex; align-items: center; gap: 0.375rem; }
.ops-figures { font-size: 1.125rem; }
.ops-figure { font-size: 1.25rem; font-weight: 700; }
.ops-agency { margin-block: 1.5rem; }
.ops-sparkline { display: block; }
body:has(.ops-print-view) .site-header, body:has(.ops-print-view) .site-footer, body:has(.ops-print-view) .ops-nav { display: none; }
@media print {
  .site-header, .site-footer, .ops-nav, .skip-link, .ops-no-print, .settings { display: none !important; }
  .table-wrap { overflow: visible !important; }
  body { font-size: 11pt; color: #000; }
  a { color: #000; text-decoration: none; }
  .ops-chart { break-inside: avoid; }
}
`;
