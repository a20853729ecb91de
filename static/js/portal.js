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
});
