// The hiring manager's review (issue 25, finding 8): a decision takes a key or two and the next
// candidate is on screen at once. Everything here is an addition: without it every button
// posts, the server redirects to the next candidate, and the links work.
//
// - The next three candidates are fetched as htmx fragments (`?after=…&ahead=`) while this
//   one is read, and a second frame loads the next résumé. A decision shows the next one at
//   once and posts the decision in the background; the server decides, and the status line
//   says what it did. A refused decision brings its candidate back with the reason.
// - Keys: A advance; R reject, then the reason's number, the brief's number, Enter; Q ask (Ctrl+Enter sends);
//   N next; Esc closes the reject or ask box and gives the keys back. Clicking into the
//   résumé does not keep the keys: focus comes back to the page (tabbing into it does).
(() => {
  const root = document.getElementById("review");
  if (!root || !window.fetch) return;
  const holder = document.getElementById("review-candidate");
  const status = document.getElementById("review-status");
  const resume = document.getElementById("review-resume");
  const frames = document.getElementById("resume-frames");
  const download = document.getElementById("resume-download");
  const fileBox = document.getElementById("resume-file");
  const HX = { "HX-Request": "true" };
  const decided = new Set(); // decided here, their decision still on its way to the server
  let tabbedAt = 0;

  const card = () => holder.querySelector(".review__card");
  const parse = (html) => {
    const template = document.createElement("template");
    template.innerHTML = html;
    return template.content;
  };

  function setStatus(nodes, error = false) {
    status.classList.toggle("review-status--error", error);
    status.replaceChildren(...(typeof nodes === "string" ? [nodes] : nodes));
  }

  function backLink(text, url) {
    const link = document.createElement("a");
    link.href = url;
    link.textContent = text;
    return link;
  }

  function focusHeading() {
    const heading = holder.querySelector("h1");
    if (heading) heading.focus({ preventScroll: true });
  }

  // --- résumés: the one on screen and the next one, loading behind it ----------------------
  function frameFor(src) {
    return [...frames.querySelectorAll("iframe")].find((f) => f.dataset.src === src);
  }

  function makeFrame(src, name, hidden) {
    const frame = document.createElement("iframe");
    frame.className = "resume-frame";
    frame.hidden = hidden;
    frame.dataset.src = src;
    frame.title = `Résumé of ${name}`;
    frame.src = src;
    frames.append(frame);
    return frame;
  }

  function preloadResume(next) {
    const src = next && next.dataset.resumePdf;
    if (!src || frameFor(src)) return;
    const spare = [...frames.querySelectorAll("iframe")].find((f) => f.hidden);
    if (!spare) {
      makeFrame(src, next.dataset.name, true);
      return;
    }
    spare.dataset.src = src;
    spare.title = `Résumé of ${next.dataset.name}`;
    spare.src = src;
  }

  function showResume(current) {
    resume.hidden = !current;
    if (!current) return;
    const src = current.dataset.resumePdf;
    download.hidden = !current.dataset.resumeDownload;
    download.href = current.dataset.resumeDownload || "";
    let shown = src ? frameFor(src) : null;
    if (src && !shown) shown = makeFrame(src, current.dataset.name, false);
    for (const frame of frames.querySelectorAll("iframe")) frame.hidden = frame !== shown;
    // One spare frame at most: the next candidate's résumé goes into it.
    const hidden = [...frames.querySelectorAll("iframe")].filter((f) => f.hidden);
    hidden.slice(1).forEach((f) => f.remove());
    const file = current.querySelector("template.review__resume-file");
    fileBox.replaceChildren(...(!src && file ? [file.content.cloneNode(true)] : []));
  }

  // --- the candidate on screen and the ones after ------------------------------------------
  // `upcoming` holds the next candidates as the server rendered them, in queue order, each as
  // it will be once those before it are decided; {pk: null} is the end of the queue.
  const DEPTH = 3;
  let upcoming = [];
  let refilling = null;

  function known() {
    const current = card();
    return [...decided, ...(current ? [current.dataset.application] : []),
      ...upcoming.map((u) => u.pk).filter(Boolean)];
  }

  function refill() {
    const ended = upcoming.length && upcoming[upcoming.length - 1].pk === null;
    if (refilling || !card() || ended || upcoming.length >= DEPTH) return refilling;
    const url = new URL(root.dataset.queueUrl, window.location.href);
    for (const pk of new Set(known())) url.searchParams.append("after", pk);
    // The very next one first, on its own (it is the one a decision needs), then more.
    url.searchParams.set("ahead", Math.min(DEPTH - upcoming.length, upcoming.length + 1));
    let grew = false;
    refilling = fetch(url, { headers: HX, credentials: "same-origin" })
      .then((response) => {
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        return response.text();
      })
      .then((html) => {
        const content = parse(html);
        const cards = [...content.querySelectorAll(".review__card")];
        const seen = new Set(known());
        const before = upcoming.length;
        // Parsed now, while the manager reads: a decision only has to put them on the page.
        if (!cards.length) upcoming.push({ pk: null, content });
        for (const next of cards) {
          if (!seen.has(next.dataset.application)) {
            const own = document.createDocumentFragment();
            own.append(next);
            upcoming.push({ pk: next.dataset.application, content: own });
          }
        }
        grew = upcoming.length > before;
        if (upcoming.length) preloadResume(upcoming[0].content.querySelector(".review__card"));
      })
      .catch(() => {})
      .finally(() => {
        refilling = null;
        if (grew && card() && upcoming.length < DEPTH) window.setTimeout(refill, 0);
      });
    return refilling;
  }

  function prepare() {
    // The reject box itself takes focus on R, so its number keys and Enter reach it.
    holder.querySelectorAll("details.decide__more form").forEach((form) => { form.tabIndex = -1; });
  }

  function show(content) {
    holder.replaceChildren(typeof content === "string" ? parse(content) : content);
    const current = card();
    document.title = current ? `Review · ${current.dataset.name} · Accord` : "Review · Accord";
    window.scrollTo({ top: 0 });
    focusHeading();
    // The name is on screen with this frame; the résumé and the reading ahead come after it.
    window.requestAnimationFrame(() => window.setTimeout(() => {
      prepare();
      showResume(current);
      if (current) window.history.replaceState(window.history.state, "", current.dataset.url);
      if (upcoming.length) preloadResume(upcoming[0].content.querySelector(".review__card"));
      refill();
    }, 0));
  }

  async function nextFromServer() {
    upcoming = [];
    await refill();
    if (upcoming.length) show(upcoming.shift().content);
    else window.location.assign(root.dataset.queueUrl);
  }

  // --- a decision ---------------------------------------------------------------------------
  // Decisions are saved in the background and their answers may come back out of order:
  // only the latest decision's confirmation is shown (an earlier one's would hide it).
  let latestDecision = 0;
  async function decide(form) {
    const mine = ++latestDecision;
    const current = card();
    const { application: pk, name, url } = current.dataset;
    const sure = form.checkValidity(); // a reject without its reason is the server's to explain
    // `form.action` would be the hidden input named "action": read the attribute.
    const posting = fetch(form.getAttribute("action"), {
      method: "POST",
      body: new FormData(form),
      headers: HX,
      credentials: "same-origin",
    });
    setStatus(`Saving your decision on ${name}…`);
    let moved = false;
    if (sure && !upcoming.length && refilling) await refilling;
    if (sure && upcoming.length) {
      decided.add(pk);
      show(upcoming.shift().content);
      moved = true;
    }
    let response;
    try {
      response = await posting;
    } catch {
      decided.delete(pk);
      setStatus([`Accord could not be reached: your decision on ${name} was not saved. `,
        backLink(`Back to ${name}`, url)], true);
      return;
    }
    if (response.ok) {
      decided.delete(pk); // saved: the queue itself leaves them out from now on
      const saved = parse(await response.text()).childNodes;
      if (mine === latestDecision) setStatus(saved);
      if (!moved) await nextFromServer();
      return;
    }
    decided.delete(pk);
    if (response.status === 422) {
      show(await response.text()); // the candidate again, with the reason next to the field
      setStatus(`Your decision on ${name} was not saved: see why below.`, true);
      const invalid = holder.querySelector("[aria-invalid='true'], .field--invalid input");
      if (invalid) invalid.focus();
      return;
    }
    setStatus([`Your decision on ${name} was not saved (${response.status}). `,
      backLink(`Back to ${name}`, url)], true);
  }

  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!form.matches("form[data-decide]") || !holder.contains(form)) return;
    event.preventDefault();
    decide(form);
  });

  // --- keys ---------------------------------------------------------------------------------
  function openBox(id, focus) {
    const box = document.getElementById(id);
    if (!box) return false;
    box.open = true;
    const field = box.querySelector(focus);
    if (field) field.focus();
    return true;
  }

  // A number picks in the group with focus, else the first with nothing picked: R, the
  // disposition reason's number, then the brief's (issue 21), Enter. After a pick focus moves
  // on to the next group, or to the short text when "not in the brief" was picked.
  function pickReason(box, target, number, event) {
    const groups = [...box.querySelectorAll("fieldset.reasons")];
    const group = groups.find((g) => g.contains(target))
      || groups.find((g) => !g.querySelector("input[type='radio']:checked")) || groups[0];
    const radio = group && group.querySelectorAll("input[type='radio']")[number - 1];
    if (!radio) return;
    event.preventDefault();
    radio.checked = true;
    const text = group.querySelector("input[type='text']");
    const next = groups[groups.indexOf(group) + 1];
    if (radio.value === "unnamed" && text) text.focus();
    else if (next && !next.querySelector("input[type='radio']:checked")) {
      next.tabIndex = -1;
      next.focus();
    } else radio.focus();
  }

  document.addEventListener("keydown", (event) => {
    if (event.key === "Tab") tabbedAt = performance.now();
    if (event.defaultPrevented || event.altKey || event.metaKey) return;
    const target = event.target;
    const box = target.closest ? target.closest("details.decide__more") : null;
    if (event.key === "Escape") {
      const open = holder.querySelectorAll("details.decide__more[open]");
      if (!open.length) return;
      event.preventDefault();
      open.forEach((details) => { details.open = false; });
      focusHeading();
      return;
    }
    if (box && box.id === "decide-reject" && !target.matches("textarea, input[type='text']")) {
      if (/^[1-9]$/.test(event.key)) {
        pickReason(box, target, Number(event.key), event);
        return;
      }
      if (event.key === "Enter" && !target.matches("button, summary")) {
        event.preventDefault();
        box.querySelector("form").requestSubmit();
        return;
      }
    }
    if (box && box.id === "decide-ask" && event.key === "Enter" && event.ctrlKey) {
      event.preventDefault();
      box.querySelector("form").requestSubmit();
      return;
    }
    if (event.ctrlKey || target.closest("input, textarea, select, [contenteditable='true']")) return;
    const key = event.key.toLowerCase();
    if (key === "a") {
      const button = document.getElementById("decide-advance");
      if (!button) return;
      event.preventDefault();
      button.form.requestSubmit(button);
    } else if (key === "r") {
      if (openBox("decide-reject", "form")) event.preventDefault();
    } else if (key === "q") {
      if (openBox("decide-ask", "textarea")) event.preventDefault();
    } else if (key === "n") {
      const next = document.getElementById("review-next");
      if (!next) return;
      event.preventDefault();
      next.click();
    }
  });

  // Clicking into the résumé's frame would keep every key there: give focus back to the page
  // (a keyboard user who tabbed into it keeps it, to scroll the résumé with the arrows).
  window.addEventListener("blur", () => {
    window.setTimeout(() => {
      const active = document.activeElement;
      const clicked = performance.now() - tabbedAt > 400;
      if (active && active.tagName === "IFRAME" && frames.contains(active) && clicked) {
        focusHeading();
      }
    }, 0);
  });

  for (const frame of frames.querySelectorAll("iframe")) frame.dataset.src = frame.getAttribute("src");
  prepare();
  refill();
})();
