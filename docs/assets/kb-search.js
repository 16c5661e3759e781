/* The search box hears every way text gets into it.

   Material reads the search box on `keyup`, on focus changes and once when its worker is
   ready. Text that arrives without a key going up — the commit of a Chinese input method
   picked with the mouse, a paste from the context menu, dictation, an automated `insertText`
   — was not read until the next key: a query typed while the page loaded, after the worker
   became ready, was never sent (no results, "键入以开始搜索"). This script answers every
   `input` and `compositionend` in the box with a `keyup`, which is the one event Material's
   query component listens to; and it reads the box once when it starts, for text typed
   between Material's start and this script's. Material ignores a repeated value, so a key
   that also sends its own `keyup` costs nothing. */
(function () {
  "use strict";

  function box() {
    return document.querySelector("input[data-md-component='search-query']") ||
      document.querySelector("input.md-search__input");
  }

  function tell(input) {
    input.dispatchEvent(new KeyboardEvent("keyup", {bubbles: true, key: "Unidentified"}));
  }

  function hear(ev) {
    var input = box();
    if (input && ev.target === input && !ev.isComposing) { tell(input); }
  }

  document.addEventListener("input", hear, true);
  document.addEventListener("compositionend", hear, true);
  var input = box();
  if (input && input.value) { tell(input); }
})();
