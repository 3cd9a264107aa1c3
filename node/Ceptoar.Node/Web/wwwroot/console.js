// The web console's one script (docs/CONSOLE.md §1): loaded from the node itself, as the Content-Security-Policy allows
// nothing inline. Every page works without it; it is here for what needs it, such as the live drill board's
// server-sent events. It marks the document so the style sheet can tell.
"use strict";
document.documentElement.classList.add("js");

// The live drill board (docs/CONSOLE.md §4.3): a section with data-events names the page's own event stream; each
// "board" event carries the board's rows, and the table body is rebuilt from them with textContent only (the texts
// come from other nodes: never parsed as HTML).
(function () {
    var section = document.querySelector("section[data-events]");
    if (!section || !window.EventSource) {
        return;
    }
    var url = section.getAttribute("data-events");
    if (!url || url.charAt(0) !== "/" || url.charAt(1) === "/") {
        return;
    }
    var body = section.querySelector("#drill-board tbody");
    var totals = section.querySelector("#drill-totals");
    var live = section.querySelector("#board-live");
    var source = new EventSource(url);
    source.addEventListener("board", function (event) {
        var board = JSON.parse(event.data);
        var rows = document.createDocumentFragment();
        board.rows.forEach(function (row) {
            var tr = document.createElement("tr");
            tr.id = row.id;
            row.cells.forEach(function (text, index) {
                var cell = document.createElement(index === 0 ? "th" : "td");
                if (index === 0) {
                    cell.setAttribute("scope", "row");
                }
                cell.textContent = text;
                tr.appendChild(cell);
            });
            var acks = document.createElement("td");
            if (row.acks.length === 0) {
                acks.textContent = "—";
            } else {
                var list = document.createElement("ul");
                list.className = "acks";
                row.acks.forEach(function (text) {
                    var item = document.createElement("li");
                    item.textContent = text;
                    list.appendChild(item);
                });
                acks.appendChild(list);
            }
            tr.appendChild(acks);
            rows.appendChild(tr);
        });
        body.replaceChildren(rows);
        totals.textContent = board.totals;
        live.textContent = board.live;
    });
}());
