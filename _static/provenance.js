// Provenance tooltips of glued numbers: open on tap (touch screens have no hover), close with Escape
// or a tap elsewhere. Hover and keyboard focus open them by CSS alone; whenever one opens (pointer,
// focus, tap) it is measured and moved into the window: shifted to the left when it would run past the
// right edge, shown above the number when there is no room below, always 8 px from the window's edges.
(function () {
  var MARGIN = 8;

  function valueOf(target) {
    return target && target.closest ? target.closest(".kmunetz-value") : null;
  }

  // Move the tooltip of one value into the window (its box, measured as it would show).
  function place(value) {
    var tip = value && value.querySelector(".kmunetz-tip");
    if (!tip) { return; }
    var root = document.documentElement;
    var width = root.clientWidth || window.innerWidth;
    var height = root.clientHeight || window.innerHeight;
    tip.style.removeProperty("--kmunetz-tip-x");
    tip.classList.remove("kmunetz-tip-above");
    tip.style.setProperty("--kmunetz-tip-max", Math.max(0, width - 2 * MARGIN) + "px");
    var hidden = getComputedStyle(tip).display === "none";
    if (hidden) { tip.style.visibility = "hidden"; tip.style.display = "block"; }
    var box = tip.getBoundingClientRect();
    var dx = 0;
    if (box.right > width - MARGIN) { dx = width - MARGIN - box.right; }
    if (box.left + dx < MARGIN) { dx = MARGIN - box.left; }
    if (dx) { tip.style.setProperty("--kmunetz-tip-x", dx + "px"); }
    if (box.bottom > height - MARGIN) {
      var own = value.getBoundingClientRect();
      var gap = Math.max(0, box.top - own.bottom);
      if (own.top - gap - box.height >= MARGIN) {
        tip.classList.add("kmunetz-tip-above");
        if (tip.getBoundingClientRect().top < MARGIN) { tip.classList.remove("kmunetz-tip-above"); }
      }
    }
    if (hidden) { tip.style.display = ""; tip.style.visibility = ""; }
  }

  function closeAll(except) {
    document.querySelectorAll(".kmunetz-value.kmunetz-open").forEach(function (el) {
      if (el !== except) { el.classList.remove("kmunetz-open"); }
    });
  }
  document.addEventListener("mouseover", function (ev) {
    var value = valueOf(ev.target);
    if (value && !(ev.relatedTarget && value.contains(ev.relatedTarget))) { place(value); }
  });
  document.addEventListener("focusin", function (ev) {
    var value = valueOf(ev.target);
    if (value) { place(value); }
  });
  document.addEventListener("click", function (ev) {
    var value = valueOf(ev.target);
    closeAll(value);
    if (value) {
      value.classList.remove("kmunetz-closed");
      value.classList.toggle("kmunetz-open");
      place(value);
    }
  });
  window.addEventListener("resize", function () {
    document.querySelectorAll(".kmunetz-value.kmunetz-open, .kmunetz-value:focus, .kmunetz-value:hover")
      .forEach(place);
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") {
      var active = document.activeElement;
      closeAll(null);
      if (active && active.classList && active.classList.contains("kmunetz-value")) {
        active.classList.add("kmunetz-closed");
      }
    }
  });
  document.addEventListener("focusout", function (ev) {
    if (ev.target.classList && ev.target.classList.contains("kmunetz-value")) {
      ev.target.classList.remove("kmunetz-closed");
    }
  });
})();

// The table of every number in the reproduction report: filter its rows by provenance class.
document.addEventListener("change", function (ev) {
  if (!ev.target.classList || !ev.target.classList.contains("kmunetz-filter")) { return; }
  var wanted = ev.target.value;
  var table = ev.target.parentNode.querySelector("table");
  table.querySelectorAll("tbody tr").forEach(function (row) {
    row.hidden = wanted !== "" && row.getAttribute("data-provenance") !== wanted;
  });
});
