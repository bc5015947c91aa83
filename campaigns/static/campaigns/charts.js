// Campaign charts (funnel, KPI pace vs target, spend vs results) and bar widths; no inline JS/CSS.
// Numbers and dates read in the page's language (static/js/charts.js); a chart the view sent no
// data for is not drawn (the page shows its empty state instead).
(function () {
  "use strict";
  document.querySelectorAll("[data-width]").forEach(function (bar) {
    bar.style.width = Math.min(100, parseInt(bar.getAttribute("data-width"), 10) / 2) + "%";
  });
  const source = document.getElementById("campaign-charts");
  if (!source || typeof window.SmmCharts === "undefined") return;
  const charts = window.SmmCharts;
  const data = JSON.parse(source.textContent);
  const palette = ["#0d6efd", "#20c997", "#ffc107", "#dc3545", "#6f42c1"];

  function draw(id, config) {
    const canvas = document.getElementById(id);
    if (canvas) charts.draw(canvas, config);
  }

  if (data.funnel) {
    draw("chart-funnel", {
      type: "bar",
      data: {
        labels: data.funnel.labels,
        datasets: [{ data: data.funnel.values, backgroundColor: palette, format: "int" }],
      },
      options: {
        indexAxis: "y",
        plugins: { legend: { display: false }, tooltip: charts.tooltip({ valueAxis: "x" }) },
        scales: { x: charts.valueAxis("int", { type: "logarithmic", beginAtZero: false }) },
      },
    });
  }

  if (data.pace) {
    draw("chart-pace", {
      type: "bar",
      data: {
        labels: data.pace.labels,
        datasets: [
          { label: data.pace.legend[0], data: data.pace.actual, backgroundColor: palette[0] },
          { label: data.pace.legend[1], data: data.pace.expected, backgroundColor: palette[2] },
          { label: data.pace.legend[2], data: data.pace.target, backgroundColor: "#adb5bd" },
        ],
      },
      // A half-width card: the legend goes under the x axis in small swatches (on top it took
      // three rows of a 130 px canvas and sat on the top tick label of the y axis), and the
      // canvas is taller than the default 2:1 so the bars keep most of it.
      options: {
        aspectRatio: 1.3,
        layout: { padding: { top: 6 } },
        plugins: {
          legend: {
            position: "bottom",
            labels: { boxWidth: 10, boxHeight: 10, padding: 10, font: { size: 11 } },
          },
          tooltip: charts.tooltip(),
        },
        scales: { y: charts.valueAxis("number") },
      },
    });
  }

  if (data.spend) {
    draw("chart-spend", {
      type: "line",
      data: {
        labels: data.spend.labels,
        datasets: [
          { label: data.spend.legend[0], data: data.spend.spend, borderColor: palette[3], yAxisID: "y", pointRadius: 0, format: "money" },
          { label: data.spend.legend[1], data: data.spend.result, borderColor: palette[1], yAxisID: "y1", pointRadius: 0, format: data.spend.result_format },
        ],
      },
      options: {
        interaction: { mode: "index", intersect: false },
        plugins: { tooltip: charts.tooltip({ days: true }) },
        scales: {
          x: charts.dayAxis(),
          y: charts.valueAxis("money", { position: "left" }),
          y1: charts.valueAxis(data.spend.result_format, { position: "right", grid: { drawOnChartArea: false } }),
        },
      },
    });
  }
})();
