// A duration histogram (equal-width buckets of growing length) with the p50 and p90 marked.
import type { DurationDistribution } from '@fcc/shared';
import { useTranslation } from 'react-i18next';
import { bucketLabel, bucketPosition, formatSeconds } from './histogram';

interface Props {
  title: string;
  distribution: DurationDistribution;
  testId: string;
}

const WIDTH = 400;
const HEIGHT = 160;
/** Two rows of bucket labels, alternating, so they do not run into each other. */
const AXIS = 30;
const TOP = 18;

export function Histogram({ title, distribution, testId }: Props) {
  const { t } = useTranslation();
  const { buckets, p50, p90, count } = distribution;
  const slot = WIDTH / buckets.length;
  const plot = HEIGHT - AXIS - TOP;
  const max = Math.max(1, ...buckets.map((bucket) => bucket.count));
  const marker = (value: number | null, name: string) => {
    if (value === null) return null;
    const x = bucketPosition(value, buckets) * slot;
    return (
      <g className={`chart-marker chart-marker-${name}`}>
        <line x1={x} x2={x} y1={TOP - 4} y2={TOP + plot} />
        <text x={x + 3} y={TOP - 6}>
          {name}
        </text>
      </g>
    );
  };
  return (
    <figure
      className="histogram"
      data-testid={testId}
      data-count={count}
      data-p50={p50 ?? ''}
      data-p90={p90 ?? ''}
    >
      <figcaption>
        <strong>{title}</strong>{' '}
        <span className="muted small">
          {t('statistics.distributionSummary', { count, p50: formatSeconds(p50), p90: formatSeconds(p90) })}
        </span>
      </figcaption>
      <svg
        className="chart"
        role="img"
        aria-label={title}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width="100%"
        height={HEIGHT}
      >
        <line className="chart-axis" x1={0} x2={WIDTH} y1={TOP + plot} y2={TOP + plot} />
        {buckets.map((bucket, index) => {
          const h = (bucket.count / max) * plot;
          const x = index * slot + 2;
          return (
            <g key={bucket.fromSeconds}>
              <title>{`${bucketLabel(bucket)}: ${bucket.count}`}</title>
              <rect className="chart-bar" x={x} y={TOP + plot - h} width={slot - 4} height={h} />
              {bucket.count > 0 && (
                <text
                  className="chart-value"
                  x={x + (slot - 4) / 2}
                  y={TOP + plot - h - 3}
                  textAnchor="middle"
                >
                  {bucket.count}
                </text>
              )}
              <text
                className="chart-label"
                x={x + (slot - 4) / 2}
                y={index % 2 === 0 ? HEIGHT - 16 : HEIGHT - 4}
                textAnchor="middle"
              >
                {bucketLabel(bucket)}
              </text>
            </g>
          );
        })}
        {marker(p50, 'p50')}
        {marker(p90, 'p90')}
      </svg>
    </figure>
  );
}
