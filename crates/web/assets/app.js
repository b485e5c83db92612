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

// The CSV import: a chosen file (or the pasted text) is uploaded with
// a progress bar while it uploads, then "checking" while the server checks
// every row. Problems are listed by row and column; nothing was imported.
function setUpImport(form) {
  const file = form.querySelector('input[type="file"]');
  const pasted = form.querySelector("textarea");
  const progress = form.querySelector("progress");
  const result = form.querySelector('[role="status"]');
  const say = (heading, lines, isError) => {
    result.replaceChildren();
    result.className = isError ? "error-summary" : "notice";
    const p = document.createElement("p");
    p.textContent = heading;
    result.append(p);
    if (lines.length > 0) {
      const list = document.createElement("ul");
      lines.forEach((line) => {
        const item = document.createElement("li");
        item.textContent = line;
        list.append(item);
      });
      result.append(list);
    }
  };
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const chosen = file.files[0];
    if (!chosen && pasted.value.trim() === "") {
      say("Choose a CSV file or paste the CSV first.", [], true);
      return;
    }
    const request = new XMLHttpRequest();
    request.open("POST", form.dataset.import);
    request.setRequestHeader("Content-Type", "text/csv");
    progress.hidden = false;
    progress.value = 0;
    say("Uploading…", [], false);
    request.upload.addEventListener("progress", (e) => {
      if (e.lengthComputable) progress.value = Math.round((e.loaded / e.total) * 100);
    });
    request.upload.addEventListener("load", () => {
      progress.removeAttribute("value");
      say("Checking every row…", [], false);
    });
    request.addEventListener("load", () => {
      progress.hidden = true;
      let body = null;
      try { body = JSON.parse(request.responseText); } catch (_) { body = null; }
      if (request.status === 200 && body) {
        const n = body.imported;
        say("Imported " + n + (n === 1 ? " value." : " values.") + " The chart shows them when the page is reloaded.", [], false);
        file.value = "";
        pasted.value = "";
      } else if (body && body.error) {
        const lines = (body.error.fields || []).slice(1).map((f) => f.message);
        say(body.error.fields && body.error.fields.length > 0 ? body.error.fields[0].message : body.error.message, lines, true);
      } else {
        say("The import did not work (" + request.status + "). Nothing was imported; please try again.", [], true);
      }
    });
    request.addEventListener("error", () => {
      progress.hidden = true;
      say("The file could not be sent: check the connection and try again. Nothing was imported.", [], true);
    });
    request.send(chosen || pasted.value);
  });
}

// A team choice offers only the chosen service's teams; a team of another
// service is cleared. Without script every team shows and the server checks.
function setUpTeamChoice(select) {
  const service = document.getElementById(select.dataset.followsService);
  if (!service) return;
  const update = () => {
    select.querySelectorAll("optgroup").forEach((group) => {
      const mine = group.dataset.service === service.value;
      group.hidden = !mine;
      group.disabled = !mine;
    });
    const chosen = select.selectedOptions[0];
    if (chosen && chosen.parentElement.tagName === "OPTGROUP" && chosen.parentElement.disabled) select.value = "";
  };
  service.addEventListener("change", update);
  update();
}

// A search box over a long <select>: typing hides the options that do not
// match, so a person is found by a few letters of their name or job. Without
// script the box stays hidden and the select works as it is.
function setUpSelectFilter(input) {
  const select = document.getElementById(input.dataset.filters);
  if (!select) return;
  input.hidden = false;
  input.addEventListener("input", () => {
    const words = input.value.toLowerCase().trim().split(/\s+/).filter(Boolean);
    let firstShown = null;
    for (const option of select.options) {
      const text = option.textContent.toLowerCase();
      const shown = words.every((word) => text.includes(word));
      option.hidden = !shown;
      if (shown && !firstShown) firstShown = option;
    }
    if (select.selectedOptions[0]?.hidden && firstShown) select.value = firstShown.value;
  });
}

// The dashboard's summary links to charts collapsed in <details>: opening
// the one linked to, for browsers that do not reveal it themselves.
function revealLinkedChart() {
  const id = decodeURIComponent(window.location.hash.slice(1));
  const target = id && document.getElementById(id);
  const panel = target && target.closest("details");
  if (panel && !panel.open) {
    panel.open = true;
    target.scrollIntoView();
  }
}
window.addEventListener("hashchange", revealLinkedChart);

document.addEventListener("DOMContentLoaded", () => {
  revealLinkedChart();
  document.querySelectorAll("input[data-filters]").forEach(setUpSelectFilter);
  document.querySelectorAll("select[data-follows-service]").forEach(setUpTeamChoice);
  document.querySelectorAll("textarea[data-coach]").forEach(setUpCoach);
  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });
  document.querySelectorAll("form[data-import]").forEach(setUpImport);
  document.querySelectorAll("button[data-print]").forEach((button) => {
    button.addEventListener("click", () => window.print());
  });
  const summary = document.getElementById("error-summary");
  if (summary) summary.focus();
});

// People import: a chosen CSV file is read into the text box beside it, so
// the form sends its text (without JavaScript, paste it there instead).
document.querySelectorAll("input[type=file][data-fills]").forEach((input) => {
  input.addEventListener("change", () => {
    const file = input.files && input.files[0];
    const target = document.getElementById(input.dataset.fills);
    if (file && target) file.text().then((text) => { target.value = text; });
  });
});
