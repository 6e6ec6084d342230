// Parse an RDF file with an independent JavaScript parser and print its triple count.
// Usage: node count.mjs FILE turtle|ntriples|jsonld
// Exits 1 with the parser's message on any error or warning.
import { readFileSync } from "node:fs";
import N3 from "n3";
import jsonld from "jsonld";

const [file, format] = process.argv.slice(2);
const text = readFileSync(file, "utf8");

async function count() {
  if (format === "jsonld") {
    // no document loader: the context is inline, nothing may be fetched
    const nquads = await jsonld.toRDF(JSON.parse(text), {
      format: "application/n-quads",
      documentLoader: async (url) => { throw new Error(`refusing to load ${url}`); },
      safe: true,
    });
    return new N3.Parser({ format: "N-Quads" }).parse(nquads).length;
  }
  const parser = new N3.Parser({ format: format === "ntriples" ? "N-Triples" : "Turtle" });
  return parser.parse(text).length;
}

try {
  console.log(await count());
} catch (err) {
  console.error(String(err && err.message || err));
  process.exit(1);
}
