// Show the delay explanation only when the server will ask for it: the new status is 有风险/滞后, or the
// subject is past its due date and the new status still leaves it open. The server checks again either way.
(function () {
  "use strict";
  var form = document.getElementById("status-update-form");
  if (!form) {
    return;
  }
  var status = form.querySelector("select[name=status]");
  var fieldset = document.getElementById("delay-fields");
  var pastDue = form.getAttribute("data-past-due") === "1";
  var LATE = ["at_risk", "delayed"];
  var CLOSED = ["completed", "suspended"];

  function needsExplanation() {
    var value = status.value;
    return LATE.indexOf(value) !== -1 || (pastDue && CLOSED.indexOf(value) === -1);
  }

  function update() {
    // Fields the server marked wrong stay visible whatever the status says.
    var hasError = fieldset.querySelector(".is-invalid") !== null;
    fieldset.hidden = !(needsExplanation() || hasError);
  }

  status.addEventListener("change", update);
  update();
})();
