/*
 * The editor page: a draft, its check-worthy sentences highlighted by verdict, and a panel with
 * the evidence for the chosen sentence (reports, the sentence they say it in, the reasons), its
 * timeline, and a ClaimReview export. Talks to the service through factcheck.js.
 */
(function () {
  "use strict";

  const { Client, debounce, summarise, sentenceParts, FactcheckError, VERDICT_LABELS } = window.Factcheck;
  const STANCE_LABELS = { supports: "Supports", conflicts: "Conflicts", related: "Related" };
  const CHECK_DELAY_MS = 600;
  const KEY_STORAGE = "factcheck.apiKey";
  const REVIEWED_STORAGE = "factcheck.reviewed";
  const MIN_RELEVANCE = 35; // the service's default FACTCHECK_MIN_SCORE
  // Reasons that decide a label: a differing or agreeing figure, date, rank, or a negation.
  const DECISIVE_KINDS = new Set(["quantity", "date", "ordinal", "negation", "antonym", "rating", "actor", "direction"]);

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
  const liveNotice = $("#live-notice");
  const reviewed = loadReviewed(); // flags marked "checked, keep it", by sentence and evidence

  function loadReviewed() {
    try {
      return new Set(JSON.parse(sessionStorage.getItem(REVIEWED_STORAGE) || "[]"));
    } catch {
      return new Set();
    }
  }

  function saveReviewed() {
    sessionStorage.setItem(REVIEWED_STORAGE, JSON.stringify([...reviewed]));
  }

  /** A flag is reviewed for this sentence and this evidence: a new conflicting report flags it again. */
  function reviewKey(sentence) {
    const ids = sentence.result.matches
      .filter((m) => m.stance !== "related")
      .map((m) => m.claim.id)
      .sort((a, b) => a - b);
    return `${sentence.text}\u0000${sentence.result.verdict}\u0000${ids.join(",")}`;
  }

  function isFlag(sentence) {
    return sentence.result.verdict === "contradicted" || sentence.result.verdict === "disputed";
  }

  function isReviewed(sentence) {
    return isFlag(sentence) && reviewed.has(reviewKey(sentence));
  }

  function verdictClass(sentence) {
    return `verdict-${sentence.result.verdict}${isReviewed(sentence) ? " reviewed" : ""}`;
  }

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
      const mark = element("mark", verdictClass(sentence));
      mark.append(...partPieces(sentence, "part"));
      if (sentence === state.active) mark.classList.add("active");
      mark.dataset.index = String(index);
      pieces.push(mark);
      at = sentence.end;
    });
    // A trailing newline keeps the mirror as tall as the textarea's last (empty) line.
    pieces.push(document.createTextNode(text.slice(at) + "\n"));
    highlights.replaceChildren(...pieces);
    fitMirror();
  }

  /** The sentence's text with its judged parts (a figure, a date) in their own marks. */
  function partPieces(sentence, className) {
    const pieces = [];
    let at = 0;
    for (const part of sentenceParts(sentence)) {
      if (part.start > at) pieces.push(document.createTextNode(sentence.text.slice(at, part.start)));
      const mark = element("mark", `${className} ${className}-${part.effect}`, sentence.text.slice(part.start, part.end));
      mark.title = part.effect === "conflicts" ? "a report gives a different figure" : "a report agrees";
      pieces.push(mark);
      at = part.end;
    }
    if (at < sentence.text.length) pieces.push(document.createTextNode(sentence.text.slice(at)));
    return pieces;
  }

  function fitMirror() {
    highlights.style.width = `${draft.clientWidth}px`;
    highlights.style.transform = `translate(${-draft.scrollLeft}px, ${-draft.scrollTop}px)`;
  }

  /** While the author types, keep each checked sentence on its text until the next check. */
  function followEdits() {
    const text = draft.value;
    const active = state.active;
    state.sentences = state.sentences
      .map((sentence) => {
        if (text.slice(sentence.start, sentence.end) === sentence.text) return sentence;
        const moved = text.indexOf(sentence.text);
        const kept = moved < 0 ? null : { ...sentence, start: moved, end: moved + sentence.text.length };
        if (sentence === active) state.active = kept;
        return kept;
      })
      .filter(Boolean);
    if (active && !state.active) {
      // The chosen sentence was edited: its evidence no longer applies. The next check picks
      // the sentence now at its place (see placeActive).
      const grown = text.length - (state.lastLength ?? text.length);
      state.editedAt = { start: active.start, end: Math.max(active.start + 1, active.end + grown) };
      state.lastActive = active;
      showPanelEmpty("Checking the edited sentence…");
    }
    state.lastLength = text.length;
    paintHighlights();
  }

  /** After a check: the chosen sentence, found by its text, or else the one now where it was. */
  function placeActive(previous) {
    if (!previous) return null;
    const same = state.sentences.find((s) => s.text === previous.text);
    if (same) return same;
    const where = state.editedAt || previous;
    const caret = document.activeElement === draft ? draft.selectionStart : -1;
    return (
      state.sentences.find((s) => caret >= s.start && caret <= s.end) ||
      state.sentences.find((s) => s.start < where.end && where.start < s.end) ||
      null
    );
  }

  function showPanelEmpty(message) {
    const note = element("p", "empty", message);
    panelBody.replaceChildren(note);
    delete panelBody.dataset.sentence;
    delete panelBody.dataset.key;
  }

  /* ---- the list of checked sentences: one tab stop, arrow keys inside ---- */

  function renderList() {
    const activeIndex = activeSentenceIndex();
    // Rebuilding the list must not drop the keyboard focus of someone moving through it.
    const focused = list.contains(document.activeElement) ? Number(document.activeElement.dataset.index) : -1;
    const items = state.sentences.map((sentence, index) => {
      const item = element("li");
      const button = element("button", `sentence ${verdictClass(sentence)}`);
      button.type = "button";
      button.dataset.index = String(index);
      button.tabIndex = index === Math.max(activeIndex, 0) ? 0 : -1;
      button.setAttribute("aria-current", String(index === activeIndex));
      const label = isReviewed(sentence) ? `${VERDICT_LABELS[sentence.result.verdict]} · reviewed` : VERDICT_LABELS[sentence.result.verdict];
      const badge = element("span", `badge verdict-${sentence.result.verdict}`, label);
      const words = element("span", "sentence-text");
      words.append(...partPieces(sentence, "part"));
      button.append(badge, words);
      item.append(button);
      if (sentence.notice) item.append(element("p", `live-notice-item stance-${sentence.notice.stance}`, sentence.notice.message));
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
    return state.active ? state.sentences.indexOf(state.active) : -1;
  }

  list.addEventListener("click", (event) => {
    const button = event.target.closest("button.sentence");
    if (button) choose(Number(button.dataset.index));
  });

  list.addEventListener("keydown", (event) => {
    const buttons = [...list.querySelectorAll("button.sentence")];
    const at = buttons.indexOf(document.activeElement);
    if (at < 0) return;
    if (event.key === "Enter" || event.key === " ") {
      // "Enter shows a sentence in the draft": select it there and move the focus to it.
      event.preventDefault();
      const index = Number(document.activeElement.dataset.index);
      choose(index);
      selectInDraft(state.sentences[index]);
      return;
    }
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
    state.editedAt = null;
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
    if (!sentence) return;
    draft.focus();
    draft.setSelectionRange(sentence.start, sentence.end);
    // Bring the selection into view: put the caret there, then let the browser scroll to it.
    const before = draft.value.slice(0, sentence.start).split("\n").length - 1;
    const lineHeight = parseFloat(getComputedStyle(draft).lineHeight) || 20;
    draft.scrollTop = Math.max(0, before * lineHeight - draft.clientHeight / 3);
    fitMirror();
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
    const score = item.querySelector(".match-score");
    score.textContent = `relevance ${Math.round(match.score)}/100${match.hedged ? " · hedged" : ""}`;
    score.title = "How closely this report's sentence matches yours, 0-100; matches start at 35.";
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
      [report.source || "publisher not named in the report", report.published_at ? report.published_at.slice(0, 10) : "undated"].join(" · ");
    if (match.claim.rating) item.querySelector(".match-rating").append(ratingLine(match.claim.rating));
    item.querySelector(".match-claim").append(claimQuote(match));
    const reasons = item.querySelector(".match-reasons");
    const { decisive, rest } = sortReasons(match);
    for (const reason of decisive) reasons.append(element("li", `effect-${reason.effect}`, reason.message));
    if (rest.length) {
      const more = element("details", "more-reasons");
      more.append(element("summary", "", `${rest.length} more ${rest.length === 1 ? "reason" : "reasons"} (did not decide the label)`));
      const list = element("ul", "match-reasons-more");
      for (const reason of rest) list.append(element("li", `effect-${reason.effect}`, reason.message));
      more.append(list);
      item.append(more);
    }
    return item;
  }

  /**
   * What decided the label first (the reasons pointing the way of the stance, then any other
   * figure, date or negation), the rest (not comparable units, topic overlap) folded away.
   * The same message twice is shown once.
   */
  function sortReasons(match) {
    const seen = new Set();
    const unique = match.reasons.filter((r) => !seen.has(r.message) && seen.add(r.message));
    const wanted = { conflicts: "conflicts", supports: "supports" }[match.stance];
    const decides = (r) => r.effect !== "neutral" && (r.effect === wanted || DECISIVE_KINDS.has(r.kind));
    let decisive = unique.filter(decides);
    decisive.sort((a, b) => (b.effect === wanted) - (a.effect === wanted));
    if (!decisive.length && unique.length) decisive = [unique[0]];
    return { decisive, rest: unique.filter((r) => !decisive.includes(r)) };
  }

  function verdictSummary(result) {
    const count = (stance) => result.matches.filter((m) => m.stance === stance).length;
    if (!result.matches.length) return "No indexed report is close enough to this sentence.";
    return `${count("conflicts")} conflicting, ${count("supports")} supporting, ${count("related")} related.`;
  }

  function renderPanel(sentence) {
    const { result } = sentence;
    const body = document.createDocumentFragment();
    const quoted = element("p", "panel-sentence");
    quoted.append("“", ...partPieces(sentence, "part"), "”");
    body.append(quoted);
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
    if (isFlag(sentence)) {
      const done = isReviewed(sentence);
      const review = element("button", "review", done ? "Flag again" : "Mark as reviewed");
      review.type = "button";
      review.setAttribute("aria-pressed", String(done));
      review.title = "I checked this and keep it: stop flagging it in this draft (until other evidence arrives).";
      review.addEventListener("click", () => toggleReviewed(sentence));
      actions.append(review);
    }
    body.append(actions, exportBox);
    body.append(partsList(sentence));

    body.append(element("h3", "", `Matching reports (${result.matches.length})`));
    body.append(
      element(
        "p",
        "hint relevance-help",
        `Relevance (0-100) is how closely a report's sentence matches this one; only reports at ${MIN_RELEVANCE} or more are listed. The label comes from the reasons listed first.`,
      ),
    );
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
    panelBody.dataset.key = reviewKey(sentence);
    loadTimeline(sentence, timeline);
  }

  /** Each judged part of the sentence and what the reports say of it. */
  function partsList(sentence) {
    const parts = sentenceParts(sentence);
    const box = element("div", "parts");
    if (!parts.length) return box;
    box.append(element("h3", "", "Parts"));
    const list = element("ul", "parts-list");
    for (const part of parts) {
      const label = part.effect === "conflicts" ? "contradicted" : part.effect === "supports" ? "supported" : part.verdict || "unverified";
      const item = element("li", `part-item part-${part.effect}`);
      item.append(element("span", `badge verdict-${label}`, VERDICT_LABELS[label] || label), " ", sentence.text.slice(part.start, part.end));
      list.append(item);
    }
    box.append(list);
    return box;
  }

  function toggleReviewed(sentence) {
    const key = reviewKey(sentence);
    if (reviewed.has(key)) reviewed.delete(key);
    else reviewed.add(key);
    saveReviewed();
    paintHighlights();
    renderList();
    renderPanel(sentence);
    setStatus(summary());
  }

  function summary() {
    const done = state.sentences.filter(isReviewed).length;
    const line = summarise(state.sentences);
    return done ? `${line.replace(/\.$/, "")}; ${done} reviewed.` : line;
  }

  function timelineFor(statement) {
    if (!timelines.has(statement)) {
      const pending = client.get("/v1/check/timeline", { statement, limit: "20" });
      pending.catch(() => timelines.delete(statement));
      timelines.set(statement, pending);
    }
    return timelines.get(statement);
  }

  async function loadTimeline(sentence, box) {
    const statement = sentence.text;
    try {
      const timeline = await timelineFor(statement);
      if (panelBody.dataset.sentence !== statement) return;
      box.replaceChildren(renderTimeline(withCitedFigures(timeline, sentence.result)));
    } catch (error) {
      box.textContent = `Could not load the timeline: ${error.message}`;
    }
  }

  /** The figures the check cited belong on the timeline too, on their reports' dates. */
  function withCitedFigures(timeline, result) {
    const entries = timeline.entries.map((entry) => ({ ...entry, points: [...entry.points] }));
    const known = new Set(entries.flatMap((e) => e.points.map((p) => p.claim.id)));
    for (const match of result.matches) {
      if (match.stance === "related" || known.has(match.claim.id)) continue;
      const figure = match.reasons.find((r) => r.kind === "quantity" && r.claim_span && r.effect !== "neutral");
      if (!figure) continue;
      const date = match.report.published_at ? match.report.published_at.slice(0, 10) : null;
      let entry = entries.find((e) => e.date === date);
      if (!entry) {
        entry = { date, points: [] };
        entries.push(entry);
      }
      const span = window.Factcheck.utf16Span(match.claim.text, figure.claim_span);
      entry.points.push({ claim: match.claim, report: match.report, stance: match.stance, figure: match.claim.text.slice(span.start, span.end), cited: true });
      known.add(match.claim.id);
    }
    entries.sort((a, b) => (a.date === null) - (b.date === null) || String(a.date).localeCompare(String(b.date)));
    return { ...timeline, entries };
  }

  /** One line per outlet and day, its figures together: a report is one voice on its day. */
  function outletLines(points) {
    const lines = new Map();
    for (const point of points) {
      const report = point.report;
      const key = report.id ?? report.source ?? report.title ?? point.claim.id;
      if (!lines.has(key)) lines.set(key, { report, figures: [], earlier: true, cited: false });
      const line = lines.get(key);
      const what = point.figure ? `${point.figure}${point.earlier ? " (an earlier figure)" : ""}` : point.claim.text;
      if (!line.figures.includes(what)) line.figures.push(what);
      line.earlier = line.earlier && Boolean(point.earlier);
      line.cited = line.cited || Boolean(point.cited) || point.stance !== "related";
    }
    return [...lines.values()];
  }

  function reportLink(report) {
    const name = report.title || report.source || "a report";
    if (report.url && /^https?:/i.test(report.url)) {
      const link = element("a", "", name);
      link.href = report.url;
      link.rel = "noopener noreferrer";
      return link;
    }
    return document.createTextNode(name);
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
      for (const line of outletLines(entry.points)) {
        const item = element("li", [line.earlier ? "earlier" : "", line.cited ? "cited" : ""].join(" ").trim());
        item.append(`${line.figures.join("; ")} — `, reportLink(line.report));
        points.append(item);
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
      const previous = state.active || state.lastActive;
      const notices = new Map(state.sentences.filter((s) => s.notice).map((s) => [s.text, s.notice]));
      state.sentences = answer.sentences.map((s) => (notices.has(s.text) ? { ...s, notice: notices.get(s.text) } : s));
      state.active = placeActive(previous);
      state.lastActive = null;
      state.editedAt = null;
      paintHighlights();
      renderList();
      setStatus(summary());
      state.lastLength = text.length;
      if (state.active && panelBody.dataset.key !== reviewKey(state.active)) renderPanel(state.active);
      else if (!state.active && previous) showPanelEmpty("The sentence you chose is no longer in the draft.");
      followDraft(text);
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

  /* ---- live: a watch of the draft, followed as Server-Sent Events ---- */

  const live = { text: null, watchId: null, stream: null };
  const scheduleFollow = debounce((text) => watchDraft(text), 2 * CHECK_DELAY_MS);

  function followDraft(text) {
    if (text !== live.text && state.sentences.length) scheduleFollow(text);
  }

  async function watchDraft(text) {
    if (text !== draft.value || text === live.text) return;
    live.text = text;
    const old = { stream: live.stream, watchId: live.watchId };
    try {
      const watch = await client.watch(text);
      if (live.text !== text) {
        client.unwatch(watch.id);
        return;
      }
      live.watchId = watch.id;
      live.stream = client.follow(watch.id, onWatchEvent, { lastEventId: 0 }); // a new watch: all of its events
      document.body.dataset.watch = String(watch.id);
    } catch (error) {
      live.text = null; // a read-only key cannot watch: checks go on without live notices
    } finally {
      if (old.stream) old.stream.close();
      if (old.watchId !== null && old.watchId !== live.watchId) client.unwatch(old.watchId);
    }
  }

  function onWatchEvent(event) {
    const { statement, match } = event.data;
    const stance = match.stance === "conflicts" ? "conflicts with" : "supports";
    const where = [match.report.source, match.report.title].filter(Boolean).join(" · ") || "a report";
    const message = `A new report ${stance} this sentence (${where}).`;
    const sentence = state.sentences.find((s) => s.text === statement.text);
    liveNotice.textContent = `A new report ${stance} “${statement.text}” — ${where}.`;
    liveNotice.className = `live-notice stance-${match.stance}`;
    liveNotice.hidden = false;
    if (sentence) sentence.notice = { stance: match.stance, message };
    client.forget(statement.text);
    timelines.delete(statement.text);
    if (state.active && state.active.text === statement.text) state.lastActive = state.active;
    renderList();
    check();
  }

  window.addEventListener("pagehide", () => {
    if (live.watchId !== null) {
      fetch(`/v1/watches/${live.watchId}`, { method: "DELETE", keepalive: true, headers: client.headers("application/json") });
    }
  });

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
