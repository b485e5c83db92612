// Learnloop: small enhancements on top of forms that work without script.
"use strict";

// The language coach: as the reporter types, ask the server which phrases
// judge or blame, and show each with its reason and a factual rewording.
// It advises only; it never blocks sending.
function setUpCoach(textarea) {
  const output = document.getElementById(textarea.dataset.coach);
  if (!output) return;
  let timer = null;
  let latest = 0;
  const render = (text, findings) => {
    output.replaceChildren();
    if (findings.length === 0) return;
    const heading = document.createElement("p");
    heading.className = "coach-heading";
    heading.textContent = findings.length === 1
      ? "A suggestion to keep the report factual (you can still send it as it is):"
      : findings.length + " suggestions to keep the report factual (you can still send it as it is):";
    output.append(heading);
    const list = document.createElement("ul");
    const chars = Array.from(text);
    for (const f of findings) {
      const item = document.createElement("li");
      item.className = "coach-finding";
      const context = document.createElement("p");
      const before = chars.slice(Math.max(0, f.start - 30), f.start).join("");
      const after = chars.slice(f.end, f.end + 30).join("");
      const mark = document.createElement("mark");
      mark.textContent = f.text;
      const lead = f.start > 30 ? "…" : "";
      const tail = f.end + 30 < chars.length ? "…" : "";
      context.append(lead + before, mark, after + tail);
      const reason = document.createElement("p");
      reason.textContent = f.reason;
      const suggestion = document.createElement("p");
      suggestion.className = "coach-suggestion";
      suggestion.textContent = "Try: " + f.suggestion;
      item.append(context, reason, suggestion);
      list.append(item);
    }
    output.append(list);
  };
  const check = async () => {
    const text = textarea.value;
    const ticket = ++latest;
    try {
      const response = await fetch("/api/v1/coach", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ text }),
      });
      if (!response.ok || ticket !== latest) return;
      const body = await response.json();
      render(text, body.findings);
    } catch (_) {
      // Offline or slow: the coach is a helper, never a gate.
    }
  };
  textarea.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(check, 350);
  });
  if (textarea.value.trim() !== "") check();
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("textarea[data-coach]").forEach(setUpCoach);
  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });
  const summary = document.getElementById("error-summary");
  if (summary) summary.focus();
});
