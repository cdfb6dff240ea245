// kanslist webb: after a live check, mark the inputs whose message slot holds an error (aria-invalid).
document.addEventListener("htmx:afterSettle", function () {
  document.querySelectorAll(".falt-fel").forEach(function (slot) {
    var input = document.getElementById(slot.id.replace(/-fel$/, ""));
    if (!input || !/^(INPUT|SELECT|TEXTAREA)$/.test(input.tagName)) return;
    if (slot.querySelector(".fel")) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
  });
});

// A broken case file's text area: put the caret on the line the first error names.
document.addEventListener("DOMContentLoaded", function () {
  var area = document.querySelector("textarea[data-rad]");
  if (!area) return;
  var line = parseInt(area.dataset.rad, 10), start = 0;
  for (var i = 1; i < line; i++) {
    var next = area.value.indexOf("\n", start);
    if (next < 0) break;
    start = next + 1;
  }
  var end = area.value.indexOf("\n", start);
  area.setSelectionRange(start, end < 0 ? area.value.length : end);
});
