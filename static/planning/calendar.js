// Calendar: drag an item to another day (js/dragmove.js), and show the in-place "new item" modal
// that htmx loads into #modal-slot.
(function () {
  "use strict";
  const grid = document.querySelector("[data-testid=calendar-grid]");

  if (grid) {
    const box = document.getElementById("calendar-messages");
    window.dragMove.draggable(grid, {
      item: "[data-move-url]",
      zone: "[data-day]",
      drop: function (chip, cell) {
        window.dragMove.post(chip.getAttribute("data-move-url"), { date: cell.getAttribute("data-day") })
          .then(function (answer) {
            if (answer.ok) window.location.reload();
            else box.textContent = answer.data.detail || box.getAttribute("data-error-text");
          })
          .catch(function () { box.textContent = box.getAttribute("data-error-text"); });
      },
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
