// Drag and drop shared by the tasks board, the content calendar and the partners' pipeline: the
// HTML5 drag events delegated on one container, and the POST that asks the server for the move.
// Each page keeps only what differs: what a drop posts and how the page follows the answer. Every
// one of them also offers a plain form that makes the same move without JavaScript.
(function () {
  "use strict";

  function csrfToken() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (e) {
      return "";
    }
  }

  // POST `fields` form-encoded to `url`, asking for JSON. Resolves to {ok, data} (data is {} when
  // the answer is not JSON); rejects only when the request does not reach the server.
  function post(url, fields) {
    return fetch(url, {
      method: "POST",
      headers: {
        "X-CSRFToken": csrfToken(),
        "Content-Type": "application/x-www-form-urlencoded",
        Accept: "application/json",
      },
      body: new URLSearchParams(fields),
      credentials: "same-origin",
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        return { ok: response.ok, data: data || {} };
      });
    });
  }

  // Inside `container`, elements matching the selector `options.item` can be dragged onto elements
  // matching `options.zone`; `options.drop(item, zone)` is called on a drop. While dragging, the
  // item has the class "dragging" and the zone under it "drop-target".
  function draggable(container, options) {
    let dragged = null;

    function zoneOf(event) {
      return event.target.closest ? event.target.closest(options.zone) : null;
    }

    function clear() {
      if (dragged) dragged.classList.remove("dragging");
      dragged = null;
      container.querySelectorAll(".drop-target").forEach(function (el) { el.classList.remove("drop-target"); });
    }

    container.addEventListener("dragstart", function (event) {
      const item = event.target.closest && event.target.closest(options.item);
      if (!item) return;
      dragged = item;
      item.classList.add("dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", item.getAttribute("data-move-url") || "");
    });
    container.addEventListener("dragend", clear);
    container.addEventListener("dragover", function (event) {
      const zone = zoneOf(event);
      if (!zone || !dragged) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = "move";
      zone.classList.add("drop-target");
    });
    container.addEventListener("dragleave", function (event) {
      const zone = zoneOf(event);
      if (zone && !zone.contains(event.relatedTarget)) zone.classList.remove("drop-target");
    });
    container.addEventListener("drop", function (event) {
      const zone = zoneOf(event);
      if (!zone || !dragged) return;
      event.preventDefault();
      const item = dragged;
      clear();
      options.drop(item, zone);
    });
  }

  window.dragMove = { csrfToken: csrfToken, post: post, draggable: draggable };
})();
