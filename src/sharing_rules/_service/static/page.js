// Progressive enhancement only: everything works without this script.
// The transfer form gets an "Add an item" button that appends one more row.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var button = document.getElementById("add-row");
  var rows = document.getElementById("rows");
  if (!button || !rows) { return; }
  button.hidden = false;
  button.addEventListener("click", function () {
    var last = rows.lastElementChild;
    if (!last || rows.children.length >= 100) { return; }
    var copy = last.cloneNode(true);
    var number = rows.children.length + 1;
    copy.querySelectorAll("select, input").forEach(function (field) {
      var base = field.name === "data_type" ? "data_type_" : "label_";
      field.id = base + number;
      field.value = "";
    });
    copy.querySelectorAll("label").forEach(function (label) {
      var isKind = label.htmlFor.indexOf("data_type_") === 0;
      label.htmlFor = (isKind ? "data_type_" : "label_") + number;
      label.textContent = (isKind ? "Kind of item " : "Label of item ") + number;
    });
    rows.appendChild(copy);
    copy.querySelector("select").focus();
  });
});
