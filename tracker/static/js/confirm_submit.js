// Forms marked data-confirm="question" ask before they submit (retiring an item, for one). Without JavaScript
// they submit directly; the server never depends on the question having been asked.
(function () {
  "use strict";
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) {
        event.preventDefault();
      }
    });
  });
})();
