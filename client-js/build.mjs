// Builds the pages the jar serves: node build.mjs [outDir] (default target/web). The viewer page
// and the operations page each get one ES module bundle (the client, the generated protobuf code
// and uPlot included), so nothing is fetched from elsewhere at run time.
import { build } from "esbuild";
import { cpSync, mkdirSync } from "node:fs";
import { resolve } from "node:path";

const out = resolve(process.argv[2] ?? "target/web");
mkdirSync(out, { recursive: true });
cpSync("web/demo/room.html", `${out}/demo/room.html`);
cpSync("web/demo/room.css", `${out}/demo/room.css`);
cpSync("web/ops/index.html", `${out}/ops/index.html`);
await build({
  entryPoints: { "demo/room": "web/demo/room.js", "ops/ops": "web/ops/ops.js" },
  outdir: out,
  bundle: true,
  format: "esm",
  target: "es2020",
  minify: true,
  legalComments: "eof",
  logLevel: "warning",
});
