"use strict";
// Progressive enhancement only: the page works without it (file input, paste, submit).
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
  var area = document.getElementById("document");
  if (!area) { return; }
  area.addEventListener("dragover", function (event) {
    event.preventDefault();
    area.classList.add("dragging");
  });
  area.addEventListener("dragleave", function () { area.classList.remove("dragging"); });
  area.addEventListener("drop", function (event) {
    event.preventDefault();
    area.classList.remove("dragging");
    var file = event.dataTransfer && event.dataTransfer.files[0];
    if (file) { file.text().then(function (text) { area.value = text; area.focus(); }); }
  });
  var error = document.getElementById("error");
  if (error) { error.setAttribute("tabindex", "-1"); error.focus(); }
});
