/* iframe-worker 1.0.4 shim (MIT, see LICENSE), adapted for this site: the runtime that
   the original wrote into the iframe as an inline script now loads from runtime.js, so
   that the site's Content-Security-Policy (no inline scripts) holds over file:// too.
   Under file:// browsers refuse Web Workers; this runs the search worker in an iframe. */
"use strict";
(function () {
  var runtime = (document.currentScript && document.currentScript.src || "")
    .replace(/shim\.js(\?.*)?$/, "runtime.js");

  class IFrameWorker extends EventTarget {
    constructor(url) {
      super();
      this.url = url;
      this.m = (ev) => {
        if (ev.source === this.w) {
          this.dispatchEvent(new MessageEvent("message", { data: ev.data }));
          if (this.onmessage) this.onmessage(ev);
        }
      };
      this.e = (message, filename, lineno, colno, error) => {
        if (filename === `${this.url}`) {
          const ev = new ErrorEvent("error", { message, filename, lineno, colno, error });
          this.dispatchEvent(ev);
          if (this.onerror) this.onerror(ev);
        }
      };
      const frame = document.createElement("iframe");
      frame.hidden = true;
      document.body.appendChild(this.iframe = frame);
      this.w.document.open();
      this.w.document.write(`<html><body><script src="${runtime}" data-worker="${url}"><\/script>` +
        `<script src="${url}?${+Date.now()}"><\/script></body></html>`);
      this.w.document.close();
      onmessage = this.m;
      onerror = this.e;
      this.r = new Promise((resolve, reject) => {
        this.w.onload = resolve;
        this.w.onerror = reject;
      });
    }
    terminate() {
      this.iframe.remove();
      onmessage = onerror = null;
    }
    postMessage(data) {
      this.r.catch().then(() => {
        this.w.dispatchEvent(new MessageEvent("message", structuredClone({ data })));
      });
    }
    get w() {
      return this.iframe.contentWindow;
    }
  }

  window.IFrameWorker = IFrameWorker;
  if (location.protocol === "file:") window.Worker = IFrameWorker;
})();
