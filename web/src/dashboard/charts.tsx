import { formatNumber } from '../format';
import type { Lang } from '../i18n';

export interface Bar {
  id: string;
  label: string;
  value: number;
  /** Drawn as a tick across the bar; absent when the unit has no target. */
  target?: number;
}

/**
 * Horizontal bars of helps against target, drawn as plain SVG: a chart library would cost more
 * bytes than this whole page. The numbers are written next to each bar so the chart reads
 * without colour, and the table beside it carries the same figures for screen readers.
 */
export function BarChart({ bars, lang, title }: { bars: Bar[]; lang: Lang; title: string }) {
  const rowHeight = 28;
  const labelWidth = 180;
  const width = 640;
  const valueWidth = 110;
  const plot = width - labelWidth - valueWidth;
  const max = Math.max(1, ...bars.map((b) => Math.max(b.value, b.target ?? 0)));
  const height = bars.length * rowHeight + 8;
  return (
    <svg class="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title}>
      {bars.map((bar, i) => {
        const y = i * rowHeight + 4;
        const w = (bar.value / max) * plot;
        const tx = bar.target ? labelWidth + (bar.target / max) * plot : undefined;
        return (
          <g key={bar.id}>
            <text x={labelWidth - 8} y={y + 18} text-anchor="end" class="chart-label">
              {bar.label.length > 22 ? `${bar.label.slice(0, 21)}…` : bar.label}
            </text>
            <rect x={labelWidth} y={y + 4} width={plot} height={rowHeight - 10} class="chart-track" />
            <rect x={labelWidth} y={y + 4} width={w} height={rowHeight - 10} class="chart-bar" />
            {tx !== undefined && <line x1={tx} x2={tx} y1={y} y2={y + rowHeight - 2} class="chart-target" />}
            <text x={labelWidth + plot + 8} y={y + 18} class="chart-value">
              {formatNumber(lang, bar.value)}
              {bar.target ? ` / ${formatNumber(lang, bar.target)}` : ''}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

export interface Slot {
  start: number;
  helps: number;
  label: string;
}

/** Columns of helps per 15 minutes. */
export function Timeline({ slots, lang, title }: { slots: Slot[]; lang: Lang; title: string }) {
  const width = 640;
  const height = 160;
  const base = height - 24;
  const max = Math.max(1, ...slots.map((s) => s.helps));
  const step = slots.length > 0 ? width / Math.max(slots.length, 8) : width;
  return (
    <svg class="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title}>
      <line x1={0} x2={width} y1={base} y2={base} class="chart-axis" />
      {slots.map((slot, i) => {
        const h = (slot.helps / max) * (base - 20);
        const x = i * step + 4;
        return (
          <g key={slot.start}>
            <rect x={x} y={base - h} width={step - 8} height={h} class="chart-bar" />
            <text x={x + (step - 8) / 2} y={base - h - 4} text-anchor="middle" class="chart-value">
              {formatNumber(lang, slot.helps)}
            </text>
            <text x={x + (step - 8) / 2} y={height - 6} text-anchor="middle" class="chart-label">
              {slot.label}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
