/*
 * factcheck.js: check a draft against a factcheck service, sentence by sentence.
 *
 * Include it with <script src="https://YOUR-FACTCHECK/static/factcheck.js"></script>, then:
 *
 *   const annotator = Factcheck.annotate(document.querySelector("textarea"), {
 *     endpoint: "https://YOUR-FACTCHECK",   // default: the origin this script came from
 *   });
 *
 * It works on a <textarea> or a contenteditable element, re-checks as the author types (only
 * the sentences that changed, after a pause), lists the results after the element, and
 * highlights the checked sentences of a contenteditable element (CSS Custom Highlight API).
 * `Factcheck.Client` alone talks to `/v1/check/text` for pages that draw their own results.
 * No dependencies, no build step; every request goes to the factcheck service only.
 */
(function (global) {
  "use strict";

  const VERDICTS = ["supported", "contradicted", "disputed", "unverified"];
  const VERDICT_LABELS = {
    supported: "Supported",
    contradicted: "Contradicted",
    disputed: "Disputed",
    unverified: "Unverified",
  };
  // A dot after these does not end a sentence. The service splits sentences properly; the client
  // only cuts the draft into pieces to re-check, and must not cut one sentence in two.
  const ABBREVIATIONS = new Set([
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "sgt", "capt", "maj", "adm", "gov",
    "sen", "rep", "pres", "rev", "st", "mt", "sr", "jr", "no", "vol", "fig", "etc", "vs", "inc",
    "ltd", "corp", "co", "approx", "est", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec",
  ]);
  const BOUNDARY = /[.!?…]+["'”’)\]]*\s+(?=["'“‘(\[]?[\p{Lu}\p{N}])/gu;
  const BLOCK_BREAK = /\n\s*\n|\n/g;
  const MAX_PARALLEL = 4;

  // Read while this script runs: `document.currentScript` is null once it has finished.
  const SCRIPT_ORIGIN = (() => {
    const script = document.currentScript;
    return script && script.src ? new URL(script.src).origin : "";
  })();

  function endsWithAbbreviation(text) {
    const word = /([\p{L}.]+)\.$/u.exec(text.trimEnd().replace(/["'”’)\]]+$/u, ""));
    if (!word) return false;
    const token = word[1].toLowerCase();
    // "J." (an initial) and "U.S." (dotted) hold a sentence together like a title does.
    return token.length === 1 || token.includes(".") || ABBREVIATIONS.has(token);
  }

  /** Cut a draft into sentence-sized pieces with their UTF-16 offsets, never inside a sentence. */
  function splitChunks(text) {
    const chunks = [];
    const push = (start, end) => {
      const piece = text.slice(start, end);
      const lead = piece.length - piece.trimStart().length;
      const trimmed = piece.trim();
      if (/[\p{L}\p{N}]/u.test(trimmed)) chunks.push({ text: trimmed, start: start + lead });
    };
    let blockStart = 0;
    const blocks = [];
    for (const match of text.matchAll(BLOCK_BREAK)) {
      blocks.push([blockStart, match.index]);
      blockStart = match.index + match[0].length;
    }
    blocks.push([blockStart, text.length]);
    for (const [start, end] of blocks) {
      const block = text.slice(start, end);
      let pieceStart = 0;
      for (const match of block.matchAll(BOUNDARY)) {
        const cut = match.index + match[0].trimEnd().length;
        if (endsWithAbbreviation(block.slice(pieceStart, cut))) continue;
        push(start + pieceStart, start + cut);
        pieceStart = match.index + match[0].length;
      }
      push(start + pieceStart, end);
    }
    return chunks;
  }

  class FactcheckError extends Error {
    constructor(message, status) {
      super(message);
      this.name = "FactcheckError";
      this.status = status;
    }
  }

  /** Talks to `/v1/check/text`; remembers each piece's answer, so only new text is sent. */
  class Client {
    constructor(options = {}) {
      this.endpoint = (options.endpoint ?? SCRIPT_ORIGIN).replace(/\/$/, "");
      this.limit = options.limit ?? 3;
      this.apiKey = options.apiKey ?? null; // sent as X-API-Key when the service asks for one
      this.cache = new Map(); // piece text -> Promise of its SentenceChecks (relative offsets)
      this.maxCached = options.maxCached ?? 500;
    }

    headers(accept) {
      const headers = { Accept: accept };
      if (this.apiKey) headers["X-API-Key"] = this.apiKey;
      return headers;
    }

    async request(path, init) {
      const response = await fetch(this.endpoint + path, init);
      const payload = await response.json().catch(() => null);
      if (!response.ok) {
        // Errors are problem+json: `detail` says what went wrong in a sentence.
        const detail = (payload && (payload.detail || payload.title)) || response.statusText;
        throw new FactcheckError(detail, response.status);
      }
      return payload;
    }

    post(path, body, accept = "application/json") {
      const headers = { ...this.headers(accept), "Content-Type": "application/json" };
      return this.request(path, { method: "POST", headers, body: JSON.stringify(body) });
    }

    get(path, params) {
      const query = new URLSearchParams(params).toString();
      return this.request(`${path}?${query}`, { headers: this.headers("application/json") });
    }

    del(path) {
      return fetch(this.endpoint + path, { method: "DELETE", headers: this.headers("application/json") });
    }

    /** Watch every check-worthy sentence of `text`; the answer holds the watch's `id`. */
    watch(text, stances = ["supports", "conflicts"]) {
      return this.post("/v1/watches", { text, stances });
    }

    unwatch(watchId) {
      return this.del(`/v1/watches/${encodeURIComponent(watchId)}`).catch(() => null);
    }

    /** Forget the answers that hold `statement`, so the next check asks the service again. */
    forget(statement) {
      for (const key of [...this.cache.keys()]) if (key.includes(statement)) this.cache.delete(key);
    }

    /**
     * Follow a watch's events (Server-Sent Events, read with fetch so the API key header can be
     * sent). Reconnects after a break, resuming after the last event seen (`Last-Event-ID`).
     * Returns {close()}.
     */
    follow(watchId, onEvent, options = {}) {
      const controller = new AbortController();
      let lastEventId = options.lastEventId ?? null;
      let closed = false;
      const run = async () => {
        while (!closed) {
          try {
            const headers = this.headers("text/event-stream");
            if (lastEventId !== null) headers["Last-Event-ID"] = String(lastEventId);
            const response = await fetch(`${this.endpoint}/v1/watches/${encodeURIComponent(watchId)}/stream`, {
              headers,
              signal: controller.signal,
            });
            if (response.status === 404 || response.status === 401 || response.status === 403) return;
            if (!response.ok || !response.body) throw new FactcheckError(response.statusText, response.status);
            if (options.onOpen) options.onOpen();
            const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
            let buffer = "";
            for (;;) {
              const { value, done } = await reader.read();
              if (done) break;
              buffer += value.replace(/\r\n/g, "\n");
              let cut;
              while ((cut = buffer.indexOf("\n\n")) >= 0) {
                const message = parseEvent(buffer.slice(0, cut));
                buffer = buffer.slice(cut + 2);
                if (message.id !== null) lastEventId = message.id;
                if (message.data) onEvent(JSON.parse(message.data));
              }
            }
          } catch (error) {
            if (closed) return;
          }
          await new Promise((resolve) => setTimeout(resolve, 2000));
        }
      };
      run();
      return {
        close() {
          closed = true;
          controller.abort();
        },
      };
    }

    /** How many pieces of `text` are not answered yet (what the next check will send). */
    unchecked(text) {
      return splitChunks(text).filter((chunk) => !this.cache.has(chunk.text)).length;
    }

    checkPiece(text) {
      let pending = this.cache.get(text);
      if (!pending) {
        pending = this.post("/v1/check/text", { text, limit: this.limit }).then(
          (answer) => answer.sentences,
          (error) => {
            this.cache.delete(text); // a failed piece is asked again next time
            throw error;
          },
        );
        this.cache.set(text, pending);
        if (this.cache.size > this.maxCached) this.cache.delete(this.cache.keys().next().value);
      }
      return pending;
    }

    /**
     * Every check-worthy sentence of `text`, with UTF-16 offsets into `text` (`start`, `end`).
     * `fresh` counts the pieces that had to be sent to the service.
     */
    async checkText(text) {
      const chunks = splitChunks(text);
      const fresh = this.unchecked(text);
      const answers = await mapLimited(chunks, MAX_PARALLEL, (chunk) => this.checkPiece(chunk.text));
      const sentences = [];
      chunks.forEach((chunk, i) => {
        for (const found of answers[i]) {
          sentences.push({
            ...found,
            start: chunk.start + found.start_utf16,
            end: chunk.start + found.end_utf16,
          });
        }
      });
      return { sentences, fresh };
    }
  }

  function parseEvent(block) {
    const message = { id: null, event: "message", data: "" };
    const data = [];
    for (const line of block.split("\n")) {
      if (!line || line.startsWith(":")) continue;
      const at = line.indexOf(":");
      const field = at < 0 ? line : line.slice(0, at);
      const value = at < 0 ? "" : line.slice(at + 1).replace(/^ /, "");
      if (field === "data") data.push(value);
      else if (field === "id") message.id = value;
      else if (field === "event") message.event = value;
    }
    message.data = data.join("\n");
    return message;
  }

  /** UTF-16 offsets in `text` of a span counted in code points (the service counts those). */
  function utf16Span(text, span) {
    const chars = Array.from(text);
    const start = chars.slice(0, span.start).join("").length;
    return { start, end: start + chars.slice(span.start, span.end).join("").length };
  }

  const PART_KINDS = new Set(["quantity", "date", "ordinal", "negation", "antonym"]);

  /**
   * The parts of a checked sentence and how the evidence judges each, in sentence order, with
   * UTF-16 offsets into the sentence: from the result's `facts` when the service gives them,
   * else from the reasons that name a part of the statement (a figure, a date, a negation).
   * A part some report contradicts is `conflicts` even if another report agrees with it.
   */
  function sentenceParts(sentence) {
    const result = sentence.result;
    const parts = [];
    if (Array.isArray(result.facts) && result.facts.length) {
      const effect = { supported: "supports", contradicted: "conflicts", disputed: "conflicts" };
      for (const fact of result.facts) {
        if (!fact.span) continue;
        parts.push({ ...utf16Span(sentence.text, fact.span), effect: effect[fact.verdict] || "neutral", verdict: fact.verdict });
      }
    } else {
      for (const match of result.matches) {
        for (const reason of match.reasons) {
          if (!reason.statement_span || reason.effect === "neutral" || !PART_KINDS.has(reason.kind)) continue;
          const span = utf16Span(sentence.text, reason.statement_span);
          const same = parts.find((p) => p.start === span.start && p.end === span.end);
          if (same) {
            if (reason.effect === "conflicts") same.effect = "conflicts";
            continue;
          }
          parts.push({ ...span, effect: reason.effect });
        }
      }
      for (const part of parts) part.verdict = part.effect === "conflicts" ? "contradicted" : "supported";
    }
    parts.sort((a, b) => a.start - b.start || b.end - a.end);
    // Nested or overlapping parts: keep the first (outermost) of each overlap.
    return parts.filter((part, i) => !parts.slice(0, i).some((p) => part.start < p.end && p.start < part.end));
  }

  async function mapLimited(items, limit, work) {
    const results = new Array(items.length);
    let next = 0;
    async function worker() {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index]);
      }
    }
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    return results;
  }

  function debounce(fn, wait) {
    let timer = null;
    const debounced = (...args) => {
      clearTimeout(timer);
      timer = setTimeout(() => fn(...args), wait);
    };
    debounced.cancel = () => clearTimeout(timer);
    return debounced;
  }

  function summarise(sentences) {
    if (!sentences.length) return "No check-worthy sentence yet.";
    const counts = VERDICTS.map((v) => [v, sentences.filter((s) => s.result.verdict === v).length])
      .filter(([, n]) => n)
      .map(([v, n]) => `${n} ${VERDICT_LABELS[v].toLowerCase()}`);
    const noun = sentences.length === 1 ? "sentence" : "sentences";
    return `Checked ${sentences.length} ${noun}: ${counts.join(", ")}.`;
  }

  /* ---- text of a contenteditable element, with a map back to its DOM text nodes ---- */

  const BLOCKS = /^(ADDRESS|ARTICLE|ASIDE|BLOCKQUOTE|DIV|DL|DT|DD|FIGCAPTION|FOOTER|H[1-6]|HEADER|HR|LI|MAIN|NAV|OL|P|PRE|SECTION|TABLE|TR|UL)$/;

  function editableText(root) {
    const pieces = [];
    const nodes = []; // [{node, start}] where start is the node's offset in the joined text
    let length = 0;
    const breakLine = () => {
      if (length && !pieces[pieces.length - 1].endsWith("\n")) {
        pieces.push("\n");
        length += 1;
      }
    };
    (function walk(node) {
      for (const child of node.childNodes) {
        if (child.nodeType === Node.TEXT_NODE) {
          nodes.push({ node: child, start: length });
          pieces.push(child.data);
          length += child.data.length;
        } else if (child.nodeName === "BR") {
          breakLine();
        } else if (child.nodeType === Node.ELEMENT_NODE) {
          const block = BLOCKS.test(child.nodeName);
          if (block) breakLine();
          walk(child);
          if (block) breakLine();
        }
      }
    })(root);
    return { text: pieces.join(""), nodes };
  }

  function rangeFor(nodes, start, end) {
    const locate = (offset, preferNext) => {
      for (let i = 0; i < nodes.length; i++) {
        const { node, start: at } = nodes[i];
        const inside = offset < at + node.data.length || (!preferNext && offset === at + node.data.length);
        if (offset >= at && inside) return [node, offset - at];
      }
      return null;
    };
    const from = locate(start, true);
    const to = locate(end, false);
    if (!from || !to) return null;
    const range = document.createRange();
    range.setStart(from[0], from[1]);
    range.setEnd(to[0], to[1]);
    return range;
  }

  let stylesAdded = false;
  function addDefaultStyles() {
    if (stylesAdded) return;
    stylesAdded = true;
    const style = document.createElement("style");
    style.textContent = `
      ::highlight(factcheck-contradicted) { background: #fde2e1; text-decoration: underline wavy #b3261e; }
      ::highlight(factcheck-disputed) { background: #fff0c2; text-decoration: underline dashed #8a5a00; }
      ::highlight(factcheck-supported) { background: #dff3e4; text-decoration: underline solid #1e6b34; }
      ::highlight(factcheck-unverified) { text-decoration: underline dotted #5f6368; }
      .factcheck-results { font: 14px/1.4 system-ui, sans-serif; margin: .5em 0; padding-left: 1.5em; }
      .factcheck-results li { margin: .35em 0; }
      .factcheck-verdict { font-weight: 600; }
      .factcheck-show { font: inherit; color: inherit; text-align: left; background: none; border: 0;
        padding: 0; text-decoration: underline dotted; cursor: pointer; }
      .factcheck-show:focus-visible { outline: 2px solid #1a56db; outline-offset: 2px; }
      .factcheck-evidence { color: #3c4043; font-size: 13px; }
      .factcheck-verdict-contradicted { color: #b3261e; }
      .factcheck-verdict-disputed { color: #8a5a00; }
      .factcheck-verdict-supported { color: #1e6b34; }
      .factcheck-verdict-unverified { color: #5f6368; }
      .factcheck-status { font: 13px system-ui, sans-serif; color: #3c4043; }
      .factcheck-notice { font: 14px system-ui, sans-serif; margin: .5em 0; padding: .4em .6em;
        border-left: 4px solid #b3261e; background: #fde2e1; }
      .factcheck-notice-supports { border-left-color: #1e6b34; background: #dff3e4; }`;
    document.head.appendChild(style);
  }

  /**
   * Annotate a textarea or contenteditable element. Options: endpoint, limit, delay (ms),
   * container (where the results list goes), styles (false: bring your own CSS), onResult
   * ({sentences, fresh}), onError(error), watch (true: follow a watch of the text and show
   * "a new report conflicts with …" live, re-checking that sentence), stances (what the watch
   * reports; default both), onEvent(event). Returns {refresh(), destroy(), sentences}.
   */
  function annotate(element, options = {}) {
    const client = options.client ?? new Client(options);
    const isField = "value" in element && typeof element.setSelectionRange === "function";
    if (options.styles !== false) addDefaultStyles();

    const box = options.container ?? document.createElement("div");
    if (!options.container) element.insertAdjacentElement("afterend", box);
    box.classList.add("factcheck");
    const status = document.createElement("p");
    status.className = "factcheck-status";
    status.setAttribute("role", "status"); // a polite live region: results are announced
    const list = document.createElement("ol");
    list.className = "factcheck-results";
    list.setAttribute("aria-label", "Fact-check results");
    box.append(status, list);

    const state = { sentences: [], generation: 0, nodes: [] };

    function currentText() {
      if (isField) return element.value;
      const { text, nodes } = editableText(element);
      state.nodes = nodes;
      return text;
    }

    function select(sentence) {
      element.focus();
      if (isField) {
        element.setSelectionRange(sentence.start, sentence.end);
        return;
      }
      const range = rangeFor(state.nodes, sentence.start, sentence.end);
      if (range) {
        const selection = getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
      }
    }

    function highlight() {
      if (isField || !global.CSS || !CSS.highlights || typeof Highlight !== "function") return;
      for (const verdict of VERDICTS) {
        const ranges = state.sentences
          .filter((s) => s.result.verdict === verdict)
          .map((s) => rangeFor(state.nodes, s.start, s.end))
          .filter(Boolean);
        CSS.highlights.set(`factcheck-${verdict}`, new Highlight(...ranges));
      }
    }

    function showNotice(event) {
      const match = event.data.match;
      const stance = match.stance === "conflicts" ? "conflicts with" : "supports";
      const where = [match.report.source, match.report.title].filter(Boolean).join(" · ") || "a report";
      const notice = document.createElement("p");
      notice.className = `factcheck-notice factcheck-notice-${match.stance}`;
      notice.setAttribute("role", "alert");
      notice.textContent = `A new report ${stance} “${event.data.statement.text}” (${where}).`;
      notices.replaceChildren(notice);
    }

    const notices = document.createElement("div");
    notices.className = "factcheck-notices";
    box.prepend(notices);
    const live = { text: null, watchId: null, stream: null };

    async function followText(text) {
      if (!options.watch || text === live.text) return;
      live.text = text;
      if (live.stream) live.stream.close();
      if (live.watchId !== null) client.unwatch(live.watchId);
      live.stream = null;
      live.watchId = null;
      if (!state.sentences.length) return;
      try {
        const watch = await client.watch(text, options.stances);
        if (live.text !== text) {
          client.unwatch(watch.id);
          return;
        }
        live.watchId = watch.id;
        live.stream = client.follow(watch.id, (event) => {  // a new watch: all of its events
          showNotice(event);
          client.forget(event.data.statement.text);
          refresh();
          if (options.onEvent) options.onEvent(event);
        }, { lastEventId: 0 });
      } catch (error) {
        live.text = null; // e.g. a read-only key: no live notices, checks go on
        if (options.onError) options.onError(error);
      }
    }

    function render() {
      status.textContent = summarise(state.sentences);
      list.replaceChildren(
        ...state.sentences.map((sentence) => {
          const item = document.createElement("li");
          const verdict = document.createElement("span");
          verdict.className = `factcheck-verdict factcheck-verdict-${sentence.result.verdict}`;
          verdict.textContent = `${VERDICT_LABELS[sentence.result.verdict]}: `;
          const show = document.createElement("button");
          show.type = "button";
          show.className = "factcheck-show";
          show.textContent = sentence.text;
          show.addEventListener("click", () => select(sentence));
          item.append(verdict, show);
          const best = sentence.result.matches[0];
          if (best) {
            const where = [best.report.source, best.report.published_at, best.report.title]
              .filter(Boolean)
              .join(" · ");
            const note = document.createElement("div");
            note.className = "factcheck-evidence";
            note.textContent = [where, best.reasons[0] && best.reasons[0].message]
              .filter(Boolean)
              .join(" — ");
            item.append(note);
          }
          return item;
        }),
      );
      highlight();
    }

    async function refresh() {
      const generation = ++state.generation;
      const text = currentText();
      try {
        const answer = await client.checkText(text);
        if (generation !== state.generation) return; // the author typed on; a newer check runs
        state.sentences = answer.sentences;
        render();
        followText(text);
        if (options.onResult) options.onResult(answer);
      } catch (error) {
        if (generation !== state.generation) return;
        status.textContent = `Could not check the text: ${error.message}`;
        if (options.onError) options.onError(error);
      }
    }

    const scheduled = debounce(refresh, options.delay ?? 700);
    element.addEventListener("input", scheduled);
    refresh();

    return {
      refresh,
      get sentences() {
        return state.sentences;
      },
      destroy() {
        scheduled.cancel();
        element.removeEventListener("input", scheduled);
        if (live.stream) live.stream.close();
        if (live.watchId !== null) client.unwatch(live.watchId);
        box.remove();
        if (!isField && global.CSS && CSS.highlights) {
          for (const verdict of VERDICTS) CSS.highlights.delete(`factcheck-${verdict}`);
        }
      },
    };
  }

  global.Factcheck = {
    Client,
    FactcheckError,
    annotate,
    debounce,
    sentenceParts,
    splitChunks,
    summarise,
    utf16Span,
    VERDICTS,
    VERDICT_LABELS,
  };
})(window);
