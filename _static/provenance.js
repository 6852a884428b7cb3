// Provenance tooltips of glued numbers: open on tap (touch screens have no hover), close with Escape
// or a tap elsewhere. Hover and keyboard focus are handled by CSS alone.
(function () {
  function closeAll(except) {
    document.querySelectorAll(".kmunetz-value.kmunetz-open").forEach(function (el) {
      if (el !== except) { el.classList.remove("kmunetz-open"); }
    });
  }
  document.addEventListener("click", function (ev) {
    var value = ev.target.closest ? ev.target.closest(".kmunetz-value") : null;
    closeAll(value);
    if (value) { value.classList.remove("kmunetz-closed"); value.classList.toggle("kmunetz-open"); }
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
