// Tapsyrys: small progressive enhancements (the pages work without this file; the CSP allows
// only scripts from this origin, no inline ones).
(function () {
  "use strict";
  var wide = window.matchMedia("(min-width: 1024px)");

  function menus() {
    return document.querySelectorAll("header.site details.menu-toggle");
  }

  // On wide screens the menu is always shown (CSS does it with ::details-content where the
  // browser knows it; older browsers get the details opened here).
  function syncMenu() {
    menus().forEach(function (menu) {
      if (wide.matches) menu.open = true;
    });
  }

  // One drop-down open at a time; a click elsewhere or Escape closes them.
  function closeOthers(except) {
    document.querySelectorAll("header.site .menu-group details[open], header.site details.user-menu[open]").forEach(function (d) {
      if (d !== except && !d.contains(except)) d.open = false;
    });
  }

  // A box that scrolls sideways (a wide table on a phone) can be scrolled with the keyboard.
  function focusableScrollers(root) {
    (root || document).querySelectorAll("main .overflow-auto, main table, main .grid > *").forEach(function (el) {
      if (el.scrollWidth > el.clientWidth + 1 && !el.hasAttribute("tabindex")) el.setAttribute("tabindex", "0");
    });
  }

  document.addEventListener("htmx:afterSettle", function () {
    focusableScrollers();
  });

  document.addEventListener("DOMContentLoaded", function () {
    syncMenu();
    focusableScrollers();
    if (wide.addEventListener) wide.addEventListener("change", syncMenu);
    document.querySelectorAll("header.site .menu-group details, header.site details.user-menu").forEach(function (d) {
      d.addEventListener("toggle", function () {
        if (d.open) closeOthers(d);
      });
    });
    document.addEventListener("click", function (event) {
      if (!event.target.closest("header.site .menu-group, header.site details.user-menu")) closeOthers(null);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") closeOthers(null);
    });
  });
})();
