// Reports: progress bar widths (no inline styles) and the home dashboard's charts.
(function () {
  "use strict";

  function sizeBars(root) {
    root.querySelectorAll("[data-progress]").forEach(function (bar) {
      bar.style.width = Math.max(0, Math.min(100, Number(bar.dataset.progress) || 0)) + "%";
    });
  }

  function homeCharts() {
    const source = document.getElementById("home-chart-data");
    if (!source || typeof Chart === "undefined") return;
    const data = JSON.parse(source.textContent);
    const daily = document.getElementById("chart-daily");
    if (daily) {
      new Chart(daily, {
        type: "line",
        data: {
          labels: data.labels,
          datasets: [
            { label: daily.dataset.revenueLabel, data: data.revenue, borderColor: "#198754", tension: 0.2 },
            { label: daily.dataset.spendLabel, data: data.spend, borderColor: "#dc3545", tension: 0.2 },
            { label: daily.dataset.leadsLabel, data: data.leads, borderColor: "#0d6efd", yAxisID: "y1", tension: 0.2 },
          ],
        },
        options: { scales: { y: { beginAtZero: true }, y1: { beginAtZero: true, position: "right", grid: { drawOnChartArea: false } } } },
      });
    }
    const verdicts = document.getElementById("chart-verdicts");
    if (verdicts) {
      new Chart(verdicts, {
        type: "bar",
        data: {
          labels: data.verdict_labels,
          datasets: [{ label: verdicts.dataset.label, data: data.verdict_counts, backgroundColor: ["#198754", "#ffc107", "#dc3545", "#adb5bd"] }],
        },
        options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
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
