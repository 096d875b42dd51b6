/*
 * The editor page: a draft, its check-worthy sentences highlighted by verdict, and a panel with
 * the evidence for the chosen sentence (reports, the sentence they say it in, the reasons), its
 * timeline, and a ClaimReview export. Talks to the service through factcheck.js.
 */
(function () {
  "use strict";

  const { Client, debounce, summarise, FactcheckError, VERDICT_LABELS } = window.Factcheck;
  const STANCE_LABELS = { supports: "Supports", conflicts: "Conflicts", related: "Related" };
  const CHECK_DELAY_MS = 600;
  const KEY_STORAGE = "factcheck.apiKey";

  const $ = (selector) => document.querySelector(selector);
  const draft = $("#draft");
  const highlights = $("#highlights");
  const status = $("#status");
  const list = $("#sentences");
  const panelBody = $("#panel-body");
  const panelHeading = $("#panel-heading");
  const settings = $("#settings");
  const apiKeyInput = $("#api-key");
  const matchTemplate = $("#match-template");

  const client = new Client({ endpoint: "", apiKey: sessionStorage.getItem(KEY_STORAGE) });
  const timelines = new Map(); // statement -> Promise of its timeline
  const state = { sentences: [], active: null, generation: 0 };

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function setStatus(text, isError = false) {
    status.textContent = text;
    status.classList.toggle("error", isError);
  }

  /* ---- highlights painted behind the textarea ---- */

  function paintHighlights() {
    const text = draft.value;
    const pieces = [];
    let at = 0;
    state.sentences.forEach((sentence, index) => {
      if (sentence.start < at) return; // overlapping pieces cannot both be painted
      pieces.push(document.createTextNode(text.slice(at, sentence.start)));
      const mark = element("mark", `verdict-${sentence.result.verdict}`, text.slice(sentence.start, sentence.end));
      if (state.active && sentence.text === state.active.text) mark.classList.add("active");
      mark.dataset.index = String(index);
      pieces.push(mark);
      at = sentence.end;
    });
    // A trailing newline keeps the mirror as tall as the textarea's last (empty) line.
    pieces.push(document.createTextNode(text.slice(at) + "\n"));
    highlights.replaceChildren(...pieces);
    fitMirror();
  }

  function fitMirror() {
    highlights.style.width = `${draft.clientWidth}px`;
    highlights.style.transform = `translate(${-draft.scrollLeft}px, ${-draft.scrollTop}px)`;
  }

  /** While the author types, keep each checked sentence on its text until the next check. */
  function followEdits() {
    const text = draft.value;
    state.sentences = state.sentences
      .map((sentence) => {
        if (text.slice(sentence.start, sentence.end) === sentence.text) return sentence;
        const moved = text.indexOf(sentence.text);
        return moved < 0 ? null : { ...sentence, start: moved, end: moved + sentence.text.length };
      })
      .filter(Boolean);
    paintHighlights();
  }

  /* ---- the list of checked sentences: one tab stop, arrow keys inside ---- */

  function renderList() {
    const activeIndex = activeSentenceIndex();
    // Rebuilding the list must not drop the keyboard focus of someone moving through it.
    const focused = list.contains(document.activeElement) ? Number(document.activeElement.dataset.index) : -1;
    const items = state.sentences.map((sentence, index) => {
      const item = element("li");
      const button = element("button", `sentence verdict-${sentence.result.verdict}`);
      button.type = "button";
      button.dataset.index = String(index);
      button.tabIndex = index === Math.max(activeIndex, 0) ? 0 : -1;
      button.setAttribute("aria-current", String(index === activeIndex));
      const badge = element("span", `badge verdict-${sentence.result.verdict}`, VERDICT_LABELS[sentence.result.verdict]);
      button.append(badge, element("span", "sentence-text", sentence.text));
      item.append(button);
      return item;
    });
    list.replaceChildren(...items);
    if (focused >= 0 && items.length) {
      const button = items[Math.min(focused, items.length - 1)].firstElementChild;
      items.forEach((item) => (item.firstElementChild.tabIndex = -1));
      button.tabIndex = 0;
      button.focus();
    }
  }

  function activeSentenceIndex() {
    if (!state.active) return -1;
    return state.sentences.findIndex((s) => s.text === state.active.text);
  }

  list.addEventListener("click", (event) => {
    const button = event.target.closest("button.sentence");
    if (button) choose(Number(button.dataset.index));
  });

  list.addEventListener("keydown", (event) => {
    const buttons = [...list.querySelectorAll("button.sentence")];
    const at = buttons.indexOf(document.activeElement);
    if (at < 0) return;
    const moves = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: buttons.length - 1 };
    if (!(event.key in moves)) return;
    event.preventDefault();
    const next = buttons[Math.min(Math.max(moves[event.key], 0), buttons.length - 1)];
    buttons.forEach((b) => (b.tabIndex = b === next ? 0 : -1));
    next.focus();
  });

  /* ---- choosing a sentence: from the list, the caret, or Alt+arrows ---- */

  function choose(index) {
    const sentence = state.sentences[index];
    if (!sentence) return;
    state.active = sentence;
    paintHighlights();
    renderList();
    renderPanel(sentence);
  }

  function sentenceAtCaret() {
    const caret = draft.selectionStart;
    return state.sentences.findIndex((s) => caret >= s.start && caret <= s.end);
  }

  function followCaret() {
    const index = sentenceAtCaret();
    if (index >= 0 && state.sentences[index] !== state.active) choose(index);
  }

  function selectInDraft(sentence) {
    draft.focus();
    draft.setSelectionRange(sentence.start, sentence.end);
  }

  draft.addEventListener("keydown", (event) => {
    if (!event.altKey || (event.key !== "ArrowDown" && event.key !== "ArrowUp")) return;
    if (!state.sentences.length) return;
    event.preventDefault();
    const { selectionStart: from, selectionEnd: to } = draft;
    const forward = event.key === "ArrowDown";
    const isSelected = (s) => s.start === from && s.end === to;
    const ordered = forward ? state.sentences : [...state.sentences].reverse();
    const target =
      ordered.find((s) => !isSelected(s) && (forward ? s.start >= from : s.end <= from)) ??
      ordered[0];
    selectInDraft(target);
    choose(state.sentences.indexOf(target));
  });
  draft.addEventListener("keyup", (event) => {
    if (!event.altKey) followCaret();
  });
  draft.addEventListener("mouseup", followCaret);
  draft.addEventListener("scroll", fitMirror);
  new ResizeObserver(fitMirror).observe(draft);

  /* ---- the evidence panel ---- */

  function codePointSlices(text, spans) {
    // Reason spans count code points; JavaScript strings count UTF-16 units.
    const chars = Array.from(text);
    const parts = [];
    let at = 0;
    for (const span of [...spans].sort((a, b) => a.start - b.start)) {
      if (span.start < at) continue;
      parts.push({ text: chars.slice(at, span.start).join("") });
      parts.push({ text: chars.slice(span.start, span.end).join(""), effect: span.effect });
      at = span.end;
    }
    parts.push({ text: chars.slice(at).join("") });
    return parts.filter((part) => part.text);
  }

  function claimQuote(match) {
    const spans = match.reasons
      .filter((r) => r.claim_span && r.effect !== "neutral")
      .map((r) => ({ ...r.claim_span, effect: r.effect }));
    const quote = document.createElement("span");
    for (const part of codePointSlices(match.claim.text, spans)) {
      if (!part.effect) {
        quote.append(part.text);
        continue;
      }
      const mark = element("mark", part.effect === "conflicts" ? "differs" : "agrees", part.text);
      mark.title = part.effect === "conflicts" ? "differs from the draft" : "agrees with the draft";
      quote.append(mark);
    }
    return quote;
  }

  function ratingLine(rating) {
    const when = rating.reviewed_at ? ` on ${rating.reviewed_at.slice(0, 10)}` : "";
    const line = document.createDocumentFragment();
    line.append(`Rated “${rating.name}” by ${rating.reviewer}${when}`);
    if (rating.url) {
      const link = element("a", "", "read the review");
      link.href = rating.url;
      link.rel = "noopener noreferrer";
      line.append(" · ", link);
    }
    return line;
  }

  function renderMatch(match) {
    const item = matchTemplate.content.firstElementChild.cloneNode(true);
    const badge = item.querySelector(".badge");
    badge.textContent = STANCE_LABELS[match.stance];
    badge.classList.add(`stance-${match.stance}`);
    item.querySelector(".match-score").textContent =
      `relevance ${Math.round(match.score)}${match.hedged ? " · hedged" : ""}`;
    const report = match.report;
    const title = report.title || report.source || (report.id ? `Report ${report.id}` : "Claim");
    const link = item.querySelector(".match-title");
    if (report.url && /^https?:/i.test(report.url)) {
      link.href = report.url;
      link.rel = "noopener noreferrer";
      link.textContent = title;
    } else {
      link.remove();
      item.querySelector(".match-title-text").textContent = title;
    }
    item.querySelector(".match-meta").textContent =
      [report.source || "Unknown publisher", report.published_at ? report.published_at.slice(0, 10) : "undated"].join(" · ");
    if (match.claim.rating) item.querySelector(".match-rating").append(ratingLine(match.claim.rating));
    item.querySelector(".match-claim").append(claimQuote(match));
    const reasons = item.querySelector(".match-reasons");
    for (const reason of match.reasons) {
      reasons.append(element("li", `effect-${reason.effect}`, reason.message));
    }
    return item;
  }

  function verdictSummary(result) {
    const count = (stance) => result.matches.filter((m) => m.stance === stance).length;
    if (!result.matches.length) return "No indexed report is close enough to this sentence.";
    return `${count("conflicts")} conflicting, ${count("supports")} supporting, ${count("related")} related.`;
  }

  function renderPanel(sentence) {
    const { result } = sentence;
    const body = document.createDocumentFragment();
    body.append(element("p", "panel-sentence", `“${sentence.text}”`));
    const verdict = element("div", "panel-verdict");
    verdict.append(
      element("span", `badge verdict-${result.verdict}`, VERDICT_LABELS[result.verdict]),
      element("span", "", verdictSummary(result)),
    );
    body.append(verdict);

    const actions = element("div", "panel-actions");
    const show = element("button", "", "Show in draft");
    show.type = "button";
    show.addEventListener("click", () => selectInDraft(sentence));
    const exporter = element("button", "", "Export ClaimReview");
    exporter.type = "button";
    const exportBox = element("div", "export");
    exporter.addEventListener("click", () => exportClaimReview(sentence.text, exportBox));
    actions.append(show, exporter);
    body.append(actions, exportBox);

    body.append(element("h3", "", `Matching reports (${result.matches.length})`));
    const matches = element("ol", "matches");
    matches.setAttribute("aria-label", "Matching reports");
    if (!result.matches.length) matches.append(element("li", "empty", "None close enough."));
    result.matches.forEach((match) => matches.append(renderMatch(match)));
    body.append(matches);

    body.append(element("h3", "", "Timeline"));
    const timeline = element("div", "timeline-box", "Loading the timeline…");
    body.append(timeline);

    panelBody.replaceChildren(body);
    panelBody.dataset.sentence = sentence.text;
    loadTimeline(sentence.text, timeline);
  }

  function timelineFor(statement) {
    if (!timelines.has(statement)) {
      const pending = client.get("/v1/check/timeline", { statement, limit: "20" });
      pending.catch(() => timelines.delete(statement));
      timelines.set(statement, pending);
    }
    return timelines.get(statement);
  }

  async function loadTimeline(statement, box) {
    try {
      const timeline = await timelineFor(statement);
      if (panelBody.dataset.sentence !== statement) return;
      box.replaceChildren(renderTimeline(timeline));
    } catch (error) {
      box.textContent = `Could not load the timeline: ${error.message}`;
    }
  }

  function renderTimeline(timeline) {
    const wrap = document.createDocumentFragment();
    if (!timeline.entries.length) {
      wrap.append(element("p", "empty", "No dated report gives this figure."));
      return wrap;
    }
    if (timeline.figure) {
      wrap.append(element("p", "hint", `How reports gave “${timeline.figure}” over time:`));
    }
    const dates = element("ol", "timeline");
    for (const entry of timeline.entries) {
      const day = element("li");
      day.append(element("span", "timeline-date", entry.date || "Undated"));
      const points = element("ul");
      for (const point of entry.points) {
        const what = point.figure ? `${point.figure}${point.earlier ? " (an earlier figure)" : ""}` : point.claim.text;
        const where = point.report.title || point.report.source || "a report";
        points.append(element("li", point.earlier ? "earlier" : "", `${what} — ${where}`));
      }
      day.append(points);
      dates.append(day);
    }
    wrap.append(dates);
    return wrap;
  }

  async function exportClaimReview(statement, box) {
    box.textContent = "Preparing the ClaimReview…";
    try {
      const review = await client.post("/v1/check/claimreview", { statement }, "application/ld+json");
      const json = JSON.stringify(review, null, 2);
      const details = element("details");
      details.open = true;
      details.append(element("summary", "", "ClaimReview draft (JSON-LD)"), element("pre", "", json));
      const download = element("a", "", "Download claimreview.json");
      download.href = URL.createObjectURL(new Blob([json], { type: "application/ld+json" }));
      download.download = "claimreview.json";
      box.replaceChildren(details, download);
    } catch (error) {
      box.textContent = `Could not export: ${error.message}`;
    }
  }

  /* ---- checking ---- */

  async function check() {
    const generation = ++state.generation;
    const text = draft.value;
    if (!text.trim()) {
      state.sentences = [];
      paintHighlights();
      renderList();
      setStatus("Waiting for a draft.");
      return;
    }
    const changed = client.unchecked(text);
    if (changed) setStatus(`Checking ${changed} changed ${changed === 1 ? "part" : "parts"}…`);
    try {
      const answer = await client.checkText(text);
      if (generation !== state.generation || text !== draft.value) return; // typed on
      state.sentences = answer.sentences;
      const activeIndex = activeSentenceIndex();
      if (activeIndex >= 0) state.active = state.sentences[activeIndex];
      paintHighlights();
      renderList();
      setStatus(summarise(state.sentences));
      if (activeIndex >= 0 && panelBody.dataset.sentence !== state.active.text) renderPanel(state.active);
    } catch (error) {
      if (generation !== state.generation) return;
      if (error instanceof FactcheckError && error.status === 401) {
        settings.open = true;
        setStatus("This service asks for an API key: enter it under Connection.", true);
      } else {
        setStatus(`Could not check the draft: ${error.message}`, true);
      }
    }
  }

  const scheduleCheck = debounce(check, CHECK_DELAY_MS);
  draft.addEventListener("input", () => {
    followEdits();
    scheduleCheck();
  });

  apiKeyInput.value = client.apiKey || "";
  apiKeyInput.addEventListener("change", () => {
    client.apiKey = apiKeyInput.value.trim() || null;
    if (client.apiKey) sessionStorage.setItem(KEY_STORAGE, client.apiKey);
    else sessionStorage.removeItem(KEY_STORAGE);
    client.cache.clear();
    timelines.clear();
    check();
  });

  panelHeading.addEventListener("focus", () => panelHeading.scrollIntoView({ block: "nearest" }));
  fitMirror();
  if (draft.value.trim()) check();
})();
