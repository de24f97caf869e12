// Only what htmx cannot do on its own. Nothing here is needed for a page to work.
document.addEventListener("htmx:afterSwap", (event) => {
  // Move keyboard focus to the first field with an error after a form comes back.
  const invalid = event.detail.target.querySelector("[aria-invalid='true']");
  if (invalid) invalid.focus();
});

// A figures page: typing a date means "from … to …" (insights FiguresFilterForm).
document.addEventListener("change", (event) => {
  if (!event.target.matches("[data-custom-period]")) return;
  const period = event.target.form && event.target.form.elements.period;
  if (period) period.value = "custom";
}, true);
