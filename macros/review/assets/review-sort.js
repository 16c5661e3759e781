// Sort the review table by a column: click a header once for ascending, again for
// descending. Numbers sort as numbers, empty cells last. No inline script: index.html
// loads this file from beside it.
(function () {
  "use strict";
  var table = document.getElementById("summary");
  var head = table instanceof HTMLTableElement ? table.tHead : null;
  var body = table instanceof HTMLTableElement ? table.tBodies[0] : null;
  if (!head || !body) return;
  var headers = head.rows[0].cells, rowGroup = body;
  function key(row, col) {
    var cell = row.cells[col];
    var v = cell.hasAttribute("data-value") ? cell.getAttribute("data-value") : cell.textContent;
    return v.trim();
  }
  function compare(a, b, desc) {
    if (a === "" && b === "") return 0;
    if (a === "") return 1;
    if (b === "") return -1;
    var na = Number(a), nb = Number(b);
    var r = !isNaN(na) && !isNaN(nb) ? na - nb : a.localeCompare(b, "zh-CN");
    return desc ? -r : r;
  }
  Array.prototype.forEach.call(headers, function (th) {
    th.querySelector("button").addEventListener("click", function () {
      var col = Number(th.getAttribute("data-col"));
      var desc = th.getAttribute("aria-sort") === "ascending";
      Array.prototype.forEach.call(headers, function (other) {
        other.setAttribute("aria-sort", "none");
      });
      th.setAttribute("aria-sort", desc ? "descending" : "ascending");
      var rows = Array.prototype.slice.call(rowGroup.rows);
      rows.sort(function (a, b) { return compare(key(a, col), key(b, col), desc); });
      rows.forEach(function (r) { rowGroup.appendChild(r); });
    });
  });
})();
