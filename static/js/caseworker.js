// Progressive enhancement on the caseworker's case pages: every form works without this file.
document.addEventListener("DOMContentLoaded", function () {
  // A choice that decides another field's usual answer (data-sets names that field; each option carries its value as
  // data-<field>, e.g. the attest type a person's role requires): choosing it sets the other field, which stays editable.
  document.querySelectorAll("select[data-sets]").forEach(function (select) {
    var field = select.dataset.sets;
    var target = select.form && select.form.elements[field];
    if (!target) { return; }
    var key = field.replace(/_([a-z])/g, function (_m, c) { return c.toUpperCase(); });  // attest_type -> attestType
    select.addEventListener("change", function () {
      var value = select.selectedOptions.length ? select.selectedOptions[0].dataset[key] : "";
      if (value) { target.value = value; }
    });
  });
});
