// Kanban pipeline: drag a partner card to another column to move it; the server refuses invalid moves.
(function () {
  "use strict";
  const board = document.querySelector("[data-testid=board]");
  if (!board || board.dataset.canEdit !== "1") return;
  const message = document.getElementById("board-message");
  const token = (JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"]) || "";
  let dragged = null;

  function show(text, ok) {
    message.textContent = text;
    message.className = "alert " + (ok ? "alert-success" : "alert-danger");
  }
  function recount() {
    board.querySelectorAll(".board-column").forEach(function (column) {
      column.querySelector("[data-count]").textContent = column.querySelectorAll(".board-card").length;
    });
  }
  board.addEventListener("dragstart", function (event) {
    dragged = event.target.closest(".board-card");
    if (dragged) event.dataTransfer.setData("text/plain", dragged.dataset.moveUrl);
  });
  board.addEventListener("dragover", function (event) {
    if (event.target.closest(".board-drop")) event.preventDefault();
  });
  board.addEventListener("drop", function (event) {
    const zone = event.target.closest(".board-drop");
    if (!zone || !dragged) return;
    event.preventDefault();
    const card = dragged;
    const from = card.parentElement;
    if (from === zone) return;
    zone.prepend(card);
    recount();
    const body = new URLSearchParams({ stage: zone.dataset.stage });
    fetch(card.dataset.moveUrl, {
      method: "POST",
      headers: { "Accept": "application/json", "X-CSRFToken": token },
      body: body,
      credentials: "same-origin",
    })
      .then(function (response) {
        return response.json().then(function (data) { return { ok: response.ok, data: data }; });
      })
      .then(function (result) {
        if (!result.ok) {
          from.prepend(card);
          recount();
        } else {
          const select = card.querySelector("select[name=stage]");
          if (select) select.value = zone.dataset.stage;
        }
        show(result.data.detail, result.ok);
      })
      .catch(function () {
        from.prepend(card);
        recount();
      });
  });
})();
