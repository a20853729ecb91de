// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", function () {
  // Move focus to the error summary after a failed submit, so screen readers announce it.
  var summary = document.querySelector(".error-summary");
  if (summary) { summary.focus(); }
  // A form marked submit-once ignores a second click while the first submit is on its way
  // (the server is idempotent anyway; this only spares a duplicate request).
  document.querySelectorAll("form.submit-once").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.submitted === "1") { event.preventDefault(); return; }
      form.dataset.submitted = "1";
    });
  });
  followTicks();
  countCharacters();
});

function ticked(name) {
  return Array.prototype.filter.call(
    document.querySelectorAll('input[type="checkbox"][name="' + name + '"]'), function (box) { return box.checked; }
  ).map(function (box) { return box.value; });
}

// A question that only some choices ask (data-needs) shows while one of them is ticked; and the step counter follows
// the ticks, from the counts the server worked out for every combination (json "path-options"). The server decides
// the same way when the page is sent, so without this script the page only changes after a submit.
function followTicks() {
  var questions = document.querySelectorAll(".conditional-question[data-controlled-by]");
  var nav = document.querySelector("nav[data-path-field]");
  var optionsScript = document.getElementById("path-options");
  var options = optionsScript ? JSON.parse(optionsScript.textContent) : null;
  var names = {};
  questions.forEach(function (q) { names[q.dataset.controlledBy] = true; });
  if (nav && options) { names[nav.dataset.pathField] = true; }

  var news = document.getElementById("question-news");

  function questionName(q) {
    var label = q.querySelector("legend, label");
    return label ? label.textContent.replace(/\*\s*$/, "").replace(/\s+/g, " ").trim() : "";
  }

  // A question that appears or goes when a box is ticked is said in the status line (role="status"), as sighted users
  // see it happen below the box; nothing is said when the page loads.
  function update(event) {
    var said = [];
    questions.forEach(function (q) {
      var chosen = ticked(q.dataset.controlledBy);
      var hide = !q.dataset.needs.split(" ").some(function (value) { return chosen.indexOf(value) !== -1; });
      if (event && news && hide !== q.hidden) {
        said.push((hide ? news.dataset.hidden : news.dataset.shown).replace("{question}", questionName(q)));
      }
      q.hidden = hide;
    });
    if (event && news) { news.textContent = said.join(" "); }
    if (!nav || !options) { return; }
    var option = options[ticked(nav.dataset.pathField).sort().join(",")];
    if (!option) { return; }
    nav.querySelector(".step-counter").textContent = option.counter;
    var list = nav.querySelector(".step-progress");
    var current = list.querySelector('[aria-current="step"]');
    while (current && current.nextElementSibling) { list.removeChild(current.nextElementSibling); }
    option.later.forEach(function (title) {
      var item = document.createElement("li");
      item.className = "todo";
      item.textContent = title;
      list.appendChild(item);
    });
    var unknown = nav.querySelector(".path-unknown");
    if (unknown) { unknown.hidden = option.known; }
  }

  Object.keys(names).forEach(function (name) {
    document.querySelectorAll('input[type="checkbox"][name="' + name + '"]').forEach(function (box) {
      box.addEventListener("change", update);
    });
  });
  if (Object.keys(names).length) { update(); }
}

// A free-text answer with a limit (applications/intake/forms.py, CountedTextarea): «123 av 2000 tegn» under the field,
// updated as one types. A screen reader hears it when it reads the field; the live region speaks only when the answer
// is near the limit or over it, and only after a pause in the typing, never on every key.
function countCharacters() {
  document.querySelectorAll(".char-count[data-limit]").forEach(function (counter) {
    var field = document.getElementById(counter.id.replace(/_count$/, ""));
    var status = counter.nextElementSibling;
    if (!field) { return; }
    var limit = parseInt(counter.dataset.limit, 10);
    var timer = null;
    var spoken = "";

    function length() { return Array.from(field.value.replace(/\r\n/g, "\n")).length; }

    function show() {
      var count = length();
      counter.textContent = counter.dataset.count.replace("{count}", count);
      if (count > limit) { counter.textContent += " " + counter.dataset.over.replace("{over}", count - limit); }
      counter.classList.toggle("over", count > limit);
      return count;
    }

    function speak() {
      var count = length();
      var message = "";
      if (count > limit) {
        message = counter.dataset.over.replace("{over}", count - limit);
      } else if (limit - count <= Math.max(20, Math.round(limit / 10))) {
        message = counter.dataset.left.replace("{left}", limit - count);
      }
      if (status && message !== spoken) { status.textContent = message; spoken = message; }
    }

    field.addEventListener("input", function () {
      show();
      window.clearTimeout(timer);
      timer = window.setTimeout(speak, 1000);
    });
    show();
  });
}
