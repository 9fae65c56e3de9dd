/** Hand-drawn SVG charts: a daily sparkline (bars + 7-day mean) and horizontal value bars. */

/**
 * Daily values as bars across the full width (zero days visible as gaps) with a trailing 7-day
 * mean as a line; `days` are 'YYYY-MM-DD' labels for the axis and hover titles.
 */
export function Sparkline({ values, days, height = 72, title, marked, markLabel }: { values: number[]; days: string[]; height?: number; title: string; marked?: boolean[]; markLabel?: string }) {
  const max = Math.max(1, ...values);
  const n = values.length;
  const w = 10; // viewBox units per day; the SVG stretches to the container's width
  const y = (v: number) => height - (v / max) * (height - 2);
  const mean7 = values.map((_, i) => {
    const from = Math.max(0, i - 6);
    const win = values.slice(from, i + 1);
    return win.reduce((a, b) => a + b, 0) / win.length;
  });
  const anyMarked = !!marked?.some(Boolean);
  return (
    <figure className="sparkline">
      <div className="spark-top chart-label">
        <span>max {max}/day</span>
        <span>
          <span className="legend-bar" /> units/day <span className="legend-line" /> 7-day mean
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
        <polyline points={mean7.map((m, i) => `${i * w + w / 2},${y(m)}`).join(' ')} className="spark-mean" vectorEffect="non-scaling-stroke" />
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
