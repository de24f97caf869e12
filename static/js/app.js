// Only what htmx cannot do on its own. Nothing here is needed for a page to work.
document.addEventListener("htmx:afterSwap", (event) => {
  // Move keyboard focus to the first field with an error after a form comes back.
  const invalid = event.detail.target.querySelector("[aria-invalid='true']");
  if (invalid) invalid.focus();
});
