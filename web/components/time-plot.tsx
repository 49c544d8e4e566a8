import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';

export interface PlotSeries {
  readonly label: string;
  /** One value per time; null: no data in that minute. */
  readonly values: readonly (number | null)[];
}

const COLORS = ['#2f7ed8', '#e4572e', '#17a398', '#c244c9', '#d4a017', '#6a7f8f', '#8c564b'];

/**
 * A small time-series chart (uPlot, canvas) in a figure with a caption, an accessible summary and
 * the same numbers as a table.
 */
export function TimePlot(props: {
  title: string;
  /** Unix seconds, one per value. */
  times: readonly number[];
  series: readonly PlotSeries[];
  unit: string;
  format: (value: number) => string;
  testId: string;
}) {
  const holder = useRef<HTMLDivElement>(null);
  const values = props.series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  // data-points: values plotted; data-nonzero: those above zero (an idle minute plots 0 jobs)
  const nonZero = values.filter((v) => v > 0).length;

  useEffect(() => {
    const el = holder.current;
    if (el === null) {
      return;
    }
    const styles = getComputedStyle(document.documentElement);
    const text = styles.getPropertyValue('--text').trim() || '#222';
    const grid = styles.getPropertyValue('--grid').trim() || '#ddd';
    const axis = {
      stroke: text,
      grid: { stroke: grid, width: 1 },
      ticks: { stroke: grid, width: 1 },
    };
    const plot = new uPlot(
      {
        width: Math.max(240, el.clientWidth),
        height: 200,
        legend: { show: true },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: true } },
        axes: [
          axis,
          { ...axis, size: 60, values: (_u, ticks) => ticks.map((t) => props.format(t)) },
        ],
        series: [
          {},
          ...props.series.map((s, i) => ({
            label: s.label,
            stroke: COLORS[i % COLORS.length],
            width: 2,
            points: { show: true, size: 5 },
            spanGaps: false,
            value: (_u: uPlot, v: number | null) => (v === null ? '–' : props.format(v)),
          })),
        ],
      },
      [[...props.times], ...props.series.map((s) => [...s.values])] as uPlot.AlignedData,
      el,
    );
    const resize = new ResizeObserver(() =>
      plot.setSize({ width: Math.max(240, el.clientWidth), height: 200 }),
    );
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [props.times, props.series, props.format]);

  const latest = props.series
    .map((s) => {
      const last = [...s.values].reverse().find((v) => v !== null);
      return `${s.label} ${last === undefined || last === null ? 'no data' : props.format(last)}`;
    })
    .join(', ');
  return (
    <figure
      class="plot"
      data-testid={props.testId}
      data-points={values.length}
      data-nonzero={nonZero}
    >
      <figcaption>{props.title}</figcaption>
      <div ref={holder} role="img" aria-label={`${props.title}; latest: ${latest}`} />
      <details>
        <summary>Numbers ({props.unit})</summary>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">minute</th>
                {props.series.map((s) => (
                  <th scope="col" key={s.label}>
                    {s.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {props.times.map((t, i) => (
                <tr key={t}>
                  <th scope="row">{new Date(t * 1000).toLocaleTimeString()}</th>
                  {props.series.map((s) => {
                    const v = s.values[i];
                    return (
                      <td key={s.label}>{v === null || v === undefined ? '–' : props.format(v)}</td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
