// The core's per-request classifier (src/tracking/wasm.rs) called without handing it a string.
// A `&str` argument costs wasm-bindgen an allocation in wasm, a copy in JS and a free per call:
// about 0.25 µs in node 20, a fifth of classifying a request. The worker classifies every
// request a page makes, so the URL is written instead into an input buffer the core allocated
// once (`classifierInput`) and only its length crosses (`classifyInput`, `setSourcePageInput`).
// A URL too long for the buffer takes the string path.

/**
 * `core`: the wasm exports. Returns `{ setSourcePage(url), classify(url, typeCode) }`, the
 * same answers as the exports `setSourcePage` and `classifyRequest`.
 */
export function bufferedClassifier(core) {
  const [ptr, capacity] = core.classifierInput();
  const memory = core.classifierMemory();
  let view = new Uint8Array(memory.buffer, ptr, capacity);
  const encoder = new TextEncoder();

  // Writes `text` as UTF-8 at the start of the buffer: its length in bytes, or -1 if it does
  // not fit. (`encodeInto` copies a one-byte string, as URLs nearly always are, faster than a
  // loop in JS does.)
  function write(text) {
    let { read, written } = encoder.encodeInto(text, view);
    // Growing the wasm memory replaces its ArrayBuffer, which leaves old views empty.
    if (read < text.length && view.byteLength === 0) {
      view = new Uint8Array(memory.buffer, ptr, capacity);
      ({ read, written } = encoder.encodeInto(text, view));
    }
    return read === text.length ? written : -1;
  }

  // Source pages set lately → the core's token for each (`setSourcePageInput`): switching
  // back to one (the worker goes back and forth between a few tabs and frames) passes the
  // token, not the URL. The core says when it no longer remembers a page; the map is emptied
  // when it grows past a few dozen pages, more than the core remembers.
  const tokens = new Map();
  return {
    setSourcePage(url) {
      const token = tokens.get(url);
      if (token !== undefined && core.selectSourcePage(token)) return;
      const len = write(url);
      if (len < 0) {
        core.setSourcePage(url);
        return;
      }
      if (tokens.size >= 64) tokens.clear();
      tokens.set(url, core.setSourcePageInput(len));
    },
    classify(url, typeCode) {
      const len = write(url);
      return len < 0 ? core.classifyRequest(url, typeCode) : core.classifyInput(len, typeCode);
    },
  };
}
