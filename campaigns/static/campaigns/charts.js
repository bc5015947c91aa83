// Campaign charts (funnel, KPI pace vs target, spend vs results) and bar widths; no inline JS/CSS.
(function () {
  "use strict";
  document.querySelectorAll("[data-width]").forEach(function (bar) {
    bar.style.width = Math.min(100, parseInt(bar.getAttribute("data-width"), 10) / 2) + "%";
  });
  const source = document.getElementById("campaign-charts");
  if (!source || typeof Chart === "undefined") return;
  const data = JSON.parse(source.textContent);
  const palette = ["#0d6efd", "#20c997", "#ffc107", "#dc3545", "#6f42c1"];

  function draw(id, config) {
    const canvas = document.getElementById(id);
    if (canvas) new Chart(canvas, config);
  }

  draw("chart-funnel", {
    type: "bar",
    data: {
      labels: data.funnel.labels,
      datasets: [{ data: data.funnel.values, backgroundColor: palette }],
    },
    options: {
      indexAxis: "y",
      plugins: { legend: { display: false } },
      scales: { x: { type: "logarithmic" } },
    },
  });

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
  });

  draw("chart-spend", {
    type: "line",
    data: {
      labels: data.spend.labels,
      datasets: [
        { label: data.spend.legend[0], data: data.spend.spend, borderColor: palette[3], yAxisID: "y", pointRadius: 0 },
        { label: data.spend.legend[1], data: data.spend.result, borderColor: palette[1], yAxisID: "y1", pointRadius: 0 },
      ],
    },
    options: {
      interaction: { mode: "index", intersect: false },
      scales: { y: { position: "left" }, y1: { position: "right", grid: { drawOnChartArea: false } } },
    },
  });
})();
