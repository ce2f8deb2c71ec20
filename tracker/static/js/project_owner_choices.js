// Offer only the chosen department's people as owner; the server checks this rule again.
(function () {
  var department = document.getElementById("department");
  var owner = document.getElementById("owner");
  if (!department || !owner) { return; }
  function sync() {
    var chosen = department.value;
    Array.prototype.forEach.call(owner.querySelectorAll("option[data-department]"), function (option) {
      var hide = chosen !== "" && option.getAttribute("data-department") !== chosen;
      option.hidden = hide;
      option.disabled = hide;
      if (hide && option.selected) { owner.value = ""; }
    });
    Array.prototype.forEach.call(owner.querySelectorAll("optgroup"), function (group) {
      group.hidden = group.querySelector("option:not([hidden])") === null;
    });
  }
  department.addEventListener("change", sync);
  sync();
})();
