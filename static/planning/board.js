// Tasks board: drag a card to another column (HTML5 drag and drop). The drop posts to the same
// endpoint as the card's "Move to" form (which works without JavaScript), asking for JSON; on
// success the card moves into the column, otherwise the endpoint's message is shown.
(function () {
  "use strict";
  const board = document.querySelector("[data-testid=kanban]");
  if (!board) return;
  const box = document.getElementById("board-messages");
  let dragged = null;

  function csrfToken() {
    const headers = document.body.getAttribute("hx-headers");
    try { return JSON.parse(headers)["X-CSRFToken"]; } catch (e) { return ""; }
  }

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

  function move(card, column) {
    const status = column.getAttribute("data-column");
    if (!status || status === card.getAttribute("data-status")) return;
    if (box) box.textContent = "";
    fetch(card.getAttribute("data-move-url"), {
      method: "POST",
      headers: {
        "X-CSRFToken": csrfToken(),
        "Content-Type": "application/x-www-form-urlencoded",
        Accept: "application/json",
      },
      body: new URLSearchParams({ status: status }),
      credentials: "same-origin",
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (response.ok) place(card, column, data.status || status);
        else say(data.detail);
      });
    }).catch(function () { say(); });
  }

  board.addEventListener("dragstart", function (event) {
    const card = event.target.closest && event.target.closest("[data-move-url]");
    if (!card) return;
    dragged = card;
    card.classList.add("dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.getAttribute("data-testid"));
  });
  board.addEventListener("dragend", function () {
    if (dragged) dragged.classList.remove("dragging");
    dragged = null;
    board.querySelectorAll(".drop-target").forEach(function (el) { el.classList.remove("drop-target"); });
  });
  board.addEventListener("dragover", function (event) {
    const column = event.target.closest("[data-column]");
    if (!column || !dragged) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    column.classList.add("drop-target");
  });
  board.addEventListener("dragleave", function (event) {
    const column = event.target.closest("[data-column]");
    if (column && !column.contains(event.relatedTarget)) column.classList.remove("drop-target");
  });
  board.addEventListener("drop", function (event) {
    const column = event.target.closest("[data-column]");
    if (!column || !dragged) return;
    event.preventDefault();
    column.classList.remove("drop-target");
    const card = dragged;
    dragged = null;
    card.classList.remove("dragging");
    move(card, column);
  });
})();
