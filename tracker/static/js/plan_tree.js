// Collapsible levels of the plan tree. Rows carry data-item-id, data-depth and data-parent, in plan order; a
// collapsed row hides every following row that is deeper than it. The collapsed rows are remembered per plan in
// localStorage, so a reload or a bookmarked filter keeps the reader's view. Without JavaScript every row shows.
(function () {
  "use strict";
  var table = document.getElementById("plan-tree");
  if (!table) {
    return;
  }
  var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr[data-item-id]"));
  var storageKey = "plan-tree-collapsed:" + table.getAttribute("data-plan-id");
  var collapsed = load();

  function load() {
    try {
      var saved = JSON.parse(window.localStorage.getItem(storageKey) || "[]");
      return new Set(Array.isArray(saved) ? saved.map(String) : []);
    } catch (error) {
      return new Set();
    }
  }

  function save() {
    try {
      window.localStorage.setItem(storageKey, JSON.stringify(Array.from(collapsed)));
    } catch (error) {
      // Private windows may refuse storage: collapsing still works for this page.
    }
  }

  function apply() {
    var hiddenBelow = null;
    rows.forEach(function (row) {
      var depth = Number(row.getAttribute("data-depth"));
      if (hiddenBelow !== null && depth > hiddenBelow) {
        row.hidden = true;
        return;
      }
      hiddenBelow = null;
      row.hidden = false;
      var id = row.getAttribute("data-item-id");
      var toggle = row.querySelector("[data-tree-toggle]");
      var isCollapsed = toggle !== null && collapsed.has(id);
      if (toggle) {
        toggle.textContent = isCollapsed ? "▸" : "▾";
        toggle.setAttribute("aria-expanded", isCollapsed ? "false" : "true");
      }
      if (isCollapsed) {
        hiddenBelow = depth;
      }
    });
  }

  function expandTo(level) {
    collapsed.clear();
    if (level !== "all") {
      rows.forEach(function (row) {
        if (row.querySelector("[data-tree-toggle]") && Number(row.getAttribute("data-depth")) >= Number(level) - 1) {
          collapsed.add(row.getAttribute("data-item-id"));
        }
      });
    }
    save();
    apply();
  }

  table.addEventListener("click", function (event) {
    var toggle = event.target.closest("[data-tree-toggle]");
    if (!toggle) {
      return;
    }
    var id = toggle.getAttribute("data-tree-toggle");
    if (collapsed.has(id)) {
      collapsed.delete(id);
    } else {
      collapsed.add(id);
    }
    save();
    apply();
  });

  document.querySelectorAll("[data-tree-expand]").forEach(function (button) {
    button.addEventListener("click", function () {
      expandTo(button.getAttribute("data-tree-expand"));
    });
  });

  apply();
})();
