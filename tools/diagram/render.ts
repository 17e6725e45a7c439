/**
 * Rendering with the pinned `mermaid` package in headless Chromium: one page parses and renders
 * every diagram to SVG, then a screenshot of each SVG gives the PNG. Only used when Chromium is
 * installed (`apt-get install chromium`, or CHROMIUM_PATH) and `--no-render` is not given.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { pathToFileURL } from "url";

const CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--hide-scrollbars", "--allow-file-access-from-files"];

/** A diagram to render. */
export interface RenderInput {
  readonly env: string;
  readonly mermaid: string;
}

/** What the page returned for one diagram. */
export type RenderResult = { readonly ok: true; readonly svg: string; readonly width: number; readonly height: number } | { readonly ok: false; readonly error: string };

/** The Chromium binary: CHROMIUM_PATH, else the usual Debian/Ubuntu paths. */
export function findChromium(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable"];
  return candidates.find((c): c is string => Boolean(c) && fs.existsSync(c as string));
}

/** The pinned mermaid bundle under the repository's node_modules. */
export function findMermaidBundle(root: string): string | undefined {
  try {
    return require.resolve("mermaid/dist/mermaid.min.js", { paths: [root] });
  } catch {
    return undefined;
  }
}

function pathToFileUrl(p: string): string {
  return pathToFileURL(p).href;
}

/**
 * Parses and renders every diagram in one headless Chromium page with the pinned mermaid bundle.
 * Returns a result per environment.
 */
export function renderSvgs(chromium: string, bundle: string, diagrams: readonly RenderInput[], workDir: string): Record<string, RenderResult | undefined> {
  const page = path.join(workDir, "render.html");
  const input = diagrams.map((d) => ({ env: d.env, text: d.mermaid }));
  fs.writeFileSync(
    page,
    `<!doctype html><html><head><meta charset="utf-8"><script src="${pathToFileUrl(bundle)}"></script></head>
<body><div id="host"></div><pre id="out">PENDING</pre>
<script>
const input = ${JSON.stringify(input).replace(/</g, "\\u003c")};
(async () => {
  const results = {};
  // Text is measured to size the boxes: wait for the fonts, and render once to warm up, so that
  // every run lays the diagrams out the same way.
  await document.fonts.ready;
  mermaid.initialize({ startOnLoad: false, securityLevel: "strict", deterministicIds: true, handDrawnSeed: 1, theme: "default", htmlLabels: false,
    flowchart: { htmlLabels: false, useMaxWidth: false, curve: "basis", wrappingWidth: 600 } });
  try { await mermaid.render("warm-up", input[0].text); } catch (e) { /* reported below */ }
  document.getElementById("host").innerHTML = "";
  for (const d of input) {
    try {
      await mermaid.parse(d.text);
      const { svg } = await mermaid.render("diagram-" + d.env, d.text);
      // Through the live DOM and XMLSerializer: mermaid's own string may hold HTML-style <br>.
      const host = document.getElementById("host");
      host.innerHTML = svg;
      const root = host.querySelector("svg");
      const box = (root.getAttribute("viewBox") || "").split(/\\s+/).map(Number);
      const xml = new XMLSerializer().serializeToString(root);
      const check = new DOMParser().parseFromString(xml, "image/svg+xml");
      if (check.getElementsByTagName("parsererror").length) throw new Error("the SVG is not well-formed XML");
      results[d.env] = { ok: true, svg: xml, width: box[2] || Number.parseFloat(root.getAttribute("width")), height: box[3] || Number.parseFloat(root.getAttribute("height")) };
      host.innerHTML = "";
    } catch (e) {
      results[d.env] = { ok: false, error: String((e && e.message) || e) };
    }
  }
  document.getElementById("out").textContent = "RESULT " + btoa(unescape(encodeURIComponent(JSON.stringify(results))));
})();
</script></body></html>`,
  );
  const dom = execFileSync(chromium, [...CHROMIUM_FLAGS, "--virtual-time-budget=60000", "--dump-dom", pathToFileUrl(page)], {
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    timeout: 180000,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const m = /RESULT ([A-Za-z0-9+/=]+)/.exec(dom);
  if (!m) throw new Error("Chromium returned no result from the mermaid page");
  return JSON.parse(Buffer.from(m[1], "base64").toString("utf8")) as Record<string, RenderResult | undefined>;
}

/** A PNG of an SVG file at twice its size, through a Chromium screenshot. */
export function renderPng(chromium: string, svgFile: string, width: number, height: number, pngFile: string, workDir: string): void {
  const scale = width * height > 6e6 ? 1 : 2;
  const w = Math.ceil(width) + 32;
  const h = Math.ceil(height) + 32;
  const page = path.join(workDir, `${path.basename(svgFile, ".svg")}.html`);
  fs.writeFileSync(page, `<!doctype html><html><body style="margin:0;background:#ffffff"><img style="display:block;margin:16px" src="${pathToFileUrl(svgFile)}" width="${Math.ceil(width)}" height="${Math.ceil(height)}"></body></html>`);
  execFileSync(chromium, [...CHROMIUM_FLAGS, `--force-device-scale-factor=${scale}`, `--window-size=${w},${h}`, `--screenshot=${pngFile}`, pathToFileUrl(page)], {
    timeout: 180000,
    stdio: ["ignore", "ignore", "pipe"],
  });
}
