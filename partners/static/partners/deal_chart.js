// Conversions attributed to a deal per day (data from the page's json_script); days and counts in
// the page's language (static/js/charts.js).
(function () {
  "use strict";
  const source = document.getElementById("deal-chart-data");
  const canvas = document.getElementById("deal-chart");
  const charts = window.SmmCharts;
  if (!source || !canvas || typeof charts === "undefined") return;
  const data = JSON.parse(source.textContent);
  charts.draw(canvas, {
    type: "bar",
    data: { labels: data.labels, datasets: [{ label: data.label, data: data.values, backgroundColor: "#0d6efd", format: "int" }] },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      plugins: { tooltip: charts.tooltip({ days: true }) },
      scales: { x: charts.dayAxis(), y: charts.valueAxis("int") },
    },
  });
})();
