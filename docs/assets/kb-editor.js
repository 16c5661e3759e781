/* Section editors of the writer's workbench: each section of 报告框架 becomes an editable
   list of draft paragraphs (skeleton text or chosen examples), with reorder, delete, drop,
   an example picker filtered by unit type, 换一段 (the section's next fitting example) and
   示例事实: an example's own facts 〖…〗 shown marked, with 确认, until the writer confirms or
   rewrites them. kb.js calls kb.editor.attach(bench, ui). */
(function () {
  "use strict";

  var D = window.kb.draft;
  var C = window.kb.compose;

  function attach(bench, ui) {
    var el = ui.el, button = ui.button;
    var editors = {};
    var known = C.exampleFacts(bench.data);

    /* Leaving a paragraph's editor: facts the writer rewrote are the writer's own now. */
    function settle(ed) {
      var s = state(ed.sec.id), i = ed.editing;
      if (i < 0 || i >= s.paragraphs.length) return;
      var text = C.settleFacts(s.paragraphs[i], known);
      if (text !== s.paragraphs[i]) { s.paragraphs[i] = text; bench.changed("text"); }
    }

    /* Paragraph text as DOM: 〖facts〗 as marked 示例事实 with a 确认 button, slots as kb.js
       shows them. */
    function marked(text, values, onConfirm) {
      var frag = document.createDocumentFragment(), pos = 0;
      C.facts(text).forEach(function (f, n) {
        if (f.start > pos) frag.appendChild(ui.slotted(text.slice(pos, f.start), values, true));
        var mark = el("mark", { "class": "kb-fact", title: "示例事实：换成本单位的情况；本单位确有此数据时点“属实”。段落仍照搬示例的，检查会报照抄示例" },
          [el("span", { "class": "kb-sr", text: "示例事实：" }), ui.slotted(f.inner, values, true)]);
        var ok = button("属实", function () { onConfirm(n); }, "kb-fact-ok");
        ok.setAttribute("aria-label", "确认此数据属实：“" + f.inner + "”（段落仍与示例相同时，检查会报照抄示例）");
        frag.appendChild(mark);
        frag.appendChild(ok);
        pos = f.end;
      });
      if (pos < text.length) frag.appendChild(ui.slotted(text.slice(pos), values, true));
      return frag;
    }

    function state(id) {
      for (var i = 0; i < bench.draft.sections.length; i++) {
        if (bench.draft.sections[i].id === id) return bench.draft.sections[i];
      }
      return null;
    }

    function editItem(ed, index) {
      settle(ed);
      ed.editing = index;
      render(ed);
      var area = ed.list.querySelector("textarea");
      if (area) area.focus();
    }

    function paragraph(ed, s, index, values) {
      var sec = ed.sec, text = s.paragraphs[index], n = index + 1;
      var item = el("li", { "class": "kb-para", "data-index": String(index) });
      if (ed.editing === index) {
        var id = "kb-edit-" + sec.id + "-" + n;
        var area = el("textarea", { id: id, "class": "kb-input kb-para-edit", rows: "6" });
        area.value = text;
        area.addEventListener("input", function () {
          s.paragraphs[index] = area.value;
          bench.changed("text");
        });
        /* Leaving the box (a click elsewhere, Tab): rewritten facts lose their brackets
           here too, without redrawing under the click. */
        area.addEventListener("change", function () {
          var settled = C.settleFacts(area.value, known);
          if (settled === area.value) return;
          area.value = s.paragraphs[index] = settled;
          bench.changed("text");
        });
        area.addEventListener("keydown", function (e) {
          if (e.key === "Escape") {
            settle(ed);
            ed.editing = -1;
            render(ed);
            focusTool(ed, index, "kb-edit");
          }
        });
        item.appendChild(el("label", { "for": id, "class": "kb-para-label",
          text: sec.heading + " · 第" + n + "段（槽位写作【名称】，填写后自动替换；〖〗中是示例单位的事实，"
            + "改成本单位的情况即可）" }));
        item.appendChild(area);
        item.appendChild(el("div", { "class": "kb-para-tools" }, [button("完成", function () {
          settle(ed);
          ed.editing = -1;
          render(ed);
          focusTool(ed, index, "kb-edit");
        }, "kb-done")]));
        return item;
      }
      var shown = el("div", { "class": "kb-para-text" }, [marked(text, values, function (k) {
        var fact = C.facts(s.paragraphs[index])[k];
        s.paragraphs[index] = C.confirmFact(s.paragraphs[index], k);
        bench.changed("text");
        render(ed);
        ed.status.textContent = "已确认：" + (fact ? fact.inner : "");
        var next = ed.list.querySelector(".kb-para[data-index='" + index + "'] .kb-fact-ok");
        if (next) next.focus(); else focusTool(ed, index, "kb-edit");
      })]);
      if (!text.trim()) shown.appendChild(el("span", { "class": "kb-empty", text: "（空段落）" }));
      item.appendChild(shown);
      var label = sec.heading + "第" + n + "段";
      function tool(name, cls, fn, disabled) {
        var b = button(name, fn, cls);
        b.setAttribute("aria-label", name + label);
        if (disabled) b.disabled = true;
        return b;
      }
      item.appendChild(el("div", { "class": "kb-para-tools" }, [
        tool("编辑", "kb-edit", function () { editItem(ed, index); }),
        tool("上移", "kb-up", function () { move(ed, s, index, -1); }, index === 0),
        tool("下移", "kb-down", function () { move(ed, s, index, 1); },
          index === s.paragraphs.length - 1),
        tool("删除", "kb-del", function () {
          s.paragraphs.splice(index, 1);
          bench.changed("text");
          render(ed);
          ed.status.textContent = "已删除" + label;
          focusTool(ed, Math.min(index, s.paragraphs.length - 1), "kb-edit");
        })]));
      return item;
    }

    function focusTool(ed, index, cls) {
      var b = ed.list.querySelector(".kb-para[data-index='" + index + "'] ." + cls);
      if (b && !b.disabled) b.focus(); else ed.drop.focus();
    }

    function move(ed, s, index, step) {
      var to = index + step, p = s.paragraphs.splice(index, 1)[0];
      s.paragraphs.splice(to, 0, p);
      bench.changed("text");
      render(ed);
      ed.status.textContent = "已" + (step < 0 ? "上移" : "下移") + "到第" + (to + 1) + "段";
      focusTool(ed, to, step < 0 ? "kb-up" : "kb-down");
    }

    function render(ed) {
      var s = state(ed.sec.id), values = bench.values();
      ed.root.classList.toggle("kb-dropped", s.dropped);
      ed.drop.textContent = s.dropped ? "恢复本节" : "不用本节";
      ed.drop.setAttribute("aria-pressed", s.dropped ? "true" : "false");
      ed.note.hidden = !s.dropped;
      ed.list.hidden = s.dropped;
      while (ed.list.firstChild) ed.list.removeChild(ed.list.firstChild);
      s.paragraphs.forEach(function (p, i) { ed.list.appendChild(paragraph(ed, s, i, values)); });
      if (!s.paragraphs.length && !s.dropped) {
        ed.list.appendChild(el("li", { "class": "kb-para kb-empty",
          text: "本节还没有段落：选用下方的示例段落，或点“恢复框架文字”“新增段落”。" }));
      }
    }

    function editor(skeleton) {
      var sec = D.sectionOf(bench.data, skeleton.getAttribute("data-section"));
      if (!sec) return;
      var ed = { sec: sec, editing: -1 };
      ed.list = el("ol", { "class": "kb-paras", "aria-label": sec.heading + "的草稿段落" });
      ed.note = el("p", { "class": "kb-drop-note", text: "本节不写入草稿（打印、复制和 Word 中都不出现）。" });
      var copier = ui.action("复制本节", "kb-copy-sec", function (status) {
        ui.copy(D.plainText(bench.data, bench.draft, bench.values(), sec.id), status);
      });
      copier.button.setAttribute("data-section", sec.id);
      ed.status = copier.status;
      ed.drop = button("不用本节", function () {
        var s = state(sec.id);
        s.dropped = !s.dropped;
        bench.changed("drop");
        render(ed);
        ed.status.textContent = s.dropped ? "本节已去掉" : "本节已恢复";
      }, "kb-drop");
      var tools = el("div", { "class": "kb-sec-tools" }, [ed.drop,
        button("恢复框架文字", function () {
          var s = state(sec.id);
          s.paragraphs = sec.skeleton.slice();
          s.dropped = false;
          ed.editing = -1;
          bench.changed("text");
          render(ed);
          ed.status.textContent = "已恢复为框架文字";
        }, "kb-reset"),
        button("新增段落", function () {
          var s = state(sec.id);
          s.paragraphs.push("");
          s.dropped = false;
          bench.changed("text");
          editItem(ed, s.paragraphs.length - 1);
        }, "kb-add"), copier.node]);
      if (sec.examples.length) {
        ed.swap = button("换一段", function () { swap(ed); }, "kb-swap");
        ed.swap.setAttribute("aria-label", "把" + sec.heading + "换成下一段适合本单位类型的示例");
        tools.insertBefore(ed.swap, tools.firstChild);
      }
      ed.root = el("div", { "class": "kb-editor", "data-section": sec.id }, [
        el("p", { "class": "kb-editor-title", text: "本节草稿" }), tools, ed.note, ed.list]);
      skeleton.parentNode.replaceChild(ed.root, skeleton);
      editors[sec.id] = ed;
      render(ed);
      picker(ed);
    }

    function year() {
      return D.validate("year", bench.raw()["报告年度"]).value;
    }

    /* 换一段: the next example that fits the unit type replaces the section's example (kept
       and put after it when the writer has already edited it). */
    function swap(ed) {
      var s = state(ed.sec.id), unit = bench.profile.unit_type;
      settle(ed);
      ed.editing = -1;
      var next = C.nextExample(ed.sec, s, unit, year());
      if (!next) {
        ed.status.textContent = C.fitting(ed.sec, unit, year()).length
          ? "本节只有这一段适合" + (unit || "各类单位") + "的示例"
          : "本节没有适合" + (unit || "各类单位") + "的示例，请写本单位的情况";
        return;
      }
      if (next.replace) s.paragraphs.splice(next.index, 1, next.example.text);
      else s.paragraphs.splice(next.index, 0, next.example.text);
      s.example = next.example.id;
      s.dropped = false;
      bench.changed("text");
      render(ed);
      var list = C.fitting(ed.sec, unit, year());
      ed.status.textContent = next.replace
        ? "已换成另一段示例（第" + (list.indexOf(next.example) + 1) + "段，共" + list.length + "段）"
        : "已换成另一段示例；你改过的原段落保留在其后，可删除";
    }

    /* The section's example paragraphs: a unit-type filter and an 加入本节 button on each. */
    function picker(ed) {
      var examples = ed.sec.examples;
      if (!examples.length) return;
      var first = document.getElementById(examples[0].id);
      var box = first && first.closest("details");
      if (!box) return;
      var types = [];
      examples.forEach(function (ex) { if (types.indexOf(ex.unit_type) < 0) types.push(ex.unit_type); });
      var id = "kb-filter-" + ed.sec.id;
      var select = el("select", { id: id, "class": "kb-input kb-filter" },
        [el("option", { value: "", text: "全部类型" })].concat(types.map(function (t) {
          return el("option", { value: t, text: t });
        })));
      var count = el("span", { "class": "kb-filter-count", "aria-live": "polite" });
      var summary = box.querySelector("summary");
      box.insertBefore(el("div", { "class": "kb-filter-row" }, [
        el("label", { "for": id, text: "单位类型" }), select, count]),
        summary ? summary.nextSibling : box.firstChild);
      var rows = [];
      examples.forEach(function (ex) {
        var p = document.getElementById(ex.id);
        if (!p) return;
        var meta = p.nextElementSibling && p.nextElementSibling.classList.contains("kb-meta")
          ? p.nextElementSibling : null;
        var add = ui.action("加入本节草稿", "kb-pick", function (status) {
          var s = state(ed.sec.id);
          s.paragraphs.push(ex.text);
          s.dropped = false;
          bench.changed("text");
          render(ed);
          status.textContent = "已加入，位于本节第" + s.paragraphs.length + "段";
        });
        add.button.setAttribute("data-example", ex.id);
        add.button.setAttribute("aria-label", "把这段" + ex.unit_type + "示例加入" + ed.sec.heading);
        (meta || p).after(add.node);
        rows.push({ ex: ex, nodes: [p, meta, add.node] });
      });
      function apply(type) {
        var shown = 0;
        rows.forEach(function (r) {
          var hide = !!type && r.ex.unit_type !== type && (r.ex.unit_type || C.ALL_TYPES) !== C.ALL_TYPES;
          r.nodes.forEach(function (n) { if (n) n.classList.toggle("kb-hidden", hide); });
          if (!hide) shown++;
        });
        count.textContent = "显示" + shown + "段，共" + rows.length + "段";
      }
      function fromProfile() {
        var mine = bench.profile.unit_type;
        if (mine && types.indexOf(mine) < 0 && types.indexOf(C.ALL_TYPES) >= 0) {
          types.push(mine);                 /* the examples for every type fit this unit */
          select.appendChild(el("option", { value: mine, text: mine + "（通用示例）" }));
        }
        select.value = mine && types.indexOf(mine) >= 0 ? mine : "";
        apply(select.value);
        if (mine && types.indexOf(mine) < 0) count.textContent += "（本节没有" + mine + "的示例）";
      }
      select.addEventListener("change", function () { apply(select.value); });
      bench.listeners.push(function (what) {
        if (what === "unit" || what === "all" || what === "sync") fromProfile();
      });
      fromProfile();
    }

    document.querySelectorAll(".kb-skeleton[data-section]").forEach(editor);
    bench.listeners.push(function (what) {
      if (what === "text" || what === "drop" || what === "unit") return;  /* redrawn where made */
      Object.keys(editors).forEach(function (k) {
        if (what === "all") editors[k].editing = -1;
        render(editors[k]);
      });
    });
  }

  window.kb.editor = { attach: attach };
})();
