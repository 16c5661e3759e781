/* The writer's workbench of template pages: the unit profile and slot form, the actions
   (起草初稿, copy, print, Word, export, import, clear with undo), the check before a file is
   written (成稿前检查) and the print view. The section editors are in kb-editor.js, the draft
   model in kb-draft.js and kb-compose.js. Everything stays in this browser (localStorage);
   nothing is sent anywhere. */
(function () {
  "use strict";

  var D = window.kb.draft;
  var C = window.kb.compose;
  var PROFILE = "kb-profile";
  /* This file's own address: the checker is loaded from beside it (relative, so file://
     works too). */
  var HERE = document.currentScript
    ? /** @type {HTMLScriptElement} */ (document.currentScript).src : "";

  /**
   * @template {keyof HTMLElementTagNameMap} K
   * @param {K} tag
   * @param {Record<string, string>} [attrs] attributes; "text" is the text, "class" the class
   * @param {(Node | null)[]} [children] null ones are left out
   * @returns {HTMLElementTagNameMap[K]}
   */
  function el(tag, attrs, children) {
    var node = document.createElement(tag), given = attrs || {};
    Object.keys(given).forEach(function (k) {
      if (k === "text") node.textContent = given[k];
      else if (k === "class") node.className = given[k];
      else node.setAttribute(k, given[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(c); });
    return node;
  }

  function button(label, onClick, cls) {
    var b = el("button", { type: "button", "class": "md-button kb-copy " + (cls || ""), text: label });
    b.addEventListener("click", onClick);
    return b;
  }

  /* A button with its own status line right next to it, so feedback is seen where it was asked. */
  function action(label, cls, onClick) {
    var status = el("span", { "class": "kb-status", role: "status", "aria-live": "polite" });
    var b = button(label, function () { onClick(status, b); }, cls);
    return { node: el("span", { "class": "kb-act" }, [b, status]), button: b, status: status };
  }

  function readIsland(id) {
    var node = document.getElementById(id);
    try { return node ? JSON.parse(node.textContent) : null; } catch (e) { return null; }
  }

  /* kb-clipboard.js copies (with its fallback for plain HTTP); without it, a refusal. */
  function copy(text, status) {
    function done(ok) {
      status.textContent = ok ? "已复制（" + text.length + "字）" : "复制失败，请手动选择文字复制";
    }
    var copyText = window.kb.copyText;
    (copyText ? copyText(text) : Promise.resolve(false)).then(done);
  }

  function saveBlob(blob, name) {
    var url = URL.createObjectURL(blob);
    var a = el("a", { href: url, download: name });
    document.body.appendChild(a);
    a.click();
    document.body.removeChild(a);
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  /* Slot text as DOM: filled slots show their value, empty ones stay 【名称】. */
  function slotted(text, values, marked) {
    var frag = document.createDocumentFragment();
    var pos = 0, m, re = new RegExp(D.SLOT.source, "g");
    while ((m = re.exec(text)) !== null) {
      if (m.index > pos) frag.appendChild(document.createTextNode(text.slice(pos, m.index)));
      var filled = values[m[1]] !== undefined && values[m[1]] !== "";
      var shown = filled ? values[m[1]] : m[0];
      frag.appendChild(marked ? el("span", { "class": "kb-slot" + (filled ? " kb-filled" : ""),
        "data-slot": m[1], text: shown }) : document.createTextNode(shown));
      pos = m.index + m[0].length;
    }
    if (pos < text.length) frag.appendChild(document.createTextNode(text.slice(pos)));
    return frag;
  }

  /* The draft alone, in the official layout, for the printer (hidden on screen). */
  function printView(bench) {
    var old = document.querySelector(".kb-print");
    var view = el("div", { "class": "kb-print", "aria-hidden": "true" });
    var values = bench.values(), data = bench.data, first = true;
    var heading = D.title(data, bench.draft, values), title = el("p", { "class": "kb-print-title" });
    var lines = window.kb.word && window.kb.word.titleLines && bench.layout.title
      ? window.kb.word.titleLines(heading, bench.layout) : [heading];
    lines.forEach(function (line, n) {       /* broken between words, as in Word */
      if (n) title.appendChild(el("br"));
      title.appendChild(document.createTextNode(line));
    });
    view.appendChild(title);
    bench.draft.sections.forEach(function (s) {
      var sec = D.sectionOf(data, s.id);
      if (s.dropped || sec.heading === D.TITLE_HEADING) return;
      var sign = sec.heading === D.SIGNATURE_HEADING;
      if (sec.level >= 1) {
        view.appendChild(el("p", { "class": "kb-print-h kb-print-h" + sec.level },
          [slotted(sec.heading, values, false)]));
      }
      s.paragraphs.forEach(function (p) {
        if (!p.trim()) return;
        var text = p.trim();
        var cls = sign ? "kb-print-sign" : (first && text.length <= bench.layout.addressee_max_chars
          && /：$/.test(text) ? "kb-print-to" : "");
        view.appendChild(el("p", { "class": cls }, [slotted(text, values, false)]));
        first = false;
      });
      if (sign) view.insertBefore(el("p", { "class": "kb-print-gap" }),
        view.querySelector(".kb-print-sign"));
    });
    if (old) old.replaceWith(view); else document.body.appendChild(view);
  }

  function field(bench, slot, store, kind) {
    var id = "kb-in-" + slot.name;
    var input = el("input", { id: id, type: "text", name: slot.name, "data-slot": slot.name,
      "class": "kb-input", autocomplete: "off", "aria-describedby": id + "-hint " + id + "-err" });
    if (slot.type === "count" || slot.type === "year") input.setAttribute("inputmode", "numeric");
    if (slot.type === "percent") input.setAttribute("inputmode", "decimal");
    input.value = store()[slot.name] || "";
    var hint = el("small", { id: id + "-hint", "class": "kb-hint",
      text: slot.hint + (slot.example ? " 示例：" + slot.example : "") });
    var error = el("small", { id: id + "-err", "class": "kb-error", "aria-live": "polite" });
    function check(show) {
      var result = D.validate(slot.type, input.value);
      if (!result.error || show) error.textContent = result.error;
      input.setAttribute("aria-invalid", result.error && show ? "true" : "false");
      return result;
    }
    input.addEventListener("input", function () {
      store()[slot.name] = input.value;
      check(false);
      bench.changed(kind);
    });
    input.addEventListener("change", function () {
      var result = check(true);
      if (!result.error && result.value && slot.type === "date" && input.value !== result.value) {
        input.value = store()[slot.name] = result.value;
        bench.changed(kind);
      }
    });
    bench.inputs.push(function () { input.value = store()[slot.name] || ""; check(true); });
    return el("div", { "class": "kb-field" }, [el("label", { "for": id, text: slot.name }), input,
      hint, error]);
  }

  function unitSelect(bench) {
    var select = el("select", { id: "kb-unit-type", "class": "kb-input" },
      [el("option", { value: "", text: "未选择（示例显示全部类型）" })].concat(
        bench.data.unit_types.map(function (u) { return el("option", { value: u, text: u }); })));
    select.value = bench.profile.unit_type || "";
    select.addEventListener("change", function () {
      bench.profile.unit_type = select.value;
      bench.changed("unit");
    });
    bench.inputs.push(function () { select.value = bench.profile.unit_type || ""; });
    return el("div", { "class": "kb-field" }, [
      el("label", { "for": "kb-unit-type", text: "单位类型" }), select,
      el("small", { "class": "kb-hint", text: "起草初稿和各节的示例段落按这一类型挑选。" })]);
  }

  function form(bench) {
    var data = bench.data;
    var shared = data.slots.filter(function (s) { return s.profile; });
    var own = data.slots.filter(function (s) { return !s.profile; });
    var profile = el("fieldset", { "class": "kb-form kb-profile" },
      [el("legend", { text: "单位信息（所有模板共用，填一次即可）" }), unitSelect(bench)]);
    shared.forEach(function (s) {
      profile.appendChild(field(bench, s, function () { return bench.profile.values; }, "profile"));
    });
    var mine = el("fieldset", { "class": "kb-form kb-own" },
      [el("legend", { text: "本模板的数据" })]);
    own.forEach(function (s) {
      mine.appendChild(field(bench, s, function () { return bench.own; }, "values"));
    });
    return own.length ? [profile, mine] : [profile];
  }

  /* 成稿前检查: before Word, print or copy, one list of what is unfinished (profile fields,
     unfilled slots, unconfirmed facts, placeholders), each item jumps to its place; the
     writer can go back or go on. Nothing unfinished: the action runs at once. */
  /** @returns {HTMLDialogElement} */
  function dialog() {
    var found = document.querySelector("dialog.kb-preflight");
    if (found) return /** @type {HTMLDialogElement} */ (found);     /* the selector names a dialog */
    var box = document.createElement("dialog");
    box.className = "kb-preflight md-typeset";
    box.setAttribute("aria-labelledby", "kb-preflight-title");
    document.body.appendChild(box);
    return box;
  }

  function jump(bench, item) {
    /** @type {HTMLElement | null} */
    var target = null;
    if (item.slot) target = document.querySelector(".kb-input[data-slot='" + item.slot + "']");
    if (target) {
      /* a slot is filled in the form */
    } else if (item.section === null) {
      target = document.querySelector(".kb-input[data-slot='" + item.slot + "']");
    } else {
      var ed = document.querySelector(".kb-editor[data-section='" + item.section + "']");
      var para = ed && item.paragraph >= 0
        ? ed.querySelector(".kb-para[data-index='" + item.paragraph + "']") : null;
      target = para ? (para.querySelector(".kb-fact-ok") || para.querySelector(".kb-edit")) : ed
        && (ed.querySelector(".kb-swap") || ed.querySelector(".kb-drop"));
    }
    if (!target) return;
    target.scrollIntoView({ block: "center" });
    target.focus();
  }

  /* The site's checker (assets/checker-data.js, assets/checker.js), loaded on first use as
     kb-word.js loads the docx library: the check before writing reports what the checker
     page and `kb check` report. Resolves {api, data}, or null when it cannot load. */
  var checkerLoad = null;
  function script(path) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = new URL(path, HERE || document.baseURI).href;
      s.onload = resolve;
      s.onerror = reject;
      document.head.appendChild(s);
    });
  }
  function loadChecker() {
    function got() {
      var kb = window.kb || {};
      return kb.checker && kb.checkerData ? { api: kb.checker, data: kb.checkerData } : null;
    }
    if (got()) return Promise.resolve(got());
    if (!checkerLoad) {
      checkerLoad = ((window.kb || {}).checkerData ? Promise.resolve() : script("checker-data.js"))
        .then(function () { return (window.kb || {}).checker ? null : script("checker.js"); })
        .then(got, function () { checkerLoad = null; return null; });
    }
    return checkerLoad;
  }

  function gate(bench, what, proceed) {
    var root = document.documentElement;
    root.setAttribute("data-kb-preflight", "pending");     /* the checker may still load */
    loadChecker().then(function (checker) {
      root.setAttribute("data-kb-preflight", "done");
      var items;
      try {
        items = C.preflight(bench.data, bench.draft, bench.raw(), D.validate,
          bench.data.placeholders, checker);
      } catch (e) { checker = null; }
      if (!checker) {
        items = C.preflight(bench.data, bench.draft, bench.raw(), D.validate,
          bench.data.placeholders);
      }
      shown(bench, what, proceed, items, !!checker);
    });
  }

  function shown(bench, what, proceed, items, checked) {
    if (!items.length) { proceed(); return; }
    var box = dialog();
    while (box.firstChild) box.removeChild(box.firstChild);
    var list = el("ol", { "class": "kb-preflight-list" });
    items.forEach(function (item) {
      var sec = item.section === null ? null : D.sectionOf(bench.data, item.section);
      var where = sec ? sec.heading + (item.paragraph >= 0 ? " 第" + (item.paragraph + 1) + "段"
        : " 标题") : "";
      var go = button((where ? where + "：" : "") + item.text
        + (item.count > 1 ? "（共" + item.count + "处）" : ""),
        function () { box.close(); jump(bench, item); }, "kb-jump");
      list.appendChild(el("li", { "data-kind": item.kind }, [
        el("span", { "class": "kb-preflight-kind", text: item.kind }), go]));
    });
    var counts = {};
    items.forEach(function (i) { counts[i.kind] = (counts[i.kind] || 0) + 1; });
    var back = button("返回修改", function () { box.close(); jump(bench, items[0]); }, "kb-back");
    var goOn = button("仍然继续" + what, function () { box.close(); proceed(); }, "kb-go-on");
    box.appendChild(el("h2", { id: "kb-preflight-title", text: "成稿前检查：还有" + items.length
      + "处没有完成" }));
    box.appendChild(el("p", { "class": "kb-note", text: Object.keys(counts).map(function (k) {
      return k + counts[k] + "处";
    }).join("，") + "。点一项跳到该处；〖〗和【】会原样留在文件中。"
      + (checked ? "" : "（草稿检查器未能加载，本次只按页面自带的规则检查，照抄示例等问题请到“草稿检查”页核对。）") }));
    box.appendChild(el("div", { "class": "kb-preflight-buttons" }, [back, goOn]));
    box.appendChild(list);
    if (typeof box.showModal === "function") box.showModal(); else box.setAttribute("open", "");
    back.focus();
  }

  /* The three actions that write the draft out, each behind 成稿前检查. */
  function writers(bench, bar) {
    bar.appendChild(action("复制全文", "kb-copy-all", function (status) {
      gate(bench, "复制", function () {
        copy(D.plainText(bench.data, bench.draft, bench.values()), status);
      });
    }).node);
    bar.appendChild(action("打印草稿", "kb-print-btn", function (status) {
      gate(bench, "打印", function () {
        printView(bench);
        status.textContent = "已打开打印窗口（只打印草稿正文）";
        window.print();
      });
    }).node);
    bar.appendChild(action("下载 Word", "kb-word", function (status) {
      gate(bench, "下载", function () { word(bench, status); });
    }).node);
    return bar;
  }

  function word(bench, status) {
    var draft = bench.exported(), name = D.fileName(draft.title, ".docx");
    var word = window.kb.word;
    if (word && typeof word.buildDocx === "function") {
      status.textContent = "正在生成……";
      word.buildDocx(draft, bench.layout).then(function (blob) {
        saveBlob(blob, name);
        status.textContent = "已下载 " + name;
      }, function () { status.textContent = "生成失败，请改用导出草稿或下方的 Word 模板"; });
      return;
    }
    var link = /** @type {HTMLAnchorElement | null} */ (document.querySelector(".kb-download a"));
    if (link) link.click();
    status.textContent = "本页暂不能生成已填写的 Word，已改为下载未填写的 Word 模板（槽位黄色标出）";
  }

  function actions(bench) {
    var bar = el("div", { "class": "kb-actions" });
    var undo = button("撤销", function () { bench.undo(undo, clear.status); }, "kb-undo");
    undo.hidden = true;
    function offerUndo(status, text) {
      status.textContent = text;
      status.appendChild(undo);
      undo.hidden = false;
    }
    bar.appendChild(action("起草初稿", "kb-first-draft", function (status) {
      var unit = bench.profile.unit_type;
      if (!unit) {                        /* the examples are chosen by unit type */
        status.textContent = "请先选择单位类型，初稿按类型挑选示例";
        var select = document.getElementById("kb-unit-type");
        if (select) { select.scrollIntoView({ block: "center" }); select.focus(); }
        return;
      }
      bench.snapshot();
      bench.draft = D.reconcile(bench.data, C.firstDraft(bench.data, unit,
        D.validate("year", bench.raw()["报告年度"]).value));
      bench.restored();
      var n = bench.draft.sections.filter(function (s) { return s.example; }).length;
      offerUndo(status, "已按" + unit + "起草初稿：" + n + "节用了示例段落，"
        + "〖〗标出的是示例单位的事实，请逐处换成本单位的情况；原样留下示例的段落检查时报照抄");
      /* Take the writer to the draft: its first section, announced (aria-live). */
      var first = /** @type {HTMLElement | null} */ (document.querySelector(".kb-editor"));
      if (first) {
        if (!first.hasAttribute("tabindex")) first.setAttribute("tabindex", "-1");
        first.scrollIntoView({ block: "start" });
        first.focus({ preventScroll: true });
        var live = document.getElementById("kb-draft-live");
        if (!live) {
          live = el("p", { id: "kb-draft-live", "class": "kb-sr", role: "status",
            "aria-live": "polite" });
          document.body.appendChild(live);
        }
        live.textContent = "初稿已起草，已转到第一节";
      }
    }).node);
    writers(bench, bar);
    bar.appendChild(action("导出草稿", "kb-export", function (status) {
      var draft = bench.exported(), name = D.fileName(draft.title, "（草稿）.json");
      saveBlob(new Blob([JSON.stringify(draft, null, 1)], { type: "application/json" }), name);
      status.textContent = "已导出 " + name;
    }).node);
    var file = el("input", { type: "file", id: "kb-import-file", accept: ".json,application/json",
      "class": "kb-file" });
    var imp = action("导入草稿", "kb-import", function () { file.click(); });
    imp.node.insertBefore(el("label", { "for": "kb-import-file", "class": "kb-sr",
      text: "选择要导入的草稿文件" }), imp.status);
    imp.node.insertBefore(file, imp.status);
    file.addEventListener("change", function () {
      var f = file.files && file.files[0];
      if (!f) return;
      f.text().then(function (text) {
        var notes = bench.importText(text);
        offerUndo(imp.status, "已导入" + (notes.length ? "（" + notes.join("；") + "）" : ""));
      }).catch(function (err) {
        imp.status.textContent = "未导入：" + err.message;
      }).then(function () { file.value = ""; });
    });
    bar.appendChild(imp.node);
    var clear = action("清空草稿", "kb-clear", function (status) {
      status.textContent = "清空本模板的草稿和数据（单位信息保留）？";
      status.appendChild(button("确定清空", function () {
        bench.clear();
        offerUndo(status, "已清空");
      }, "kb-confirm"));
      status.appendChild(button("取消", function () { status.textContent = "未清空"; }, "kb-cancel"));
    });
    bar.appendChild(clear.node);
    return bar;
  }

  function Bench(panel, data, layout) {
    var id = data.template, self = this;
    this.data = data;
    this.layout = layout || {};
    this.inputs = [];
    this.keys = { values: "kb-values:" + id, draft: "kb-draft:" + id, undo: "kb-undo:" + id };
    this.bad = [];                     // stored keys holding what this page cannot read
    this.profile = this.stored(PROFILE, "profile", null) || { unit_type: "", values: {} };
    this.profile.values = this.profile.values || {};
    this.own = this.stored(this.keys.values, "values", null);
    if (this.own === null) {           // values kept by the earlier fill-in form
      this.own = {};
      var old = this.stored("kb-fill:" + id, "values", {});
      data.slots.forEach(function (s) {
        if (!old[s.name]) return;
        if (!s.profile) self.own[s.name] = old[s.name];
        else if (!self.profile.values[s.name]) self.profile.values[s.name] = old[s.name];
      });
    }
    this.draft = D.reconcile(data, this.stored(this.keys.draft, "draft", null));
    this.listeners = [];
  }
  /* A stored value of the expected shape, else the fallback (the key noted in this.bad). */
  Bench.prototype.stored = function (key, kind, fallback) {
    var got = D.checked(key, kind, fallback);
    if (got.bad) this.bad.push(key);
    return got.value;
  };
  /* Start-up with stored data of another shape: say so, and offer to reset it. */
  Bench.prototype.badNotice = function () {
    if (!this.bad.length) return null;
    var keys = this.bad.slice();
    var note = el("p", { "class": "kb-note kb-stored-bad", role: "alert", text: "本浏览器中保存的"
      + "部分草稿数据格式不对（可能由旧版本或其他程序写入），已暂时不用，页面按空白草稿打开。" });
    note.appendChild(button("重置这些数据", function () {
      keys.forEach(function (k) { D.remove(k); });
      note.textContent = "已重置，可以重新填写。";
    }, "kb-reset"));
    return note;
  };
  Bench.prototype.raw = function () {
    var out = {}, self = this;
    this.data.slots.forEach(function (s) {
      out[s.name] = (s.profile ? self.profile.values : self.own)[s.name];
    });
    return out;
  };
  Bench.prototype.values = function () { return D.usable(this.data, this.raw()); };
  Bench.prototype.exported = function () { return D.exported(this.data, this.draft, this.values()); };
  /* The profile is written only when it changed here: another tab may have changed it. */
  Bench.prototype.save = function (what) {
    if (what === "profile" || what === "unit" || what === "all") D.save(PROFILE, this.profile);
    D.save(this.keys.values, this.own);
    D.save(this.keys.draft, this.draft);
  };
  Bench.prototype.changed = function (what) {
    this.save(what);
    var self = this;
    this.listeners.forEach(function (fn) { fn(what); });
    printView(self);
  };
  /* The profile edited on another template page open in another tab. */
  Bench.prototype.synced = function () {
    var fresh = D.checked(PROFILE, "profile", null).value;
    if (!fresh) return;
    this.profile = fresh;
    this.profile.values = this.profile.values || {};
    this.inputs.forEach(function (fn) { fn(); });
    this.listeners.forEach(function (fn) { fn("sync"); });
    printView(this);
  };
  Bench.prototype.snapshot = function () {
    D.save(this.keys.undo, { profile: this.profile, own: this.own, draft: this.draft });
  };
  Bench.prototype.restored = function () {
    this.inputs.forEach(function (fn) { fn(); });
    this.changed("all");
  };
  Bench.prototype.clear = function () {
    this.snapshot();
    this.own = {};
    this.draft = D.reconcile(this.data, null);
    this.restored();
  };
  Bench.prototype.importText = function (text) {
    var result = D.imported(this.data, text), self = this;
    this.snapshot();
    this.draft = result.draft;
    this.data.slots.forEach(function (s) {
      if (!(s.name in result.values)) return;
      (s.profile ? self.profile.values : self.own)[s.name] = result.values[s.name];
    });
    this.restored();
    return result.notes;
  };
  Bench.prototype.undo = function (undoButton, status) {
    var snap = D.checked(this.keys.undo, "undo", null).value;
    undoButton.hidden = true;
    if (!snap) { status.textContent = "没有可以撤销的操作"; return; }
    D.remove(this.keys.undo);
    this.profile = snap.profile;
    this.own = snap.own;
    this.draft = D.reconcile(this.data, snap.draft);
    this.restored();
    status.textContent = "已撤销，恢复到操作之前";
  };

  function init() {
    var panel = document.querySelector(".kb-fill");
    if (!panel) {                  /* instant navigation away from a template page */
      var stale = document.querySelector(".kb-print");
      if (stale) stale.remove();
      document.documentElement.classList.remove("kb-workbench");
    }
    if (!panel || panel.getAttribute("data-ready") || !D) return;
    var data = readIsland("kb-template-data");
    if (!data) return;
    panel.setAttribute("data-ready", "1");
    document.documentElement.classList.add("kb-workbench");
    var bench = new Bench(panel, data, readIsland("kb-layout-data"));
    var box = el("div", { "class": "kb-bench" }, [
      el("p", { "class": "kb-form-title", text: "起草本报告" }),
      el("p", { "class": "kb-note" }, [document.createTextNode("先选单位类型、填单位信息和本模板的数据，"
        + "点“起草初稿”得到一份完整初稿，再到"),
        el("a", { href: "#kuangjia", text: "报告框架" }),
        document.createTextNode("各节中修改：〖〗标出的示例事实要换成本单位的情况。"
          + "草稿只保存在本浏览器，不会上传。")]),
      bench.badNotice(), ...form(bench), actions(bench)]);
    panel.insertBefore(box, panel.firstChild);
    if (window.kb.editor) window.kb.editor.attach(bench, { el: el, button: button, action: action,
      copy: copy, slotted: slotted });
    /* The write actions again at the end of the draft, kept in view while scrolling. */
    var editors = document.querySelectorAll(".kb-editor");
    var last = editors.length ? editors[editors.length - 1] : null;
    if (last) {
      var end = writers(bench, el("div", { "class": "kb-actions kb-actions-end",
        role: "group", "aria-label": "草稿操作（复制、打印、下载）" }));
      last.after(end);
      /* Sticky only while the inline action row is out of view: never both at once. */
      var inline = box.querySelector(".kb-actions");
      if (inline && typeof IntersectionObserver === "function") {
        new IntersectionObserver(function (entries) {
          end.classList.toggle("kb-actions-rest", entries[entries.length - 1].isIntersecting);
        }).observe(inline);
      }
    }
    printView(bench);
    window.addEventListener("storage", function (e) {
      if (e.key === D.scoped(PROFILE) && document.body.contains(panel)) bench.synced();
    });
  }

  window.kb.workbench = { init: init };
  if (typeof document$ !== "undefined" && document$.subscribe) {
    document$.subscribe(init);   /* Material's instant navigation */
  } else {
    document.addEventListener("DOMContentLoaded", init);
  }
})();
