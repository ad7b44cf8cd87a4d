/*
 * Chat widget "Vragen over duaal leren".
 *
 * Embed on any page:
 *   <script src="https://example.org/widget/widget.js" defer></script>
 * Optional: data-api-base="https://chat.example.org" when the API lives on another origin
 * (default: the origin this script was loaded from). The stylesheet widget.css is loaded
 * from the same folder as this script.
 *
 * Plain JavaScript, no dependencies. Bot and user text are only ever put in the page with
 * textContent / createTextNode, never parsed as HTML.
 */
(() => {
  "use strict";

  if (window.__dlaWidgetLoaded) return;
  window.__dlaWidgetLoaded = true;

  const script = document.currentScript || document.querySelector('script[src*="widget.js"]');
  const scriptUrl = new URL(script ? script.src : "/widget/widget.js", window.location.href);
  const apiBase = ((script && script.getAttribute("data-api-base")) || scriptUrl.origin).replace(/\/+$/, "");
  const cssUrl = new URL("widget.css", scriptUrl).href;

  const STORE_KEY = "dla-chat-v1";
  const MAX_STORED = 200;
  const MAX_LENGTH = 1000;
  const SESSION_RE = /^[A-Za-z0-9_-]{8,64}$/;

  const T = {
    launcher: "Open de chat over duaal leren",
    title: "Vragen over duaal leren",
    close: "Sluit de chat",
    newChat: "Nieuw gesprek",
    wipe: "Wis mijn gesprek",
    wipeQuestion: "Wil je dit gesprek wissen? Je vragen en antwoorden verdwijnen, ook op onze server.",
    wipeYes: "Ja, wis alles",
    wipeNo: "Nee, terug",
    wiped: "Je gesprek is gewist.",
    wipedHere: "Je gesprek is gewist in dit venster.",
    wipedLocalOnly: "Je gesprek is gewist in dit venster. Op de server lukte dat nu niet. Probeer het later nog eens.",
    log: "Gesprek",
    input: "Typ je vraag",
    send: "Verstuur",
    you: "Jij: ",
    bot: "Assistent: ",
    welcome: "Hallo! Stel je vraag over duaal leren.",
    typing: "De assistent typt…",
    degraded: "De assistent werkt even in beperkte modus.",
    source: "Bron: ",
    newWindow: " (opent in een nieuw venster)",
    feedbackQuestion: "Hielp dit antwoord?",
    thumbUp: "Dit antwoord hielp me",
    thumbDown: "Dit antwoord hielp me niet",
    feedbackThanks: "Bedankt voor je reactie!",
    feedbackFailed: "Bedankt! Je reactie kon nu niet worden doorgestuurd.",
    commentLabel: "Wat kon beter? (niet verplicht)",
    commentSend: "Verstuur",
    commentThanks: "Bedankt voor je uitleg!",
    errorGeneric: "Er ging iets mis. Probeer het later opnieuw.",
    errorNetwork: "Ik kan de server nu niet bereiken. Controleer je internetverbinding en probeer opnieuw.",
    errorBusy: "De assistent is even niet beschikbaar. Probeer het over een paar minuten opnieuw.",
    errorTooMany: (seconds) => seconds
      ? `Je stuurt veel berichten na elkaar. Wacht ${seconds} seconden en probeer opnieuw.`
      : "Je stuurt veel berichten na elkaar. Wacht even en probeer opnieuw.",
    errorTooLong: `Je bericht is te lang: gebruik maximaal ${MAX_LENGTH} tekens.`,
  };

  /* ---------- state (kept in sessionStorage) ---------- */

  const newSessionId = () => {
    const bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  };

  const freshState = () => ({ sessionId: newSessionId(), started: false, messages: [] });

  const loadState = () => {
    try {
      const saved = JSON.parse(window.sessionStorage.getItem(STORE_KEY) || "null");
      if (saved && SESSION_RE.test(saved.sessionId) && Array.isArray(saved.messages)) {
        return { sessionId: saved.sessionId, started: Boolean(saved.started), messages: saved.messages };
      }
    } catch (error) {
      /* storage blocked or corrupt: start fresh */
    }
    return freshState();
  };

  let state = loadState();
  let busy = false;

  const saveState = () => {
    state.messages = state.messages.slice(-MAX_STORED);
    try {
      window.sessionStorage.setItem(STORE_KEY, JSON.stringify(state));
    } catch (error) {
      /* storage full or blocked: the conversation lives in memory only */
    }
  };

  /* ---------- DOM helpers ---------- */

  const el = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  };

  const SVG_NS = "http://www.w3.org/2000/svg";
  const icon = (pathData, className) => {
    const svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    svg.setAttribute("class", "dla-icon " + (className || ""));
    const path = document.createElementNS(SVG_NS, "path");
    path.setAttribute("d", pathData);
    svg.appendChild(path);
    return svg;
  };

  const ICONS = {
    chat: "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2zm3 6.5a1.5 1.5 0 1 0 0 .01zm5 0a1.5 1.5 0 1 0 0 .01zm5 0a1.5 1.5 0 1 0 0 .01z",
    close: "M6.4 5 5 6.4 10.6 12 5 17.6 6.4 19l5.6-5.6 5.6 5.6 1.4-1.4-5.6-5.6L19 6.4 17.6 5 12 10.6z",
    send: "M3 20.5 21 12 3 3.5v6.6l12 1.9-12 1.9z",
    up: "M2 21h4V9H2v12zm20-11a2 2 0 0 0-2-2h-6.3l1-4.6v-.3c0-.4-.2-.8-.4-1.1L13.2 1 6.6 7.6c-.4.4-.6.9-.6 1.4v10a2 2 0 0 0 2 2h9c.8 0 1.5-.5 1.8-1.2l3-7.1c.1-.2.2-.5.2-.7v-2z",
    down: "M22 3h-4v12h4V3zM2 14a2 2 0 0 0 2 2h6.3l-1 4.6v.3c0 .4.2.8.4 1.1l1.1 1 6.6-6.6c.4-.4.6-.9.6-1.4V5a2 2 0 0 0-2-2H7c-.8 0-1.5.5-1.8 1.2l-3 7.1c-.1.2-.2.5-.2.7v2z",
  };

  const srOnly = (text) => el("span", "dla-sr-only", text);

  const button = (className, label, onClick) => {
    const node = el("button", "dla-btn " + className, label);
    node.type = "button";
    if (onClick) node.addEventListener("click", onClick);
    return node;
  };

  /* ---------- safe rich text: **bold**, line breaks, http(s) links ---------- */

  // Full http(s) URLs, or domain-like references such as vlaanderen.be/duaal-leren.
  const LINK_RE = /https?:\/\/[^\s<>"']+|(?:www\.)?(?:[a-z0-9-]+\.)+(?:be|nl|eu|com|org|net|info|vlaanderen|brussels)(?:\/[^\s<>"']*)?/gi;

  const safeHref = (raw) => {
    const candidate = /^https?:\/\//i.test(raw) ? raw : "https://" + raw;
    try {
      const url = new URL(candidate);
      return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
    } catch (error) {
      return null;
    }
  };

  const link = (href, text) => {
    const a = el("a", "dla-link", text);
    a.href = href;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    a.appendChild(srOnly(T.newWindow));
    return a;
  };

  const appendLinkified = (parent, text) => {
    let last = 0;
    LINK_RE.lastIndex = 0;
    let match;
    while ((match = LINK_RE.exec(text)) !== null) {
      let raw = match[0];
      const start = match.index;
      const before = start > 0 ? text[start - 1] : "";
      // Part of an e-mail address or of a longer word: leave as text.
      if (/[@\w./-]/.test(before)) continue;
      while (/[.,;:!?]$/.test(raw) || (raw.endsWith(")") && !raw.includes("("))) raw = raw.slice(0, -1);
      const href = safeHref(raw);
      if (!href) continue;
      if (start > last) parent.appendChild(document.createTextNode(text.slice(last, start)));
      parent.appendChild(link(href, raw));
      last = start + raw.length;
      LINK_RE.lastIndex = last;
    }
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
  };

  const appendRichText = (parent, text) => {
    const paragraphs = String(text || "").replace(/\r\n?/g, "\n").split(/\n{2,}/);
    paragraphs.forEach((paragraph) => {
      if (!paragraph.trim()) return;
      const p = el("p", "dla-p");
      paragraph.split("\n").forEach((line, index) => {
        if (index) p.appendChild(document.createElement("br"));
        line.split(/\*\*(.+?)\*\*/g).forEach((part, partIndex) => {
          if (!part) return;
          const target = partIndex % 2 ? p.appendChild(el("strong")) : p;
          appendLinkified(target, part);
        });
      });
      parent.appendChild(p);
    });
  };

  // The bot also writes its source as a last "Bron: ..." paragraph: the widget shows the
  // structured sources (with links) instead, so that they do not appear twice.
  const displayText = (message) => {
    const text = String(message.text || "");
    if (!message.sources || !message.sources.length) return text;
    return text.replace(/\n*\s*Bron: [^\n]*\s*$/, "");
  };

  /* ---------- build the widget ---------- */

  const root = el("div", "dla-root");
  root.lang = "nl";
  root.hidden = true; // shown once the stylesheet is loaded (no flash of unstyled content)

  const launcher = el("button", "dla-launcher");
  launcher.type = "button";
  launcher.setAttribute("aria-label", T.launcher);
  launcher.setAttribute("aria-expanded", "false");
  launcher.setAttribute("aria-controls", "dla-panel");
  launcher.appendChild(icon(ICONS.chat));

  const panel = el("div", "dla-panel");
  panel.id = "dla-panel";
  panel.hidden = true;
  panel.setAttribute("role", "dialog");
  panel.setAttribute("aria-modal", "false");
  panel.setAttribute("aria-labelledby", "dla-title");

  const header = el("div", "dla-header");
  const title = el("h2", "dla-title", T.title);
  title.id = "dla-title";
  const closeButton = button("dla-close", "", () => closePanel());
  closeButton.setAttribute("aria-label", T.close);
  closeButton.appendChild(icon(ICONS.close));
  header.append(title, closeButton);

  const toolbar = el("div", "dla-toolbar");
  const newButton = button("dla-tool", T.newChat, () => newConversation());
  const wipeButton = button("dla-tool", T.wipe, () => askWipe());
  toolbar.append(newButton, wipeButton);

  const confirmBox = el("div", "dla-confirm");
  confirmBox.hidden = true;
  confirmBox.setAttribute("role", "group");
  confirmBox.setAttribute("aria-labelledby", "dla-confirm-text");
  const confirmText = el("p", "dla-confirm-text", T.wipeQuestion);
  confirmText.id = "dla-confirm-text";
  confirmText.tabIndex = -1;
  const confirmYes = button("dla-danger", T.wipeYes, () => wipeConversation());
  const confirmNo = button("dla-secondary", T.wipeNo, () => cancelWipe());
  const confirmActions = el("div", "dla-confirm-actions");
  confirmActions.append(confirmYes, confirmNo);
  confirmBox.append(confirmText, confirmActions);

  const log = el("div", "dla-log");
  log.setAttribute("role", "log");
  log.setAttribute("aria-live", "polite");
  log.setAttribute("aria-label", T.log);
  log.tabIndex = 0; // scrollable region: reachable by keyboard

  const typing = el("div", "dla-typing");
  for (let i = 0; i < 3; i += 1) {
    const dot = el("span", "dla-dot");
    dot.setAttribute("aria-hidden", "true");
    typing.appendChild(dot);
  }
  typing.appendChild(srOnly(T.typing));

  const form = el("form", "dla-form");
  form.noValidate = true;
  const label = el("label", "dla-sr-only", T.input);
  label.htmlFor = "dla-input";
  const input = el("input", "dla-input");
  input.id = "dla-input";
  input.type = "text";
  input.name = "dla-message";
  input.autocomplete = "off";
  input.maxLength = MAX_LENGTH;
  input.placeholder = T.input;
  const sendButton = el("button", "dla-btn dla-send");
  sendButton.type = "submit";
  sendButton.appendChild(icon(ICONS.send));
  sendButton.appendChild(el("span", "dla-send-text", T.send));
  form.append(label, input, sendButton);

  panel.append(header, toolbar, confirmBox, log, form);
  root.append(panel, launcher);

  /* ---------- rendering ---------- */

  const scrollToShow = (node, isBot) => {
    // Show a long bot answer from its start; otherwise keep the newest line in view.
    const bottom = log.scrollHeight - log.clientHeight;
    log.scrollTop = isBot ? Math.min(bottom, node.offsetTop - 8) : bottom;
  };

  const renderNote = (message) => {
    const node = el("div", "dla-msg dla-msg--note" + (message.error ? " dla-msg--error" : ""));
    node.appendChild(el("p", "dla-p", message.text));
    return node;
  };

  const renderUser = (message) => {
    const node = el("div", "dla-msg dla-msg--user");
    const bubble = el("div", "dla-bubble");
    bubble.appendChild(srOnly(T.you));
    bubble.appendChild(el("p", "dla-p", message.text));
    node.appendChild(bubble);
    return node;
  };

  const renderSources = (sources) => {
    const list = el("ul", "dla-sources");
    sources.forEach((source) => {
      if (!source || !source.title) return;
      const item = el("li", "dla-source", T.source);
      const href = source.url ? safeHref(source.url) : null;
      item.appendChild(href && /^https?:\/\//i.test(source.url) ? link(href, source.title) : document.createTextNode(source.title));
      if (source.reference) item.appendChild(document.createTextNode(", " + source.reference));
      list.appendChild(item);
    });
    return list;
  };

  const setFeedbackNote = (container, text) => {
    let note = container.querySelector(".dla-feedback-note");
    if (!note) {
      note = el("p", "dla-feedback-note");
      container.appendChild(note);
    }
    note.textContent = text;
  };

  const renderCommentForm = (message, feedback) => {
    const commentForm = el("form", "dla-comment");
    commentForm.noValidate = true;
    const fieldId = "dla-comment-" + message.id;
    const commentLabel = el("label", "dla-comment-label", T.commentLabel);
    commentLabel.htmlFor = fieldId;
    const row = el("div", "dla-comment-row");
    const field = el("input", "dla-input dla-comment-input");
    field.id = fieldId;
    field.type = "text";
    field.maxLength = 500;
    field.autocomplete = "off";
    const submit = el("button", "dla-btn dla-secondary", T.commentSend);
    submit.type = "submit";
    row.append(field, submit);
    commentForm.append(commentLabel, row);
    commentForm.addEventListener("submit", async (event) => {
      event.preventDefault();
      const comment = field.value.trim();
      if (!comment) return;
      submit.disabled = true;
      message.commentSent = true;
      message.feedbackNote = feedbackResult(await postFeedback(message, "down", comment), T.commentThanks);
      saveState();
      commentForm.remove();
      setFeedbackNote(feedback, message.feedbackNote);
      const thumb = feedback.querySelector(".dla-thumb--down");
      if (thumb) thumb.focus();
    });
    return commentForm;
  };

  const renderFeedback = (message) => {
    const feedback = el("div", "dla-feedback");
    const group = el("div", "dla-feedback-row");
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", T.feedbackQuestion);
    group.appendChild(el("span", "dla-feedback-question", T.feedbackQuestion));
    const thumbs = [["up", T.thumbUp], ["down", T.thumbDown]].map(([rating, name]) => {
      const thumb = button("dla-thumb dla-thumb--" + rating, "");
      thumb.setAttribute("aria-label", name);
      thumb.setAttribute("aria-pressed", String(message.rating === rating));
      thumb.appendChild(icon(ICONS[rating]));
      thumb.addEventListener("click", () => rate(message, rating, feedback, thumbs));
      group.appendChild(thumb);
      return thumb;
    });
    feedback.appendChild(group);
    if (message.rating === "down" && !message.commentSent) feedback.appendChild(renderCommentForm(message, feedback));
    if (message.feedbackNote) setFeedbackNote(feedback, message.feedbackNote);
    return feedback;
  };

  const renderBot = (message) => {
    const node = el("div", "dla-msg dla-msg--bot");
    const bubble = el("div", "dla-bubble");
    bubble.appendChild(srOnly(T.bot));
    appendRichText(bubble, displayText(message));
    if (message.sources && message.sources.length) bubble.appendChild(renderSources(message.sources));
    node.appendChild(bubble);
    if (message.buttons && message.buttons.length) {
      const choices = el("div", "dla-choices");
      message.buttons.forEach((choice) => {
        if (!choice || !choice.title) return;
        choices.appendChild(button("dla-choice", choice.title, () => send(choice.payload || choice.title, choice.title)));
      });
      node.appendChild(choices);
    }
    if (message.article_id) node.appendChild(renderFeedback(message));
    return node;
  };

  const renderMessage = (message) => {
    if (message.kind === "user") return renderUser(message);
    if (message.kind === "bot") return renderBot(message);
    return renderNote(message);
  };

  const addMessage = (message) => {
    state.messages.push(message);
    saveState();
    const node = renderMessage(message);
    log.insertBefore(node, typing.parentNode === log ? typing : null);
    scrollToShow(node, message.kind === "bot");
    return node;
  };

  const renderAll = () => {
    log.textContent = "";
    state.messages.forEach((message) => log.appendChild(renderMessage(message)));
    log.scrollTop = log.scrollHeight;
  };

  const setBusy = (value) => {
    busy = value;
    sendButton.disabled = value;
    newButton.disabled = value;
    wipeButton.disabled = value;
    log.setAttribute("aria-busy", String(value));
    if (value) {
      log.appendChild(typing);
      log.scrollTop = log.scrollHeight;
    } else if (typing.parentNode) {
      typing.remove();
    }
  };

  /* ---------- talking to the API ---------- */

  // The server's own (Dutch) explanation; not the framework's English defaults such as "Not Found".
  const ENGLISH_DEFAULTS = /^(not found|method not allowed|internal server error|bad request|forbidden|unauthorized|too many requests|service unavailable|unprocessable (entity|content)|bad gateway|gateway timeout)$/i;

  const readDetail = async (response) => {
    try {
      const body = await response.json();
      const detail = body && typeof body.detail === "string" ? body.detail.trim() : "";
      return detail && !ENGLISH_DEFAULTS.test(detail) ? detail : null;
    } catch (error) {
      return null;
    }
  };

  const errorText = async (response) => {
    const detail = await readDetail(response);
    if (detail) return detail;
    if (response.status === 429) {
      const seconds = parseInt(response.headers.get("Retry-After") || "", 10);
      return T.errorTooMany(Number.isFinite(seconds) && seconds > 0 ? seconds : null);
    }
    if (response.status === 503) return T.errorBusy;
    return T.errorGeneric;
  };

  const send = async (message, shownText, options = {}) => {
    const text = String(message || "").trim();
    if (busy || !text) return;
    if (text.length > MAX_LENGTH) {
      addMessage({ kind: "note", error: true, text: T.errorTooLong });
      return;
    }
    if (!options.silent) addMessage({ kind: "user", text: shownText || text });
    setBusy(true);
    try {
      const response = await fetch(apiBase + "/api/chat", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ session_id: state.sessionId, message: text }),
      });
      if (!response.ok) {
        addMessage({ kind: "note", error: true, text: await errorText(response) });
        return;
      }
      const body = await response.json();
      if (body.degraded) addMessage({ kind: "note", text: T.degraded });
      (Array.isArray(body.messages) ? body.messages : []).forEach((bot) => {
        if (!bot) return;
        addMessage({
          kind: "bot",
          id: String(bot.id || ""),
          text: String(bot.text || ""),
          buttons: Array.isArray(bot.buttons) ? bot.buttons : [],
          sources: Array.isArray(bot.sources) ? bot.sources : [],
          article_id: bot.article_id || null,
        });
      });
    } catch (error) {
      addMessage({ kind: "note", error: true, text: T.errorNetwork });
    } finally {
      setBusy(false);
    }
  };

  const postFeedback = async (message, rating, comment) => {
    const body = { session_id: state.sessionId, message_id: message.id, rating };
    if (comment) body.comment = comment;
    try {
      const response = await fetch(apiBase + "/api/feedback", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify(body),
      });
      return response.ok ? { ok: true } : { ok: false, detail: await readDetail(response) };
    } catch (error) {
      return { ok: false, detail: null };
    }
  };

  const feedbackResult = (result, thanks) => (result.ok ? thanks : result.detail || T.feedbackFailed);

  const rate = async (message, rating, feedback, thumbs) => {
    message.rating = rating;
    message.commentSent = false;
    thumbs.forEach((thumb) => thumb.setAttribute("aria-pressed", String(thumb.classList.contains("dla-thumb--" + rating))));
    const oldForm = feedback.querySelector(".dla-comment");
    if (oldForm) oldForm.remove();
    if (rating === "down") {
      const note = feedback.querySelector(".dla-feedback-note");
      feedback.insertBefore(renderCommentForm(message, feedback), note);
    }
    saveState();
    message.feedbackNote = feedbackResult(await postFeedback(message, rating), T.feedbackThanks);
    saveState();
    setFeedbackNote(feedback, message.feedbackNote);
  };

  /* ---------- conversation lifecycle ---------- */

  const startConversation = () => {
    state.started = true;
    addMessage({ kind: "note", text: T.welcome });
    send("hallo", null, { silent: true });
  };

  const resetState = () => {
    state = freshState();
    saveState();
    renderAll();
  };

  const newConversation = () => {
    if (busy) return;
    cancelWipe(false);
    resetState();
    startConversation();
    input.focus();
  };

  const askWipe = () => {
    if (busy) return;
    confirmBox.hidden = false;
    confirmYes.focus();
  };

  const cancelWipe = (returnFocus = true) => {
    if (confirmBox.hidden) return;
    confirmBox.hidden = true;
    if (returnFocus) wipeButton.focus();
  };

  const wipeConversation = async () => {
    if (busy) return;
    confirmBox.hidden = true;
    const oldId = state.sessionId;
    setBusy(true);
    let note = T.wipedLocalOnly;
    try {
      const response = await fetch(apiBase + "/api/sessions/" + encodeURIComponent(oldId), { method: "DELETE" });
      if (response.ok) note = T.wiped;
      else {
        const detail = await readDetail(response);
        if (detail) note = T.wipedHere + " " + detail;
      }
    } catch (error) {
      /* network error: wiped in this window only */
    }
    setBusy(false);
    resetState();
    addMessage({ kind: "note", text: note });
    startConversation();
    input.focus();
  };

  /* ---------- open / close ---------- */

  const openPanel = () => {
    panel.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    root.classList.add("dla-open");
    log.scrollTop = log.scrollHeight;
    input.focus();
    if (!state.started) startConversation();
  };

  const closePanel = () => {
    panel.hidden = true;
    confirmBox.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    root.classList.remove("dla-open");
    launcher.focus();
  };

  launcher.addEventListener("click", () => (panel.hidden ? openPanel() : closePanel()));

  panel.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" && event.key !== "Esc") return;
    event.preventDefault();
    if (!confirmBox.hidden) cancelWipe();
    else closePanel();
  });

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (busy) return;
    const text = input.value.trim();
    if (!text) {
      input.focus();
      return;
    }
    input.value = "";
    input.focus();
    send(text);
  });

  /* ---------- mount ---------- */

  const loadStylesheet = () => {
    const present = Array.from(document.querySelectorAll('link[rel="stylesheet"]')).some((node) => node.href === cssUrl);
    if (present) {
      root.hidden = false;
      return;
    }
    const stylesheet = document.createElement("link");
    stylesheet.rel = "stylesheet";
    stylesheet.href = cssUrl;
    const show = () => {
      root.hidden = false;
    };
    stylesheet.addEventListener("load", show);
    stylesheet.addEventListener("error", show);
    document.head.appendChild(stylesheet);
  };

  const mount = () => {
    loadStylesheet();
    renderAll();
    document.body.appendChild(root);
  };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount);
  else mount();
})();
