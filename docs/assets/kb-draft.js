/* The draft model of template pages: values, validation, storage, the kb-draft/1 format.
   Pure functions on plain data; kb.js builds the page from them. Nothing leaves the browser. */
(function () {
  "use strict";

  var FORMAT = "kb-draft/1";
  var SLOT = /【([^【】\n]{1,30})】/g;
  var MAX_FILE = 1024 * 1024;
  var MAX_PARAS = 200;
  var MAX_CHARS = 20000;
  var TITLE_HEADING = "标题";
  var SIGNATURE_HEADING = "落款";

  /* Keys are scoped to the site's path (this script lives at <site>/assets/): two copies of
     the site on one host keep their own drafts. A draft saved before keys were scoped is
     moved under the scoped key the first time it is read. Outside a page (node), no scope. */
  var SCOPE = (function () {
    try {
      var src = document.currentScript && document.currentScript.src;
      return src ? new URL("..", src).pathname + ":" : "";
    } catch (e) { return ""; }
  })();

  /* The localStorage key that ``key`` is stored under (what a `storage` event names). */
  function storageKey(key) { return SCOPE + key; }

  /* localStorage may be missing or full (private mode): the page still works unsaved. */
  function load(key, fallback) {
    try {
      var raw = localStorage.getItem(SCOPE + key);
      if (raw === null && SCOPE) {
        raw = localStorage.getItem(key);
        if (raw !== null) {
          localStorage.setItem(SCOPE + key, raw);
          localStorage.removeItem(key);
        }
      }
      return raw === null ? fallback : JSON.parse(raw);
    } catch (e) { return fallback; }
  }
  function save(key, value) {
    try { localStorage.setItem(SCOPE + key, JSON.stringify(value)); } catch (e) { /* not saved */ }
  }
  function remove(key) {
    try {
      localStorage.removeItem(SCOPE + key);
      if (SCOPE) { localStorage.removeItem(key); }
    } catch (e) { /* nothing to remove */ }
  }

  function halfWidth(text) {
    return String(text).replace(/[０-９]/g, function (c) {
      return String.fromCharCode(c.charCodeAt(0) - 0xFEE0);
    }).replace(/．/g, ".").replace(/％/g, "%").trim();
  }

  /* {value, error}: value is what goes into the text ("" when empty or invalid). */
  function validate(type, raw) {
    var text = String(raw === undefined || raw === null ? "" : raw).trim();
    if (text === "") return { value: "", error: "" };
    var plain = halfWidth(text), m;
    if (type === "year") {
      if (!/^\d{4}$/.test(plain) || +plain < 1949 || +plain > 2100) {
        return { value: "", error: "年份请写四位数字，如2026" };
      }
      return { value: plain, error: "" };
    }
    if (type === "count") {
      if (!/^\d{1,9}$/.test(plain)) return { value: "", error: "请填写0或正整数，如4" };
      return { value: String(Number(plain)), error: "" };
    }
    if (type === "percent") {
      m = /^(\d{1,3}(?:\.\d{1,2})?)%?$/.exec(plain);
      if (!m || Number(m[1]) > 100) return { value: "", error: "请填写0到100之间的数，如10或10%" };
      return { value: String(Number(m[1])) + "%", error: "" };
    }
    if (type === "date") {
      m = /^(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?$/.exec(plain);
      var d = m && new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
      if (!m || d.getMonth() !== Number(m[2]) - 1 || d.getDate() !== Number(m[3])) {
        return { value: "", error: "日期请写成2026年12月20日或2026-12-20" };
      }
      return { value: m[1] + "年" + Number(m[2]) + "月" + Number(m[3]) + "日", error: "" };
    }
    if (text.length > 200) return { value: "", error: "内容过长，请控制在200字以内" };
    return { value: text, error: "" };
  }

  /* The usable values of a template: only valid, non-empty ones. */
  function usable(data, raw) {
    var out = {};
    data.slots.forEach(function (slot) {
      var v = validate(slot.type, raw[slot.name]).value;
      if (v !== "") out[slot.name] = v;
    });
    return out;
  }

  function fill(text, values) {
    return String(text).replace(SLOT, function (all, name) {
      return values[name] !== undefined && values[name] !== "" ? values[name] : all;
    });
  }

  function fresh(sec) {
    return { id: sec.id, dropped: false, paragraphs: sec.skeleton.slice() };
  }

  /* The stored draft aligned with the template: new sections start from the skeleton. */
  function reconcile(data, stored) {
    var byId = {};
    ((stored && stored.sections) || []).forEach(function (s) { if (s && s.id) byId[s.id] = s; });
    return {
      sections: data.sections.map(function (sec) {
        var s = byId[sec.id];
        if (!s || !Array.isArray(s.paragraphs)) return fresh(sec);
        return { id: sec.id, dropped: !!s.dropped,
          paragraphs: s.paragraphs.filter(function (p) { return typeof p === "string"; }) };
      })
    };
  }

  function sectionOf(data, id) {
    for (var i = 0; i < data.sections.length; i++) if (data.sections[i].id === id) return data.sections[i];
    return null;
  }

  function title(data, draft, values) {
    for (var i = 0; i < draft.sections.length; i++) {
      var s = draft.sections[i];
      if (sectionOf(data, s.id).heading === TITLE_HEADING && !s.dropped && s.paragraphs.length) {
        var t = fill(s.paragraphs.join(""), values).trim();
        if (t) return t;
      }
    }
    return data.title;
  }

  /* The draft in the exchange format shared with `kb fill --draft`. */
  function exported(data, draft, values) {
    return {
      format: FORMAT, template: data.template, title: title(data, draft, values),
      values: values,
      sections: draft.sections.map(function (s) {
        var sec = sectionOf(data, s.id);
        return { id: s.id, level: sec.level, heading: sec.heading, dropped: !!s.dropped,
          paragraphs: s.paragraphs.slice() };
      })
    };
  }

  function fail(message) { throw new Error(message); }

  /* Read a kb-draft/1 file for this template: {draft, values, notes}; throws with a message. */
  function imported(data, text) {
    if (text.length > MAX_FILE) fail("文件超过1MB，不是本站导出的草稿");
    var obj;
    try { obj = JSON.parse(text); } catch (e) { fail("文件不是有效的草稿（JSON格式错误）"); }
    if (!obj || obj.format !== FORMAT) fail("文件不是本站导出的草稿（缺少 " + FORMAT + " 标记）");
    if (obj.template !== data.template) {
      fail("这是另一个模板（" + String(obj.template).slice(0, 60) + "）的草稿，请到该模板页导入");
    }
    if (!Array.isArray(obj.sections)) fail("草稿缺少章节（sections）");
    var notes = [], sections = [];
    obj.sections.forEach(function (s) {
      if (!s || typeof s.id !== "string" || !sectionOf(data, s.id)) {
        notes.push("忽略了模板中没有的章节 " + (s && s.id ? String(s.id).slice(0, 40) : "（无id）"));
        return;
      }
      var paras = Array.isArray(s.paragraphs) ? s.paragraphs : [];
      if (paras.length > MAX_PARAS) fail("章节 " + s.id + " 的段落超过" + MAX_PARAS + "个");
      paras.forEach(function (p) {
        if (typeof p !== "string") fail("章节 " + s.id + " 有一个段落不是文字");
        if (p.length > MAX_CHARS) fail("章节 " + s.id + " 有一个段落超过" + MAX_CHARS + "字");
      });
      sections.push({ id: s.id, dropped: s.dropped === true, paragraphs: paras.slice() });
    });
    var values = {}, known = {};
    data.slots.forEach(function (slot) { known[slot.name] = slot.type; });
    var given = obj.values && typeof obj.values === "object" ? obj.values : {};
    Object.keys(given).forEach(function (name) {
      if (!(name in known)) { notes.push("忽略了本模板没有的槽位 " + name.slice(0, 30)); return; }
      var v = typeof given[name] === "number" ? String(given[name]) : given[name];
      if (typeof v !== "string") return;
      values[name] = v;
      if (validate(known[name], v).error) notes.push("槽位 " + name + " 的值不合要求，请检查");
    });
    return { draft: reconcile(data, { sections: sections }), values: values, notes: notes };
  }

  /* Plain text: the title, then each kept section's numbered heading and paragraphs. */
  function plainText(data, draft, values, onlyId) {
    var lines = [];
    draft.sections.forEach(function (s) {
      if (s.dropped || (onlyId && s.id !== onlyId)) return;
      var sec = sectionOf(data, s.id);
      if (sec.level >= 1) lines.push(fill(sec.heading, values));
      s.paragraphs.forEach(function (p) { if (p.trim()) lines.push(fill(p, values).trim()); });
    });
    return lines.join("\n");
  }

  window.kbDraft = {
    FORMAT: FORMAT, TITLE_HEADING: TITLE_HEADING, SIGNATURE_HEADING: SIGNATURE_HEADING,
    SLOT: SLOT, load: load, save: save, remove: remove, storageKey: storageKey,
    validate: validate, usable: usable,
    fill: fill, fresh: fresh, reconcile: reconcile, sectionOf: sectionOf, title: title,
    exported: exported, imported: imported, plainText: plainText
  };
})();
