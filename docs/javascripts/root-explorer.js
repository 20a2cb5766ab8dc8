/* Root explorer (docs/root-explorer.md): when a root's tab is chosen, outline the same root's row in the
   root-level table. The tabs work without this script (radio buttons styled by the theme); the
   script only adds the outline. Nothing is fetched and nothing is stored. */
(function () {
  "use strict";

  function update(explorer) {
    var checked = explorer.querySelector('input[name="explore-root"]:checked');
    var wanted = checked ? checked.getAttribute("data-root-row") : null;
    document.querySelectorAll(".sc-root-levels tr[id]").forEach(function (row) {
      var active = row.id === wanted;
      row.classList.toggle("sc-row-active", active);
      if (active) {
        row.setAttribute("aria-current", "true");
      } else {
        row.removeAttribute("aria-current");
      }
    });
  }

  function init() {
    document.querySelectorAll(".sc-root-explorer").forEach(update);
  }

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (input && input.name === "explore-root") {
      var explorer = input.closest(".sc-root-explorer");
      if (explorer) {
        update(explorer);
      }
    }
  });

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init); /* Material's instant navigation swaps pages without a reload */
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
