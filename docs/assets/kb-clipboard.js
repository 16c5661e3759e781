/* Copying text from the page, for every copy button of the site: the clipboard API where
   the browser allows it (a secure context); over plain HTTP, which intranet servers often
   use, a hidden textarea and execCommand("copy") stand in. */
(function () {
  "use strict";

  function byCommand(text) {
    var area = document.createElement("textarea");
    area.className = "kb-offscreen";
    area.value = text;
    area.setAttribute("readonly", "");
    area.setAttribute("aria-hidden", "true");
    document.body.appendChild(area);
    area.select();
    area.setSelectionRange(0, text.length);
    var ok;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    return ok;
  }

  /* Resolves true when the text is on the clipboard, false when the browser refused. */
  window.kb = window.kb || {};
  window.kb.copyText = function (text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(function () { return true; },
        function () { return byCommand(text); });
    }
    return Promise.resolve(byCommand(text));
  };
})();
