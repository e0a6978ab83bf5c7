// kkdocs serve: places each finding of the live check at its field, and moves focus to a field
// chosen in the list of findings. The server decides where a finding belongs (data-element);
// this only shows it there and ties it to the input (aria-invalid; aria-describedby is in the page).
(function () {
  "use strict";

  function placeFindings() {
    document.querySelectorAll(".fund").forEach(function (box) { box.textContent = ""; });
    document.querySelectorAll("[aria-invalid]").forEach(function (el) { el.removeAttribute("aria-invalid"); });
    document.querySelectorAll(".fund-liste li[data-element]").forEach(function (item) {
      var id = item.getAttribute("data-element");
      if (!id) { return; }
      var box = document.getElementById(id + "-fund");
      if (!box) { return; }
      var line = document.createElement("p");
      line.className = "fund-tekst " + (item.classList.contains("niveau-fejl") ? "niveau-fejl" : "niveau-advarsel");
      var link = item.querySelector("a");
      line.textContent = (link || item).textContent.replace(/\s*\(linje \d+\)\s*$/, "").trim();
      box.appendChild(line);
      var field = document.getElementById(id);
      if (field && item.classList.contains("niveau-fejl") && /^(INPUT|SELECT|TEXTAREA)$/.test(field.tagName)) {
        field.setAttribute("aria-invalid", "true");
      }
    });
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest(".fund-liste a");
    if (!link) { return; }
    var target = document.getElementById(link.getAttribute("href").slice(1));
    if (!target) { return; }
    event.preventDefault();
    var focusable = /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName) ? target
      : target.querySelector("input:not([type=hidden]), select, textarea, button");
    target.scrollIntoView({ block: "center" });
    if (focusable) { focusable.focus(); }
  });

  // Byg: the build's progress over server-sent events, then its summary and the refreshed overview.
  function followBuild() {
    document.querySelectorAll("[data-haendelser]:not([data-fulgt])").forEach(function (box) {
      box.setAttribute("data-fulgt", "ja");
      var bar = box.querySelector("progress"), label = box.querySelector("#byg-trin");
      var events = new EventSource(box.getAttribute("data-haendelser"));
      events.addEventListener("trin", function (event) {
        var step = JSON.parse(event.data);
        if (step.total) { bar.max = step.total; bar.value = step.done; }
        label.textContent = step.stage + (step.total ? " " + step.done + "/" + step.total : "");
      });
      events.addEventListener("faerdig", function (event) {
        events.close();
        bar.value = bar.max;
        label.textContent = "Færdig";
        box.querySelector("#byg-resultat").innerHTML = event.data;
        fetch("/").then(function (answer) { return answer.text(); }).then(function (html) {
          var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("oversigt-tabel");
          var table = document.getElementById("oversigt-tabel");
          if (fresh && table) { table.replaceWith(fresh); }
        });
      });
    });
  }

  function settle() { placeFindings(); followBuild(); }
  document.addEventListener("DOMContentLoaded", settle);
  document.addEventListener("htmx:afterSettle", settle);
})();
