// guomen console behaviour. Loaded as a file (the Content-Security-Policy forbids inline script).
// Keyboard first: Alt+1…9 jumps to the navigation entries, "/" focuses the element marked data-hotkey="/",
// Ctrl+Enter submits the form that has focus.
(function () {
  "use strict";
  document.addEventListener("keydown", function (e) {
    var t = e.target;
    var typing = t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT");
    if (e.altKey && !e.ctrlKey && !e.metaKey && e.key >= "1" && e.key <= "9") {
      var link = document.querySelector('[data-nav="' + e.key + '"]');
      if (link) { e.preventDefault(); link.click(); }
      return;
    }
    if (e.key === "/" && !typing) {
      var target = document.querySelector('[data-hotkey="/"]');
      if (target) { e.preventDefault(); target.focus(); }
      return;
    }
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && t && t.form) {
      e.preventDefault();
      if (t.form.requestSubmit) { t.form.requestSubmit(); } else { t.form.submit(); }
    }
  });
  // An MRZ holds upper case only: raise letters as they are typed or pasted into a textarea.mrz, keeping
  // the caret where it was (only when the length does not change, e.g. not for "ß").
  document.addEventListener("input", function (e) {
    var t = e.target;
    if (!t || t.tagName !== "TEXTAREA" || !t.classList.contains("mrz")) { return; }
    var up = t.value.toUpperCase();
    if (up === t.value || up.length !== t.value.length) { return; }
    var start = t.selectionStart, end = t.selectionEnd;
    t.value = up;
    t.setSelectionRange(start, end);
  });
})();
