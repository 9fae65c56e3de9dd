/** Hand-drawn SVG charts: a daily sparkline (bars + 7-day mean) and horizontal value bars. */

/**
 * Daily values as bars across the full width (zero days visible as gaps) with a trailing 7-day
 * mean as a line; `days` are 'YYYY-MM-DD' labels for the axis and hover titles.
 */
/**
 * Daily bars with their 7-day mean. `marked` days (e.g. stockout days, whose demand is censored)
 * are drawn apart and left out of the mean (a window without an unmarked day has no mean point);
 * `level` draws a dashed reference line (e.g. the plan's forecast per day).
 */
export function Sparkline({
  values,
  days,
  height = 72,
  title,
  marked,
  markLabel,
  level,
}: {
  values: number[];
  days: string[];
  height?: number;
  title: string;
  marked?: boolean[];
  markLabel?: string;
  level?: { value: number; label: string } | null;
}) {
  const max = Math.max(1, ...values, level ? level.value : 0);
  const n = values.length;
  const w = 10; // viewBox units per day; the SVG stretches to the container's width
  const y = (v: number) => height - (v / max) * (height - 2);
  const mean7: (number | null)[] = values.map((_, i) => {
    let sum = 0;
    let count = 0;
    for (let j = Math.max(0, i - 6); j <= i; j++) {
      if (marked?.[j]) continue;
      sum += values[j];
      count++;
    }
    return count ? sum / count : null;
  });
  // the mean as polyline segments, broken where a window has no unmarked day
  const segments: string[] = [];
  let current: string[] = [];
  mean7.forEach((m, i) => {
    if (m === null) {
      if (current.length) segments.push(current.join(' '));
      current = [];
    } else current.push(`${i * w + w / 2},${y(m)}`);
  });
  if (current.length) segments.push(current.join(' '));
  const anyMarked = !!marked?.some(Boolean);
  return (
    <figure className="sparkline">
      <div className="spark-top chart-label">
        <span>max {max}/day</span>
        <span>
          <span className="legend-bar" /> units/day <span className="legend-line" /> 7-day mean
          {level && (
            <>
              {' '}
              <span className="legend-level" /> {level.label}
            </>
          )}
          {anyMarked && (
            <>
              {' '}
              <span className="legend-mark" /> {markLabel ?? 'marked'}
            </>
          )}
        </span>
      </div>
      <svg width="100%" height={height} viewBox={`0 0 ${n * w} ${height}`} preserveAspectRatio="none" role="img" aria-label={title}>
        {values.map((v, i) => {
          const m = !!marked?.[i];
          // a marked day shows even without units (a stockout day with nothing sold): a strip at the foot
          return (
            <g key={days[i] ?? i}>
              <rect x={i * w + 1} y={y(v)} width={w - 2} height={height - y(v)} className={m ? 'spark-bar spark-marked' : 'spark-bar'} data-marked={m ? 'true' : undefined}>
                <title>{`${days[i]}: ${v}${m && markLabel ? ` (${markLabel})` : ''}`}</title>
              </rect>
              {m && <rect x={i * w} y={height - 4} width={w} height={4} className="spark-mark" />}
            </g>
          );
        })}
        {segments.map((pts, k) => (
          <polyline key={k} points={pts} className="spark-mean" vectorEffect="non-scaling-stroke" />
        ))}
        {level && <line x1={0} x2={n * w} y1={y(level.value)} y2={y(level.value)} className="spark-level" vectorEffect="non-scaling-stroke" data-testid="spark-level" />}
        <line x1={0} x2={n * w} y1={height - 0.5} y2={height - 0.5} className="axis" vectorEffect="non-scaling-stroke" />
      </svg>
      <div className="spark-axis chart-label">
        <span>{days[0]}</span>
        <span>{days[n - 1]}</span>
      </div>
    </figure>
  );
}

/** Labelled horizontal bars (e.g. stock value per location), scaled to `max` or else the largest value. */
export function Bars({ rows, format, max: fixedMax }: { rows: { label: string; value: number; note?: string }[]; format: (v: number) => string; max?: number }) {
  const max = fixedMax ?? Math.max(1e-9, ...rows.map((r) => r.value));
  return (
    <div className="bars">
      {rows.map((r) => (
        <div className="bar-row" key={r.label}>
          <span className="bar-label">{r.label}</span>
          <span className="bar-track">
            <span className="bar-fill" style={{ width: `${Math.min(100, (100 * Math.max(0, r.value)) / max)}%` }} />
          </span>
          <span className="bar-value num">{format(r.value)}</span>
          {r.note !== undefined && <span className="bar-note muted">{r.note}</span>}
        </div>
      ))}
    </div>
  );
}
