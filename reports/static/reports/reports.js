// Reports: progress bar widths (no inline styles) and the home dashboard's charts.
(function () {
  "use strict";

  function sizeBars(root) {
    root.querySelectorAll("[data-progress]").forEach(function (bar) {
      bar.style.width = Math.max(0, Math.min(100, Number(bar.dataset.progress) || 0)) + "%";
    });
  }

  // Numbers and days in the page's language (static/js/charts.js); a chart without data has no
  // canvas (the page shows its empty state).
  function homeCharts() {
    const source = document.getElementById("home-chart-data");
    if (!source || typeof window.SmmCharts === "undefined") return;
    const charts = window.SmmCharts;
    const data = JSON.parse(source.textContent);
    const daily = document.getElementById("chart-daily");
    if (daily) {
      charts.draw(daily, {
        type: "line",
        data: {
          labels: data.labels,
          datasets: [
            { label: daily.dataset.revenueLabel, data: data.revenue, borderColor: "#198754", tension: 0.2, format: "money" },
            { label: daily.dataset.spendLabel, data: data.spend, borderColor: "#dc3545", tension: 0.2, format: "money" },
            { label: daily.dataset.leadsLabel, data: data.leads, borderColor: "#0d6efd", yAxisID: "y1", tension: 0.2, format: "int" },
          ],
        },
        options: {
          interaction: { mode: "index", intersect: false },
          plugins: { tooltip: charts.tooltip({ days: true }) },
          scales: {
            x: charts.dayAxis(),
            y: charts.valueAxis("money"),
            y1: charts.valueAxis("int", { position: "right", grid: { drawOnChartArea: false } }),
          },
        },
      });
    }
    const verdicts = document.getElementById("chart-verdicts");
    if (verdicts) {
      charts.draw(verdicts, {
        type: "bar",
        data: {
          labels: data.verdict_labels,
          datasets: [{ label: verdicts.dataset.label, data: data.verdict_counts, backgroundColor: ["#198754", "#ffc107", "#dc3545", "#adb5bd"], format: "int" }],
        },
        options: { plugins: { legend: { display: false }, tooltip: charts.tooltip() }, scales: { y: charts.valueAxis("int") } },
      });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    sizeBars(document);
    homeCharts();
  });
  document.body.addEventListener("htmx:afterSettle", function () {
    sizeBars(document);
  });
})();
