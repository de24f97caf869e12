// The hiring manager's review: one key per action (A advance, R reject, Q ask, N next).
// The buttons and links work without it; this only saves reaching for the mouse.
document.addEventListener("keydown", (event) => {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
  const target = event.target;
  if (target.closest("input, textarea, select, [contenteditable='true']")) return;
  const key = event.key.toLowerCase();
  const open = (id, focusSelector) => {
    const panel = document.getElementById(id);
    if (!panel) return;
    event.preventDefault();
    panel.open = true;
    const field = panel.querySelector(focusSelector);
    if (field) field.focus();
  };
  if (key === "a") {
    const button = document.getElementById("decide-advance");
    if (button) {
      event.preventDefault();
      button.click();
    }
  } else if (key === "r") {
    open("decide-reject", "select, textarea");
  } else if (key === "q") {
    open("decide-ask", "textarea");
  } else if (key === "n") {
    const next = document.getElementById("review-next");
    if (next) {
      event.preventDefault();
      next.click();
    }
  } else if (key === "escape") {
    document.querySelectorAll("details.decide__more[open]").forEach((d) => { d.open = false; });
  }
});
