/* Small enhancements; the pages work fully without them. Runs on every page view, including
   Material's instant navigation (document$), with no third party and no tracking: the only
   thing kept is the reader's choice of region, in this browser. */
(function () {
  "use strict";
  var REGION_KEY = "sc-region";

  function storedRegion() {
    try { return window.localStorage.getItem(REGION_KEY); } catch (e) { return null; }
  }
  function storeRegion(value) {
    try { window.localStorage.setItem(REGION_KEY, value); } catch (e) { /* private mode: just do not keep it */ }
  }

  /* Call buttons: the reader's own emergency number first, chosen once and remembered. Every
     set of buttons on the page follows the same choice. */
  function orderCalls(box, region) {
    var list = box.querySelector(".sc-call-list");
    var items = Array.prototype.slice.call(list.children).sort(function (a, b) {
      return Number(a.dataset.order) - Number(b.dataset.order);
    });
    items.forEach(function (item) { list.appendChild(item); });
    var mine = items.filter(function (item) { return item.dataset.region === region; })[0];
    if (mine) { list.insertBefore(mine, list.firstChild); }
    var select = box.querySelector(".sc-call-region select");
    if (select) { select.value = region || ""; }
  }

  function enhanceCallButtons(root) {
    var boxes = root.querySelectorAll("[data-sc-call]");
    boxes.forEach(function (box) {
      if (box.querySelector(".sc-call-region")) { return; }
      var items = Array.prototype.slice.call(box.querySelector(".sc-call-list").children);
      items.forEach(function (item, index) { item.dataset.order = String(index); });
      var chooser = document.createElement("span");
      chooser.className = "sc-call-region";
      var label = document.createElement("label");
      label.textContent = "Show my number first:";
      var select = document.createElement("select");
      var none = document.createElement("option");
      none.value = ""; none.textContent = "No, keep this order";
      select.appendChild(none);
      items.forEach(function (item) {
        var option = document.createElement("option");
        option.value = item.dataset.region;
        option.textContent = item.querySelector(".sc-call-where").textContent;
        select.appendChild(option);
      });
      select.addEventListener("change", function () {
        storeRegion(select.value);
        document.querySelectorAll("[data-sc-call]").forEach(function (other) { orderCalls(other, select.value); });
      });
      label.appendChild(select);
      chooser.appendChild(label);
      box.appendChild(chooser);
      orderCalls(box, storedRegion() || "");
    });
  }

  /* The contraindications table: filter its rows by technique and severity. */
  function enhanceFilter(root) {
    root.querySelectorAll("[data-sc-filter]").forEach(function (form) {
      if (!form.hidden) { return; }
      var tables = document.querySelectorAll(".sc-contraindications tbody");
      var technique = form.querySelector("[name=technique]");
      var severity = form.querySelector("[name=severity]");
      var count = form.querySelector("output");
      function apply() {
        var shown = 0, total = 0;
        tables.forEach(function (body) {
          Array.prototype.forEach.call(body.rows, function (row) {
            var applies = (row.dataset.applies || "").split(" ");
            var ok = (!technique.value || applies.indexOf("all") >= 0 || applies.indexOf(technique.value) >= 0) &&
                     (!severity.value || row.dataset.severity === severity.value);
            row.hidden = !ok;
            total += 1; shown += ok ? 1 : 0;
          });
        });
        count.textContent = shown + " of " + total + " rows shown";
      }
      technique.addEventListener("change", apply);
      severity.addEventListener("change", apply);
      form.hidden = false;
      apply();
    });
  }

  /* An address that names a section: a section now on the full page leads there at once; one
     folded away (a page's sources) opens, so the reader lands on it. */
  function followSection() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (!target) { return; }
    if (target.dataset.movedTo) {
      window.location.replace(new URL(target.dataset.movedTo, window.location.href).href);
      return;
    }
    var fold = target.closest("details");
    if (fold && !fold.open) {
      fold.open = true;
      target.scrollIntoView();
    }
  }

  function enhance() {
    enhanceCallButtons(document);
    enhanceFilter(document);
    followSection();
  }
  window.addEventListener("hashchange", followSection);
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(enhance);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhance);
  } else {
    enhance();
  }
})();
