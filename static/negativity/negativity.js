// Negativity inbox: select-all checkboxes and Chart.js charts fed by json_script blocks.
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    const box = event.target.closest("[data-select-all]");
    if (!box) return;
    const name = box.getAttribute("data-select-all");
    document.querySelectorAll('input[type="checkbox"][name="' + name + '"]').forEach(function (el) {
      el.checked = box.checked;
    });
  });

  const palette = ["#0d6efd", "#dc3545", "#fd7e14", "#198754", "#6f42c1", "#6c757d"];

  function readData(canvas) {
    const source = document.getElementById(canvas.getAttribute("data-chart-source"));
    return source ? JSON.parse(source.textContent) : null;
  }

  // Hours, weeks and counts in the page's language (static/js/charts.js).
  function draw() {
    const charts = window.SmmCharts;
    if (typeof window.Chart === "undefined" || typeof charts === "undefined") return;
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      const data = readData(canvas);
      if (!data) return;
      const kind = canvas.getAttribute("data-chart");
      if (kind === "timeline") {
        charts.draw(canvas, {
          type: "bar",
          data: {
            labels: data.map(function (p) { return charts.format("hour", p.hour); }),
            datasets: [{ label: canvas.getAttribute("data-label") || "", data: data.map(function (p) { return p.count; }), backgroundColor: "#dc3545", format: "int" }],
          },
          options: { plugins: { legend: { display: false }, tooltip: charts.tooltip() }, scales: { y: charts.valueAxis("int") } },
        });
      } else if (kind === "stacked") {
        charts.draw(canvas, {
          type: "bar",
          data: {
            labels: data.weeks,
            datasets: data.series.map(function (s, i) { return { label: s.label, data: s.data, backgroundColor: palette[i % palette.length], format: "int" }; }),
          },
          options: {
            plugins: { tooltip: charts.tooltip({ days: true }) },
            scales: { x: charts.dayAxis({ stacked: true }), y: charts.valueAxis("int", { stacked: true }) },
          },
        });
      }
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
