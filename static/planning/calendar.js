// Calendar: drag an item to another day (HTML5 drag and drop, POST with the CSRF token), and show
// the in-place "new item" modal that htmx loads into #modal-slot.
(function () {
  "use strict";
  const grid = document.querySelector("[data-testid=calendar-grid]");

  function csrfToken() {
    const headers = document.body.getAttribute("hx-headers");
    try { return JSON.parse(headers)["X-CSRFToken"]; } catch (e) { return ""; }
  }

  if (grid) {
    let dragged = null;
    grid.addEventListener("dragstart", function (event) {
      const chip = event.target.closest("[data-move-url]");
      if (!chip) return;
      dragged = chip;
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", chip.getAttribute("data-move-url"));
    });
    grid.addEventListener("dragover", function (event) {
      const cell = event.target.closest("[data-day]");
      if (!cell || !dragged) return;
      event.preventDefault();
      cell.classList.add("drop-target");
    });
    grid.addEventListener("dragleave", function (event) {
      const cell = event.target.closest("[data-day]");
      if (cell) cell.classList.remove("drop-target");
    });
    grid.addEventListener("drop", function (event) {
      const cell = event.target.closest("[data-day]");
      if (!cell || !dragged) return;
      event.preventDefault();
      cell.classList.remove("drop-target");
      const chip = dragged;
      dragged = null;
      const body = new URLSearchParams({ date: cell.getAttribute("data-day") });
      fetch(chip.getAttribute("data-move-url"), {
        method: "POST",
        headers: { "X-CSRFToken": csrfToken(), "Content-Type": "application/x-www-form-urlencoded" },
        body: body,
        credentials: "same-origin",
      }).then(function (response) {
        if (response.ok) {
          window.location.reload();
          return;
        }
        const box = document.getElementById("calendar-messages");
        response.json().then(function (data) {
          box.textContent = (data && data.detail) || box.getAttribute("data-error-text");
        }).catch(function () { box.textContent = box.getAttribute("data-error-text"); });
      });
    });
  }

  document.body.addEventListener("htmx:beforeSwap", function (event) {
    // A re-rendered form (validation errors) replaces the open modal: close the old one cleanly.
    const open = event.detail.target.querySelector(".modal");
    if (open && window.bootstrap) {
      const instance = window.bootstrap.Modal.getInstance(open);
      if (instance) instance.dispose();
      document.querySelectorAll(".modal-backdrop").forEach(function (el) { el.remove(); });
      document.body.classList.remove("modal-open");
      document.body.style.removeProperty("overflow");
      document.body.style.removeProperty("padding-right");
    }
  });

  document.body.addEventListener("htmx:afterSwap", function (event) {
    const modal = event.detail.target.querySelector("[data-autoshow]");
    if (modal && window.bootstrap) {
      const existing = window.bootstrap.Modal.getInstance(modal);
      (existing || new window.bootstrap.Modal(modal)).show();
    }
  });
})();
