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

  function draw() {
    if (typeof window.Chart === "undefined") return;
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      const data = readData(canvas);
      if (!data) return;
      const kind = canvas.getAttribute("data-chart");
      if (kind === "timeline") {
        new window.Chart(canvas, {
          type: "bar",
          data: {
            labels: data.map(function (p) { return new Date(p.hour).toLocaleString([], { day: "2-digit", month: "2-digit", hour: "2-digit", minute: "2-digit" }); }),
            datasets: [{ label: canvas.getAttribute("data-label") || "", data: data.map(function (p) { return p.count; }), backgroundColor: "#dc3545" }],
          },
          options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
        });
      } else if (kind === "stacked") {
        new window.Chart(canvas, {
          type: "bar",
          data: {
            labels: data.weeks,
            datasets: data.series.map(function (s, i) { return { label: s.label, data: s.data, backgroundColor: palette[i % palette.length] }; }),
          },
          options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } },
        });
      }
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
