// A select marked data-submit-on-change sends its form when it changes: on the report page, choosing another kind
// of period lists that kind's periods. Without JavaScript the form's own button does the same.
(function () {
  "use strict";
  document.querySelectorAll("select[data-submit-on-change]").forEach(function (select) {
    select.addEventListener("change", function () {
      select.form.requestSubmit();
    });
  });
})();
