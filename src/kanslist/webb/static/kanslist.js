// kanslist webb: after a live check, mark the inputs whose message slot holds an error (aria-invalid).
document.addEventListener("htmx:afterSettle", function () {
  document.querySelectorAll(".falt-fel").forEach(function (slot) {
    var input = document.getElementById(slot.id.replace(/-fel$/, ""));
    if (!input || !/^(INPUT|SELECT|TEXTAREA)$/.test(input.tagName)) return;
    if (slot.querySelector(".fel")) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
  });
});
