// Live countdowns of [data-countdown] elements (public discussions). A static file, not an
// inline script: the Content-Security-Policy allows scripts from this origin only.
(function () {
  function pad(n) { return String(n).padStart(2, "0"); }
  function tick() {
    document.querySelectorAll("[data-countdown]").forEach(function (el) {
      var end = new Date(el.dataset.countdown).getTime() + 999;
      var left = Math.floor((end - Date.now()) / 1000);
      if (left < 0) { el.textContent = el.dataset.closed; return; }
      var d = Math.floor(left / 86400), h = Math.floor(left % 86400 / 3600),
          m = Math.floor(left % 3600 / 60), s = left % 60;
      el.textContent = d + " " + el.dataset.days + " " + pad(h) + ":" + pad(m) + ":" + pad(s);
    });
  }
  tick(); setInterval(tick, 1000);
})();
