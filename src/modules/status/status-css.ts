/** The status page's own styles, served at /status.css (the page's CSP allows only same-origin stylesheets). */
export const STATUS_CSS = `
.status-list { list-style: none; padding: 0; }
.status-list li { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 0.25rem 1rem; padding-block: 0.5rem; border-block-end: 1px solid var(--hn-border); }
.status-state { display: inline-block; padding: 0.125rem 0.5rem; border-radius: 999px; border: 2px solid currentColor; font-size: 0.875rem; font-weight: 700; white-space: nowrap; }
.status-up { color: #1a7f37; }
.status-degraded { color: #8a5300; }
.status-outage { color: #b4232c; }
.status-maintenance { color: #0b50d0; }
.status-incident { border: 1px solid var(--hn-border); border-inline-start: 6px solid #8a5300; border-radius: var(--hn-radius); padding: 0 1rem 0.5rem; margin-block: 1rem; }
.status-incident-outage { border-inline-start-color: #b4232c; }
.status-incident-resolved { border-inline-start-color: #1a7f37; }
.status-incident h3 { margin-block: 0.75rem 0.25rem; overflow-wrap: anywhere; }
.status-timeline { list-style: none; padding: 0; margin: 0; }
.status-timeline li { border-block-start: 1px solid var(--hn-border); padding-block: 0.25rem; }
.status-timeline p { margin-block: 0.25rem; overflow-wrap: anywhere; }
.status-update-head { display: flex; flex-wrap: wrap; gap: 0 0.75rem; }
.status-windows { padding-inline-start: 1.25rem; }
.status-windows p { margin-block: 0.25rem; overflow-wrap: anywhere; }
.status-calm { font-weight: 700; }
`;
