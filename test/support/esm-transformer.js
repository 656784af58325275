// ts-jest, plus one rewrite for ES-module packages compiled to CommonJS for Jest on Node 20:
// `import.meta.url` has no CommonJS equivalent in TypeScript's output, so it becomes the file URL.
const tsJest = require('ts-jest').default;

const IMPORT_META_URL = /import\.meta\.url/g;
// A module-level `const require = createRequire(import.meta.url)` would shadow CommonJS's own require.
const LOCAL_REQUIRE = /^\s*const require = createRequire\(import\.meta\.url\);?\s*$/gm;
const rewrite = (source, file) =>
  file.includes('/node_modules/')
    ? source.replace(LOCAL_REQUIRE, '').replace(IMPORT_META_URL, "require('url').pathToFileURL(__filename).href")
    : source;

module.exports = {
  createTransformer(options) {
    const inner = tsJest.createTransformer(options);
    return {
      canInstrument: inner.canInstrument,
      process: (source, file, config) => inner.process(rewrite(source, file), file, config),
      processAsync: (source, file, config) => inner.processAsync(rewrite(source, file), file, config),
      getCacheKey: (source, file, config) => inner.getCacheKey(rewrite(source, file), file, config),
    };
  },
};
