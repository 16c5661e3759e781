// Types for the type check of the site's own scripts (tsc, `make lint`); nothing is shipped.

/** The one namespace every script of the site registers on (window.kb). */
interface KbNamespace {
  copyText?: (text: string) => Promise<boolean>;
  draft?: any;
  compose?: any;
  editor?: { attach(bench: any, ui: any): void };
  workbench?: { init(): void };
  word?: any;
  browse?: { init(): void };
  checker?: any;
  review?: any;
  /** Published by the build: assets/kb-layout.js, checker-data.js, review-data.js. */
  layout?: any;
  checkerData?: any;
  reviewData?: any;
}

interface Window {
  kb: KbNamespace;
  /** The vendored docx library (assets/vendor/docx). */
  docx?: any;
}

/** Material for MkDocs' page observable (instant navigation). */
declare var document$: { subscribe(fn: () => void): unknown } | undefined;

/** CommonJS, when a script runs under node (tests). */
declare var module: { exports: any } | undefined;
declare function require(path: string): any;

interface Error { key?: string }
interface HTMLElement { kbResult?: any; kbRows?: any }
