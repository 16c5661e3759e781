/* iframe-worker runtime (MIT, see LICENSE): what the shim's iframe needs before the
   worker script runs — postMessage to the parent page, importScripts, error relay. */
"use strict";
(function () {
  var worker = document.currentScript.getAttribute("data-worker");
  window.postMessage = function (data, origin) { parent.postMessage(data, origin || "*"); };
  window.importScripts = function () {
    return Array.prototype.reduce.call(arguments, function (done, src) {
      return done.then(function () {
        return new Promise(function (resolve) {
          var script = document.createElement("script");
          script.src = src;
          script.onload = resolve;
          document.body.appendChild(script);
        });
      });
    }, Promise.resolve());
  };
  addEventListener("error", function (ev) {
    parent.dispatchEvent(new ErrorEvent("error", { filename: worker, error: ev.error }));
  });
})();
