/* Browsing helpers: filter and copy on 表述库 and 术语, the per-role view of 责任矩阵,
   collapsed tag chips on narrow screens. No inline script or style: the site has a CSP. */
(function () {
  "use strict";

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text) { e.textContent = text; }
    return e;
  }

  /* kb-clipboard.js copies (with its fallback for plain HTTP); without it, a refusal. */
  function copy(text, button) {
    function done(ok) {
      button.textContent = ok ? "已复制" : "复制失败";
      button.classList.toggle("kb-copied", ok);
      window.setTimeout(function () { button.textContent = "复制"; }, 1500);
    }
    var copyText = window.kb.copyText;
    (copyText ? copyText(text) : Promise.resolve(false)).then(done);
  }

  function copyButton(text, label) {
    var b = el("button", "kb-copy-item", "复制");
    b.type = "button";
    b.setAttribute("aria-label", "复制：" + label);
    b.setAttribute("data-copy", text);
    b.addEventListener("click", function (ev) { ev.preventDefault(); copy(text, b); });
    return b;
  }

  function headingBefore(node, tag) {
    for (var n = node.previousElementSibling; n; n = n.previousElementSibling) {
      if (n.tagName === tag) { return n; }
    }
    return null;
  }

  /* Items of a browse block: {node, text, category, heading}. */
  function phraseItems(block) {
    var items = [];
    block.querySelectorAll("table").forEach(function (table) {
      var heading = headingBefore(table, "H2");
      var category = table.getAttribute("data-category") ||
        (heading ? heading.textContent.replace(/[（(].*$/, "").trim() : "");
      table.querySelectorAll("tbody tr").forEach(function (row) {
        var first = row.cells[0];
        if (!first) { return; }
        var text = first.textContent.trim();
        items.push({node: row, text: row.textContent, category: category,
                    heading: heading, group: table});
        first.appendChild(copyButton(text, text));
      });
    });
    return items;
  }

  function termItems(block) {
    var items = [];
    block.querySelectorAll(".kb-entry").forEach(function (entry) {
      var heading = headingBefore(entry, "H2");
      var h3 = entry.querySelector("h3");
      var term = entry.getAttribute("data-copy");
      items.push({node: entry, text: entry.textContent, category: entry.getAttribute("data-category"),
                  heading: heading, group: entry});
      if (h3 && term) { h3.appendChild(copyButton(term, term)); }
    });
    return items;
  }

  function browse(block) {
    if (block.getAttribute("data-kb-ready")) { return; }
    block.setAttribute("data-kb-ready", "1");
    var kind = block.getAttribute("data-kind");
    var items = kind === "term" ? termItems(block) : phraseItems(block);
    var categories = [];
    items.forEach(function (it) {
      if (it.category && categories.indexOf(it.category) < 0) { categories.push(it.category); }
    });

    var bar = el("div", "kb-filter");
    var input = el("input", "kb-filter-text");
    input.type = "search";
    input.placeholder = kind === "term" ? "筛选术语（输入词语）" : "筛选表述（输入词语）";
    input.setAttribute("aria-label", input.placeholder);
    var select = el("select", "kb-filter-category");
    select.setAttribute("aria-label", "类别");
    select.appendChild(new Option("全部类别", ""));
    categories.forEach(function (c) { select.appendChild(new Option(c, c)); });
    var count = el("span", "kb-filter-count");
    count.setAttribute("aria-live", "polite");
    bar.appendChild(input);
    bar.appendChild(select);
    bar.appendChild(count);
    block.parentNode.insertBefore(bar, block);

    function apply() {
      var words = input.value.trim().split(/\s+/).filter(Boolean);
      var cat = select.value;
      var shown = 0;
      var groups = [];
      items.forEach(function (it) {
        var ok = (!cat || it.category === cat) && words.every(function (w) {
          return it.text.indexOf(w) >= 0;
        });
        it.node.hidden = !ok;
        if (ok) { shown += 1; }
        groups.push(it);
      });
      /* Hide a heading (and a table) when nothing under it is shown. */
      var headings = [];
      groups.forEach(function (it) {
        if (it.heading && headings.indexOf(it.heading) < 0) { headings.push(it.heading); }
      });
      headings.forEach(function (h) {
        var any = items.some(function (it) { return it.heading === h && !it.node.hidden; });
        h.hidden = !any;
        for (var n = h.nextElementSibling; n && n.tagName !== "H2"; n = n.nextElementSibling) {
          if (n.tagName === "P" && !n.classList.contains("kb-entry")) { n.hidden = !any; }
          if (n.tagName === "TABLE") {
            n.hidden = !Array.prototype.some.call(n.tBodies[0] ? n.tBodies[0].rows : [],
              function (r) { return !r.hidden; });
          }
        }
      });
      count.textContent = "显示 " + shown + " / " + items.length + " 条";
    }
    input.addEventListener("input", apply);
    select.addEventListener("change", apply);
    apply();
  }

  /* 责任矩阵: pick a role and see only its duties and its column. */
  function matrix(table) {
    if (table.getAttribute("data-kb-ready")) { return; }
    table.setAttribute("data-kb-ready", "1");
    var roles = /** @type {string[]} */ (Array.prototype.map.call(
      table.querySelectorAll("thead th[data-role]"),
      function (/** @type {Element} */ th) { return th.getAttribute("data-role"); }));
    var bar = el("div", "kb-filter");
    var label = el("label", "kb-filter-label", "按角色查看：");
    var select = el("select", "kb-role-select");
    select.appendChild(new Option("全部角色", ""));
    roles.forEach(function (r) { select.appendChild(new Option(r, r)); });
    label.appendChild(select);
    var count = el("span", "kb-filter-count");
    count.setAttribute("aria-live", "polite");
    bar.appendChild(label);
    bar.appendChild(count);
    var wrap = table.closest(".kb-matrix-wrap") || table;
    wrap.parentNode.insertBefore(bar, wrap);

    function apply() {
      var role = select.value;
      var shown = 0;
      table.classList.toggle("kb-one-role", !!role);
      table.querySelectorAll("[data-role]").forEach(function (cell) {
        cell.hidden = !!role && cell.getAttribute("data-role") !== role;
      });
      var group = null;
      var groupHas = false;
      function closeGroup() { if (group) { group.hidden = !groupHas; } }
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        if (row.classList.contains("kb-matrix-group")) {
          closeGroup();
          group = row;
          groupHas = false;
          return;
        }
        var mine = !role || row.getAttribute("data-roles").split("|").indexOf(role) >= 0;
        row.hidden = !mine;
        if (mine) { shown += 1; groupHas = true; }
      });
      closeGroup();
      count.textContent = role ? role + "：" + shown + " 项责任" : "共 " + shown + " 项责任";
    }
    select.addEventListener("change", apply);
    apply();
  }

  /* Tag chips: on a narrow screen only the first row shows, with a button for the rest. */
  function tags(box) {
    if (box.getAttribute("data-kb-ready")) { return; }
    box.setAttribute("data-kb-ready", "1");
    var n = box.querySelectorAll(".md-tag").length;
    if (n <= 3) { return; }
    var b = el("button", "kb-tags-toggle", "全部标签（" + n + "）");
    b.type = "button";
    b.setAttribute("aria-expanded", "false");
    b.addEventListener("click", function () {
      var open = box.classList.toggle("kb-tags-open");
      b.setAttribute("aria-expanded", open ? "true" : "false");
      b.textContent = open ? "收起标签" : "全部标签（" + n + "）";
    });
    box.parentNode.insertBefore(b, box.nextSibling);
  }

  function init() {
    document.querySelectorAll(".kb-browse").forEach(browse);
    document.querySelectorAll("table.kb-matrix").forEach(matrix);
    document.querySelectorAll(".md-content .md-tags").forEach(tags);
  }

  window.kb = window.kb || {};
  window.kb.browse = { init: init };

  if (typeof document$ !== "undefined" && document$.subscribe) {
    document$.subscribe(init);   /* Material's instant navigation */
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
