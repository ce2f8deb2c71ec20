// Live totals while typing. Only a preview: the server parses, checks and sums again on save.
(function () {
  var grid = document.getElementById("budget-grid");
  if (!grid) { return; }
  var pattern = /^[0-9]{1,12}(\.[0-9]{1,2})?$/;
  function cents(text) {
    var raw = text.trim().replace(/,/g, "");
    if (raw === "") { return 0; }
    if (!pattern.test(raw)) { return null; }
    var parts = raw.split(".");
    return parseInt(parts[0], 10) * 100 + parseInt(((parts[1] || "") + "00").slice(0, 2), 10);
  }
  function show(value) {
    if (value === null) { return "—"; }
    var whole = Math.floor(value / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return whole + "." + ("0" + (value % 100)).slice(-2);
  }
  function rate(spent, allocated) {
    if (spent === null || allocated === null || allocated === 0) { return "—"; }
    return (Math.round(spent * 1000 / allocated) / 10).toFixed(1) + "%";
  }
  function update() {
    var totals = [0, 0, 0];
    grid.querySelectorAll("tbody tr").forEach(function (row) {
      var values = [0, 1, 2].map(function (column) {
        return cents(row.querySelector('[data-column="' + column + '"]').value);
      });
      values.forEach(function (value, column) {
        totals[column] = (totals[column] === null || value === null) ? null : totals[column] + value;
      });
      row.querySelector("[data-rate]").textContent = rate(values[2], values[1]);
    });
    totals.forEach(function (value, column) {
      grid.querySelector('[data-total="' + column + '"]').textContent = show(value);
    });
    grid.querySelector("[data-total-rate]").textContent = rate(totals[2], totals[1]);
  }
  grid.addEventListener("input", update);
  update();
})();
