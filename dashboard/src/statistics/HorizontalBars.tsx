// One labelled horizontal bar per row (areas, officers), value written at the end.

export interface HorizontalBar {
  key: string;
  label: string;
  value: number;
  text: string;
}

interface Props {
  rows: HorizontalBar[];
  label: string;
  testId?: string;
}

export function HorizontalBars({ rows, label, testId }: Props) {
  const max = Math.max(1, ...rows.map((row) => row.value));
  return (
    <div className="hbars" role="list" aria-label={label} data-testid={testId}>
      {rows.map((row) => (
        <div className="hbar-row" role="listitem" key={row.key} data-label={row.label} data-value={row.value}>
          <span className="hbar-label" title={row.label}>
            {row.label}
          </span>
          <span className="hbar-track">
            <span className="hbar-fill" style={{ width: `${(row.value / max) * 100}%` }} />
          </span>
          <span className="hbar-value">{row.text}</span>
        </div>
      ))}
    </div>
  );
}
