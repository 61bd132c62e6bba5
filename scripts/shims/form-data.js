// Stand-in for the `form-data` package in the extension bundle. axios's Node build imports it (and through it
// mime-db, ~200 KB) only to send multipart bodies; this extension sends JSON only, so the bundle carries this
// stub instead. If anything ever tried to build a multipart body, it fails loudly rather than silently.
class FormData {
  constructor() {
    throw new Error('multipart/form-data bodies are not supported by the Hopsworks extension');
  }
}
module.exports = FormData;
module.exports.default = FormData;
