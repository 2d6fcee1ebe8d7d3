// The reading room's small touches; every page works without them.
document.addEventListener("DOMContentLoaded", () => {
  // A table's column descriptions, folded away under one line.
  const dl = document.querySelector("dl.column-descriptions");
  if (dl) {
    const details = document.createElement("details");
    details.className = "column-descriptions";
    const summary = document.createElement("summary");
    summary.textContent = "What the columns mean";
    details.appendChild(summary);
    dl.parentNode.insertBefore(details, dl);
    details.appendChild(dl);
  }
  // Saved queries: date pickers, and what an empty field means.
  const form = document.querySelector("body.query form.sql");
  if (!form) return;
  const empty = {
    date: "today",
    since: "the start of the last crawl",
    q: "",
    wp_id: "",
  };
  for (const input of form.querySelectorAll("input[type=text]")) {
    const name = input.name;
    if (name === "date" && (input.value === "" || /^\d{4}-\d{2}-\d{2}$/.test(input.value))) {
      input.type = "date";
    }
    if (name === "since") {
      // a day from the picker, or any time typed in (2026-12-03T21:24:00Z, 7d)
      input.placeholder = "YYYY-MM-DD, 2026-12-03T21:24:00Z or 7d";
      const picker = document.createElement("input");
      picker.type = "date";
      picker.setAttribute("aria-label", "pick a day");
      picker.addEventListener("change", () => { input.value = picker.value; });
      input.after(" ", picker);
    }
    if (name === "q") { input.type = "search"; input.size = 40; }
    if (empty[name]) {
      const note = document.createElement("small");
      note.className = "param-default";
      note.textContent = " empty: " + empty[name];
      input.parentNode.appendChild(note);
    }
  }
});
