// The Candidates board: drag a card onto another column to move it. Only a shortcut: every
// card also has its move button or link, and the server decides (a refused move comes back
// as the board with the gate's message on the card, status 422).
(() => {
  let dragged = null;
  document.addEventListener("dragstart", (event) => {
    const card = event.target.closest && event.target.closest(".app-card[data-move-url]");
    if (!card) return;
    dragged = card;
    card.classList.add("app-card--dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.id);
  });
  document.addEventListener("dragend", () => {
    if (dragged) dragged.classList.remove("app-card--dragging");
    document.querySelectorAll(".board__col--over").forEach((c) => c.classList.remove("board__col--over"));
    dragged = null;
  });
  const columnOf = (event) => event.target.closest && event.target.closest(".board__col[data-stage]");
  document.addEventListener("dragover", (event) => {
    const column = columnOf(event);
    if (!dragged || !column || column.dataset.stage === "closed") return;
    event.preventDefault();
    column.classList.add("board__col--over");
  });
  document.addEventListener("dragleave", (event) => {
    const column = columnOf(event);
    if (column && !column.contains(event.relatedTarget)) column.classList.remove("board__col--over");
  });
  document.addEventListener("drop", (event) => {
    const column = columnOf(event);
    if (!dragged || !column || column.dataset.stage === "closed") return;
    event.preventDefault();
    if (dragged.closest(".board__col") === column) return;
    window.htmx.ajax("POST", dragged.dataset.moveUrl, {
      source: dragged,
      target: "#candidates",
      swap: "outerHTML",
      values: { to_stage: column.dataset.stage },
    });
  });
})();
