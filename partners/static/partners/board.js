// Kanban pipeline: drag a partner card to another column to move it (js/dragmove.js). The card
// moves at once and goes back if the server refuses the move; the server's message is shown.
(function () {
  "use strict";
  const board = document.querySelector("[data-testid=board]");
  if (!board || board.dataset.canEdit !== "1") return;
  const message = document.getElementById("board-message");

  function show(text, ok) {
    message.textContent = text;
    message.className = "alert " + (ok ? "alert-success" : "alert-danger");
  }
  function recount() {
    board.querySelectorAll(".board-column").forEach(function (column) {
      column.querySelector("[data-count]").textContent = column.querySelectorAll(".board-card").length;
    });
  }
  function putBack(card, from) {
    from.prepend(card);
    recount();
  }

  window.dragMove.draggable(board, {
    item: ".board-card",
    zone: ".board-drop",
    drop: function (card, zone) {
      const from = card.parentElement;
      if (from === zone) return;
      zone.prepend(card);
      recount();
      window.dragMove.post(card.dataset.moveUrl, { stage: zone.dataset.stage })
        .then(function (answer) {
          if (!answer.ok) {
            putBack(card, from);
          } else {
            const select = card.querySelector("select[name=stage]");
            if (select) select.value = zone.dataset.stage;
          }
          show(answer.data.detail || board.dataset.failed, answer.ok);
        })
        .catch(function () {
          putBack(card, from);
          show(board.dataset.failed, false);
        });
    },
  });
})();
