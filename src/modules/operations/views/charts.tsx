import { DataTable } from '../../../platform/web/data-table.tsx';

/** Lines a reader tells apart without colour too: each series has its own dash. */
const SERIES_STYLES = [
  { stroke: '#0b50d0', dash: '' },
  { stroke: '#b4232c', dash: '6 3' },
  { stroke: '#8a5300', dash: '2 3' },
  { stroke: '#1f7a3a', dash: '10 4 2 4' },
] as const;

export interface Series { name: string; values: (number | null)[] }

// Drawn small so that on a phone the labels stay readable once the chart is scaled to the screen.
const W = 480;
const H = 240;
const PAD = { left: 70, right: 14, top: 14, bottom: 34 };
const FONT = 15;

/** A round maximum for the y axis, so gridlines fall on readable numbers. */
export function niceMax(max: number): number {
  if (max <= 0) return 1;
  const step = 10 ** Math.floor(Math.log10(max));
  return [1, 2, 2.5, 5, 10].map((m) => m * step).find((m) => m >= max)!;
}

const pathOf = (values: (number | null)[], x: (i: number) => number, y: (v: number) => number): string => {
  let d = '';
  let pen = false;
  values.forEach((v, i) => {
    if (v === null) { pen = false; return; }
    d += `${pen ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)} `;
    pen = true;
  });
  return d.trim();
};

/**
 * A line chart drawn on the server: the SVG is an image with a title and a summary for screen
 * readers, the legend is visible text below it, and the figures themselves are a table to open.
 */
export function LineChart({ id, title, summary, series, labels, format, tableLabel, tableCaption }: {
  id: string; title: string; summary: string; series: Series[]; labels: string[];
  format: (v: number) => string; tableLabel: string; tableCaption: string;
}): JSX.Element {
  const max = niceMax(Math.max(0, ...series.flatMap((s) => s.values.filter((v): v is number => v !== null))));
  const n = Math.max(1, labels.length - 1);
  const x = (i: number) => PAD.left + (i / n) * (W - PAD.left - PAD.right);
  const y = (v: number) => H - PAD.bottom - (v / max) * (H - PAD.top - PAD.bottom);
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * max);
  const every = Math.max(1, Math.ceil(labels.length / 4));
  return (
    <figure class="ops-chart" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`} class="ops-chart-title" safe>{title}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} class="ops-chart-svg" preserveAspectRatio="none">
        <title id={`${id}-title`} safe>{title}</title>
        <desc id={`${id}-desc`} safe>{summary}</desc>
        {ticks.map((t) => (
          <>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} stroke="#d9dde3" stroke-width="1" />
            <text x={PAD.left - 6} y={y(t) + 5} text-anchor="end" font-size={FONT} fill="#464c53" safe>{format(t)}</text>
          </>
        ))}
        {labels.map((l, i) => (i % every === 0 || i === labels.length - 1
          ? <text x={x(i)} y={H - 10} text-anchor={i === 0 ? 'start' : i === labels.length - 1 ? 'end' : 'middle'} font-size={FONT} fill="#464c53" safe>{l}</text> : ''))}
        {series.map((s, i) => {
          const style = SERIES_STYLES[i % SERIES_STYLES.length]!;
          // A value between two gaps has no line to draw: it gets a dot.
          const lone = s.values.map((v, j) => (v !== null && (s.values[j - 1] ?? null) === null && (s.values[j + 1] ?? null) === null ? j : -1)).filter((j) => j >= 0);
          return (
            <>
              <path d={pathOf(s.values, x, y)} fill="none" stroke={style.stroke} stroke-width="2.5" stroke-dasharray={style.dash || undefined} />
              {lone.map((j) => <circle cx={x(j)} cy={y(s.values[j]!)} r={3.5 + i} fill="none" stroke={style.stroke} stroke-width="2" />)}
            </>
          );
        })}
      </svg>
      <Legend names={series.map((s) => s.name)} />
      <details class="ops-chart-table">
        <summary safe>{tableLabel}</summary>
        <DataTable caption={tableCaption} columns={['', ...series.map((s) => s.name)]}>
          {labels.map((l, i) => (
            <tr><th scope="row" safe>{l}</th>{series.map((s) => <td safe>{s.values[i] === null ? '–' : format(s.values[i]!)}</td>)}</tr>
          ))}
        </DataTable>
      </details>
    </figure>
  );
}

function Legend({ names }: { names: string[] }): JSX.Element {
  return (
    <ul class="ops-legend">
      {names.map((name, i) => {
        const style = SERIES_STYLES[i % SERIES_STYLES.length]!;
        return (
          <li>
            <svg width="28" height="10" aria-hidden="true" focusable="false"><line x1="0" x2="28" y1="5" y2="5" stroke={style.stroke} stroke-width="3" stroke-dasharray={style.dash || undefined} /></svg>
            <span safe>{name}</span>
          </li>
        );
      })}
    </ul>
  );
}

/** A small line of the last hour's traffic beside a service; `label` says what it shows in words. */
export function Sparkline({ values, label }: { values: number[]; label: string }): JSX.Element {
  const w = 120;
  const h = 28;
  const max = Math.max(1, ...values);
  const x = (i: number) => (i / Math.max(1, values.length - 1)) * w;
  const y = (v: number) => h - 2 - (v / max) * (h - 4);
  return (
    <svg class="ops-sparkline" viewBox={`0 0 ${w} ${h}`} width={w} height={h} role="img" aria-label={label}>
      <title safe>{label}</title>
      <path d={pathOf(values, x, y)} fill="none" stroke="#0b50d0" stroke-width="1.5" />
    </svg>
  );
}

/** Horizontal bars, one per row, each under its label with its value written beside it. */
export function BarChart({ id, title, rows, format }: { id: string; title: string; rows: { label: string; value: number }[]; format: (v: number) => string }): JSX.Element {
  const max = Math.max(1, ...rows.map((r) => r.value));
  const rowH = 46;
  const barW = 330;
  const h = rows.length * rowH + 6;
  const width = (v: number) => Math.max(1, (v / max) * barW);
  return (
    <figure class="ops-chart" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`} class="ops-chart-title" safe>{title}</figcaption>
      <svg viewBox={`0 0 ${W} ${h}`} role="img" aria-labelledby={`${id}-title`} class="ops-chart-svg">
        <title id={`${id}-title`} safe>{`${title}: ${rows.map((r) => `${r.label} ${format(r.value)}`).join(', ')}`}</title>
        {rows.map((r, i) => (
          <>
            <text x="0" y={i * rowH + 17} font-size={FONT} fill="#1e2124" safe>{r.label}</text>
            <rect x="0" y={i * rowH + 24} width={width(r.value)} height="16" fill="#0b50d0" />
            <text x={width(r.value) + 8} y={i * rowH + 38} font-size={FONT} fill="#1e2124" safe>{format(r.value)}</text>
          </>
        ))}
      </svg>
    </figure>
  );
}
