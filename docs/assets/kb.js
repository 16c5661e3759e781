/* Fill-in panel and copy buttons of template pages. Runs entirely in the page:
   values stay in this browser (localStorage), nothing is sent anywhere. */
(function () {
  "use strict";

  var STORE = "kb-fill:";

  function slotsOf(root) {
    return Array.prototype.slice.call(root.querySelectorAll(".kb-fill-slot"));
  }

  function load(id) {
    try { return JSON.parse(localStorage.getItem(STORE + id) || "{}"); }
    catch (e) { return {}; }
  }

  function save(id, values) {
    try { localStorage.setItem(STORE + id, JSON.stringify(values)); } catch (e) { /* private mode */ }
  }

  function formatDate(value) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    return m ? m[1] + "年" + Number(m[2]) + "月" + Number(m[3]) + "日" : value;
  }

  function display(type, value) {
    return type === "date" ? formatDate(value) : value;
  }

  /* Put every value into every occurrence of its slot on the page. */
  function apply(values, types) {
    document.querySelectorAll(".kb-slot").forEach(function (el) {
      var name = el.getAttribute("data-slot");
      var value = values[name];
      var filled = value !== undefined && value !== "";
      el.textContent = filled ? display(types[name], value) : "【" + name + "】";
      el.classList.toggle("kb-filled", filled);
    });
  }

  function substitute(text, values, types) {
    return text.replace(/【([^【】\n]{1,30})】/g, function (all, name) {
      var value = values[name];
      return value !== undefined && value !== "" ? display(types[name], value) : all;
    });
  }

  /* Plain text of one section: its numbered heading (levels 1-4) and its paragraphs. */
  function sectionText(el, values, types) {
    var lines = [];
    var level = Number(el.getAttribute("data-level"));
    if (level >= 1) lines.push(substitute(el.getAttribute("data-heading"), values, types));
    el.querySelectorAll("p").forEach(function (p) { lines.push(p.textContent.trim()); });
    return lines.join("\n");
  }

  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.top = "-1000px";
    document.body.appendChild(area);
    area.select();
    area.setSelectionRange(0, text.length);
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    return ok;
  }

  /* navigator.clipboard only exists in secure contexts; intranets often serve plain HTTP. */
  function copy(text, status) {
    function done(ok) {
      status.textContent = ok ? "已复制（" + text.length + "字）" : "复制失败，请手动选择文字复制";
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { done(true); },
        function () { done(fallbackCopy(text)); });
    } else {
      done(fallbackCopy(text));
    }
  }

  function button(label, onClick) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "md-button kb-copy";
    b.textContent = label;
    b.addEventListener("click", onClick);
    return b;
  }

  function inputFor(slot, value) {
    var type = slot.getAttribute("data-type");
    var input = document.createElement("input");
    input.name = slot.getAttribute("data-slot");
    input.setAttribute("data-slot", input.name);
    input.className = "kb-input";
    if (type === "count") { input.type = "number"; input.min = "0"; input.step = "1"; }
    else if (type === "percent") { input.type = "number"; input.min = "0"; input.max = "100"; input.step = "0.1"; }
    else if (type === "year") { input.type = "number"; input.min = "1949"; input.max = "2100"; input.step = "1"; }
    else if (type === "date") { input.type = "date"; }
    else { input.type = "text"; }
    input.placeholder = slot.getAttribute("data-example") || "";
    input.title = slot.getAttribute("data-hint") || "";
    input.value = value || "";
    return input;
  }

  function init() {
    var panel = document.querySelector(".kb-fill");
    if (!panel || panel.getAttribute("data-ready")) return;
    panel.setAttribute("data-ready", "1");
    var id = panel.getAttribute("data-template");
    var values = load(id);
    var types = {};
    var status = document.createElement("p");
    status.className = "kb-status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");

    var form = document.createElement("form");
    form.className = "kb-form";
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    var title = document.createElement("p");
    title.className = "kb-form-title";
    title.textContent = "填写槽位：填入的内容即时替换本页所有同名槽位，只保存在本浏览器。";
    form.appendChild(title);
    slotsOf(panel).forEach(function (slot) {
      var name = slot.getAttribute("data-slot");
      types[name] = slot.getAttribute("data-type");
      var label = document.createElement("label");
      label.className = "kb-field";
      var caption = document.createElement("span");
      caption.textContent = name;
      var input = inputFor(slot, values[name]);
      input.addEventListener("input", function () {
        values[name] = input.value;
        save(id, values);
        apply(values, types);
      });
      var hint = document.createElement("small");
      hint.textContent = slot.getAttribute("data-hint") || "";
      label.appendChild(caption);
      label.appendChild(input);
      label.appendChild(hint);
      form.appendChild(label);
    });
    var actions = document.createElement("p");
    actions.className = "kb-actions";
    actions.appendChild(button("清空已填内容", function () {
      values = {};
      save(id, values);
      form.querySelectorAll("input").forEach(function (i) { i.value = ""; });
      apply(values, types);
      status.textContent = "已清空";
    }));
    var skeletons = Array.prototype.slice.call(document.querySelectorAll(".kb-skeleton"));
    actions.appendChild(button("复制全文", function () {
      copy(skeletons.map(function (el) { return sectionText(el, values, types); }).join("\n"), status);
    }));
    form.appendChild(actions);
    form.appendChild(status);
    panel.insertBefore(form, panel.firstChild);

    skeletons.forEach(function (el) {
      var b = button("复制本节", function () { copy(sectionText(el, values, types), status); });
      b.setAttribute("data-section", el.getAttribute("data-section"));
      el.parentNode.insertBefore(b, el.nextSibling);
    });
    apply(values, types);
  }

  if (typeof document$ !== "undefined" && document$.subscribe) {
    document$.subscribe(init);   /* Material's instant navigation */
  } else {
    document.addEventListener("DOMContentLoaded", init);
  }
})();
