// guomen console — keyboard behaviour of the border-clearance pages (loaded as a file: the CSP forbids
// inline script). console.js already gives Alt+1…9 (navigation), "/" (focus the main field) and
// Ctrl+Enter (submit). This adds:
//   desk:       Escape clears the traveller's fields (the port, lane and direction stay) for the next one;
//   lists:      J / K move between rows, Enter opens the focused one;
//   resolution: 1–4 choose the decision;
//   dashboard:  choosing a port shows it.
// Every page works without this file; it only saves keystrokes.
(function () {
  "use strict";

  function typing(t) {
    if (!t || !t.tagName) { return false; }
    if (t.tagName === "TEXTAREA" || t.tagName === "SELECT") { return true; }
    if (t.tagName !== "INPUT") { return false; }
    var type = (t.getAttribute("type") || "text").toLowerCase();
    return type !== "radio" && type !== "checkbox" && type !== "submit" && type !== "button";
  }

  function clearDesk() {
    var form = document.getElementById("desk-form");
    if (!form) { return false; }
    var keep = { port: 1, lane: 1, direction: 1, _csrf: 1, idempotency_key: 1, purpose: 1, visa_entries: 1 };
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || keep[el.name]) { return; }
      if (el.type === "checkbox") { el.checked = false; } else if (el.tagName !== "BUTTON") { el.value = ""; }
    });
    var answer = document.querySelector(".desk-answer");
    if (answer) { answer.classList.add("is-cleared"); }
    var mrz = document.getElementById("desk-mrz");
    if (mrz) { mrz.focus(); }
    return true;
  }

  document.addEventListener("keydown", function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey) { return; }
    var t = e.target;
    if (e.key === "Escape" && document.getElementById("desk-form")) {
      if (clearDesk()) { e.preventDefault(); }
      return;
    }
    if (typing(t)) { return; }
    if (e.key === "j" || e.key === "k") {
      var links = Array.prototype.slice.call(document.querySelectorAll("[data-row-link]"));
      if (!links.length) { return; }
      var i = links.indexOf(document.activeElement);
      i = e.key === "j" ? Math.min(i + 1, links.length - 1) : Math.max(i - 1, 0);
      links[i].focus();
      e.preventDefault();
      return;
    }
    if (e.key >= "1" && e.key <= "4") {
      var radio = document.querySelector('#resolve-form input[name="action"][data-key="' + e.key + '"]');
      if (radio) {
        radio.checked = true;
        radio.focus();
        e.preventDefault();
        if (radio.value === "refuse") {
          var basis = document.getElementById("resolve-basis");
          if (basis) { basis.focus(); }
        }
      }
    }
  });

  // "Next traveller" without a reload when the script runs; a plain link to a fresh desk otherwise.
  document.addEventListener("click", function (e) {
    var a = e.target && e.target.closest ? e.target.closest("[data-desk-clear]") : null;
    if (a && clearDesk()) { e.preventDefault(); }
  });

  // A new answer replaces the cleared state.
  document.addEventListener("htmx:afterSwap", function () {
    var answer = document.querySelector(".desk-answer");
    if (answer) { answer.classList.remove("is-cleared"); }
  });

  document.addEventListener("change", function (e) {
    var t = e.target;
    if (t && t.matches && t.matches("select[data-autosubmit]") && t.form) { t.form.submit(); }
  });
})();
