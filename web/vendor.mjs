// Copies the files the app serves from npm packages into api/static/vendor/<package>/<path>.
import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

const files = JSON.parse(readFileSync(new URL("./vendored.json", import.meta.url)));
for (const [pkg, paths] of Object.entries(files)) {
  for (const path of paths) {
    const target = join("..", "api", "static", "vendor", pkg, path);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(join("node_modules", pkg, path), target);
    console.log(`${pkg}/${path}`);
  }
}
