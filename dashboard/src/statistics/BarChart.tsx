// Vertical bars with their values written on them, in plain SVG: a handful to a few hundred
// bars (days of a range) need no chart library.

export interface Bar {
  key: string;
  label: string;
  value: number;
  /** A second, overlaid part of the bar (e.g. SLA breaches among the tasks). */
  highlight?: number;
}

interface Props {
  bars: Bar[];
  label: string;
  highlightLabel?: string;
  testId?: string;
  height?: number;
}

const AXIS = 22;
const TOP = 16;

export function BarChart({ bars, label, highlightLabel, testId, height = 180 }: Props) {
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  // A fixed drawing width that scales evenly (text keeps its shape) with the card.
  const width = 1000;
  const slot = width / Math.max(1, bars.length);
  const barWidth = Math.min(48, slot * 0.7);
  const plot = height - AXIS - TOP;
  // Label every bar when they fit, else every n-th.
  const labelEvery = Math.ceil(44 / slot);
  return (
    <svg
      className="chart"
      role="img"
      aria-label={label}
      data-testid={testId}
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
    >
      <line className="chart-axis" x1={0} x2={width} y1={TOP + plot} y2={TOP + plot} />
      {bars.map((bar, index) => {
        const w = barWidth;
        const x = index * slot + (slot - w) / 2;
        const h = (bar.value / max) * plot;
        const hh = ((bar.highlight ?? 0) / max) * plot;
        return (
          <g key={bar.key} data-testid="chart-bar" data-label={bar.label} data-value={bar.value}>
            <title>
              {`${bar.label}: ${bar.value}` +
                (bar.highlight !== undefined && highlightLabel
                  ? ` · ${highlightLabel} ${bar.highlight}`
                  : '')}
            </title>
            <rect className="chart-bar" x={x} y={TOP + plot - h} width={w} height={h} />
            {hh > 0 && (
              <rect className="chart-bar-highlight" x={x} y={TOP + plot - hh} width={w} height={hh} />
            )}
            {bar.value > 0 && (
              <text className="chart-value" x={x + w / 2} y={TOP + plot - h - 3} textAnchor="middle">
                {bar.value}
              </text>
            )}
            {index % labelEvery === 0 && (
              <text className="chart-label" x={x + w / 2} y={height - 6} textAnchor="middle">
                {bar.label}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}
