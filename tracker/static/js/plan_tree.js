// Collapsible levels of the plan tree. Rows carry data-item-id, data-depth and data-parent, in plan order; a
// collapsed row hides every following row that is deeper than it. A large plan arrives folded: a row whose
// children are not on the page carries data-tree-load (the plan.children URL) on its toggle, and opening it
// fetches those rows and inserts them below it. The collapsed rows, and the rows opened that way, are remembered
// per plan in localStorage, so a reload keeps the reader's view of the whole tree. A filtered view (matches with
// their greyed ancestors) always opens unfolded and keeps its folding to itself: the whole tree's saved folding
// would hide the matches under collapsed chapters. Without JavaScript every row on the page shows, and a folded
// row's title still links to its item page, which lists its children.
(function () {
  "use strict";
  var table = document.getElementById("plan-tree");
  if (!table) {
    return;
  }
  var body = table.tBodies[0];
  var planId = table.getAttribute("data-plan-id");
  var collapsedKey = "plan-tree-collapsed:" + planId;
  var openedKey = "plan-tree-opened:" + planId;
  var filtered = table.hasAttribute("data-filtered");
  var collapsed = filtered ? new Set() : load(collapsedKey);
  var opened = filtered ? new Set() : load(openedKey);
  var rows = [];

  function load(key) {
    try {
      var saved = JSON.parse(window.localStorage.getItem(key) || "[]");
      return new Set(Array.isArray(saved) ? saved.map(String) : []);
    } catch (error) {
      return new Set();
    }
  }

  function save() {
    if (filtered) {
      return;
    }
    try {
      window.localStorage.setItem(collapsedKey, JSON.stringify(Array.from(collapsed)));
      window.localStorage.setItem(openedKey, JSON.stringify(Array.from(opened)));
    } catch (error) {
      // Private windows may refuse storage: collapsing still works for this page.
    }
  }

  function refreshRows() {
    rows = Array.prototype.slice.call(body.querySelectorAll("tr[data-item-id]"));
  }

  function isFolded(toggle) {
    return toggle.hasAttribute("data-tree-load");
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
      var isCollapsed = toggle !== null && (isFolded(toggle) || collapsed.has(id));
      if (toggle && !toggle.hasAttribute("aria-busy")) {
        toggle.textContent = isCollapsed ? "▸" : "▾";
        toggle.setAttribute("aria-expanded", isCollapsed ? "false" : "true");
      }
      if (isCollapsed) {
        hiddenBelow = depth;
      }
    });
  }

  // Fetch a folded row's children and put them right below it (it has no rows below it yet).
  function open(toggle) {
    var row = toggle.closest("tr");
    var id = row.getAttribute("data-item-id");
    var url = toggle.getAttribute("data-tree-load");
    toggle.setAttribute("aria-busy", "true");
    toggle.textContent = "…";
    return window
      .fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.text();
      })
      .then(function (html) {
        row.insertAdjacentHTML("afterend", html);
        toggle.removeAttribute("data-tree-load");
        collapsed.delete(id);
        opened.add(id);
      })
      .catch(function () {
        // Leave the row folded; the title still links to the item page with its children.
        opened.delete(id);
      })
      .then(function () {
        toggle.removeAttribute("aria-busy");
        save();
        refreshRows();
        apply();
      });
  }

  // Re-open, parents first, the folded rows the reader had opened before this page load.
  function reopen() {
    var next = rows.map(function (row) {
      return row.querySelector("[data-tree-load]");
    }).find(function (toggle) {
      return toggle && opened.has(toggle.getAttribute("data-tree-toggle"));
    });
    if (next) {
      open(next).then(reopen);
    }
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
    if (!toggle || toggle.hasAttribute("aria-busy")) {
      return;
    }
    var id = toggle.getAttribute("data-tree-toggle");
    if (isFolded(toggle)) {
      open(toggle);
      return;
    }
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

  refreshRows();
  apply();
  reopen();
})();
