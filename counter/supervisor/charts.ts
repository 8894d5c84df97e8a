// Chart.js, registered with only the pieces these four charts use (its own lazy chunk).
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Legend, Tooltip);
Chart.defaults.font.family = "'Noto Sans', 'Segoe UI', Roboto, Arial, sans-serif";
Chart.defaults.color = '#14213d';

interface Series {
  labels: string[];
  values: number[];
  label: string;
}

export interface ChartData {
  wait: Series;
  hours: { labels: string[]; arrivals: number[]; finished: number[]; arrivalsLabel: string; finishedLabel: string };
  counters: Series;
  bands: Series;
}

const accent = '#0b5cad';
const brand = '#a4161a';
const ok = '#1b6e3a';

function bar(canvas: HTMLCanvasElement, s: Series, colour: string, max?: number): Chart {
  return new Chart(canvas, {
    type: 'bar',
    data: { labels: s.labels, datasets: [{ label: s.label, data: s.values, backgroundColor: colour, maxBarThickness: 56 }] },
    options: {
      animation: false,
      maintainAspectRatio: false,
      plugins: { legend: { display: false } },
      scales: { y: { beginAtZero: true, ...(max !== undefined ? { max } : {}), ticks: { precision: 0 } } },
    },
  });
}

/** Draws the four charts on their canvases; returns a function that removes them. */
export function drawCharts(canvases: HTMLCanvasElement[], d: ChartData): () => void {
  const charts: Chart[] = [];
  if (canvases[0]) charts.push(bar(canvases[0], d.wait, accent));
  if (canvases[1]) {
    charts.push(
      new Chart(canvases[1], {
        type: 'bar',
        data: {
          labels: d.hours.labels,
          datasets: [
            { type: 'bar', label: d.hours.arrivalsLabel, data: d.hours.arrivals, backgroundColor: accent, maxBarThickness: 56 },
            {
              type: 'line',
              label: d.hours.finishedLabel,
              data: d.hours.finished,
              borderColor: brand,
              backgroundColor: brand,
              borderWidth: 3,
            },
          ],
        },
        options: { animation: false, maintainAspectRatio: false, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
      }),
    );
  }
  if (canvases[2]) charts.push(bar(canvases[2], d.counters, ok, 100));
  if (canvases[3]) charts.push(bar(canvases[3], d.bands, ok, 100));
  return () => {
    for (const c of charts) c.destroy();
  };
}
