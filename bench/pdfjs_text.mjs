// Text of a PDF as Firefox's PDF.js reads it: page.getTextContent(), items joined in order,
// a line break where PDF.js marks one. Usage: node pdfjs_text.mjs FILE.pdf
// pdfjs-dist comes from the npm registry (npm ci --prefix bench); its legacy build runs under node.
import { readFileSync } from "node:fs";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

const data = new Uint8Array(readFileSync(process.argv[2]));
const doc = await getDocument({ data, verbosity: 0 }).promise;
const out = [];
for (let n = 1; n <= doc.numPages; n++) {
  const content = await (await doc.getPage(n)).getTextContent();
  out.push(content.items.map((item) => item.str + (item.hasEOL ? "\n" : "")).join(""));
}
process.stdout.write(out.join("\n"));
