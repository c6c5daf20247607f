// quellenlage report: show a statement's details on click or Enter; jump to targets.
// Only copies inert <template> content that the server already escaped; never builds HTML.
(function () {
  "use strict";
  var panel = document.getElementById("detail");
  var body = document.getElementById("detail-body");
  var closeBtn = document.getElementById("detail-close");
  if (!panel || !body) { return; }

  function marksOf(id) {
    return document.querySelectorAll('mark.st[data-st="' + id + '"]');
  }

  function clearActive() {
    document.querySelectorAll("mark.st.active").forEach(function (m) { m.classList.remove("active"); });
  }

  function show(mark) {
    var id = mark.getAttribute("data-st");
    var tpl = document.getElementById("tpl-" + id);
    if (!tpl) { return; }
    body.replaceChildren(tpl.content.cloneNode(true));
    clearActive();
    marksOf(id).forEach(function (m) { m.classList.add("active"); });
    panel.classList.add("open");
    if (closeBtn) { closeBtn.hidden = false; }
  }

  function hide() {
    clearActive();
    panel.classList.remove("open");
    if (closeBtn) { closeBtn.hidden = true; }
  }

  function flash(el) {
    el.classList.remove("flash");
    void el.offsetWidth;  // restart the animation
    el.classList.add("flash");
  }

  function goTo(id) {
    var el = document.getElementById(id);
    if (!el) { return false; }
    el.scrollIntoView({ block: "center", behavior: "smooth" });
    flash(el);
    if (el.matches("mark.st")) {
      show(el);
      el.focus({ preventScroll: true });
    }
    return true;
  }

  document.addEventListener("click", function (e) {
    var link = e.target.closest("a[data-goto]");
    if (link) {
      if (goTo(link.getAttribute("data-goto"))) { e.preventDefault(); }
      return;
    }
    if (e.target.closest("a")) { return; }  // source links keep their own behaviour
    var mark = e.target.closest(".text mark.st");
    if (mark) { show(mark); }
  });

  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { hide(); return; }
    var t = e.target;
    if ((e.key === "Enter" || e.key === " ") && t.matches && t.matches(".text mark.st")) {
      e.preventDefault();
      show(t);
    }
  });

  if (closeBtn) { closeBtn.addEventListener("click", hide); }
})();
