// One bar chart of two series per local day, drawn by recharts (a well-kept library rather than
// hand-made SVG: axes, ticks and resizing done right). Only the dashboard's lazily loaded chunk
// imports this file, so the library never weighs on the chat. recharts' keyboard layer is off:
// the drawing is hidden from screen readers, whose table DayCharts gives instead.
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { ChartDay } from "./dashboardView";

interface Series {
  key: keyof ChartDay;
  name: string;
  colour: string;
}

export function DayBarChart({ rows, series }: { rows: ChartDay[]; series: Series[] }) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: -16 }} accessibilityLayer={false}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#dde2e8" />
        <XAxis dataKey="label" tick={{ fontSize: 12, fill: "#5b6570" }} tickLine={false} axisLine={{ stroke: "#dde2e8" }} minTickGap={8} />
        <YAxis allowDecimals={false} tick={{ fontSize: 12, fill: "#5b6570" }} tickLine={false} axisLine={false} width={48} />
        <Tooltip cursor={{ fill: "rgba(15, 118, 110, 0.06)" }} />
        {/* In the series' order (received before sent), not recharts' alphabetical one. */}
        <Legend iconType="square" wrapperStyle={{ fontSize: 13 }} itemSorter={(item) => series.findIndex((s) => s.key === item.dataKey)} />
        {series.map((s) => (
          <Bar key={s.key} dataKey={s.key} name={s.name} fill={s.colour} radius={[3, 3, 0, 0]} maxBarSize={28} isAnimationActive={false} />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}
