// Tasks board: drag a card to another column (js/dragmove.js). The drop posts to the same endpoint
// as the card's "Move to" form (which works without JavaScript); on success the card moves into
// the column, otherwise the endpoint's message is shown.
(function () {
  "use strict";
  const board = document.querySelector("[data-testid=kanban]");
  if (!board) return;
  const box = document.getElementById("board-messages");

  function say(text) {
    if (box) box.textContent = text || box.getAttribute("data-error-text");
  }

  function recount() {
    board.querySelectorAll("[data-column]").forEach(function (column) {
      const badge = column.querySelector("[data-testid^=column-count-]");
      if (badge) badge.textContent = String(column.querySelectorAll("[data-move-url]").length);
    });
  }

  function place(card, column, status) {
    card.setAttribute("data-status", status);
    const select = card.querySelector("select[name=status]");
    if (select) select.value = status;
    column.appendChild(card);
    recount();
    card.focus();
  }

  window.dragMove.draggable(board, {
    item: "[data-move-url]",
    zone: "[data-column]",
    drop: function (card, column) {
      const status = column.getAttribute("data-column");
      if (!status || status === card.getAttribute("data-status")) return;
      if (box) box.textContent = "";
      window.dragMove.post(card.getAttribute("data-move-url"), { status: status }).then(function (answer) {
        if (answer.ok) place(card, column, answer.data.status || status);
        else say(answer.data.detail);
      }).catch(function () { say(); });
    },
  });
})();
