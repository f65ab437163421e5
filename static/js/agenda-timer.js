// The host's timer: every <p data-timer data-elapsed="seconds run when the page was made"
// data-limit="limit in seconds" data-amber="seconds after which it turns amber"> counts up
// each second and turns amber near the limit, red past it (rules/agenda.py decides the
// amber point; the page is right without this file, only it does not move).
(function () {
  function clock(seconds) {
    var h = Math.floor(seconds / 3600), m = Math.floor((seconds % 3600) / 60), s = seconds % 60;
    var mm = h ? (m < 10 ? "0" + m : m) : m;
    return (h ? h + ":" : "") + mm + ":" + (s < 10 ? "0" + s : s);
  }
  function start(el) {
    var base = parseInt(el.dataset.elapsed, 10) || 0;
    var limit = parseInt(el.dataset.limit, 10);
    var amber = parseInt(el.dataset.amber, 10);
    var began = Date.now();
    function tick() {
      var run = base + Math.floor((Date.now() - began) / 1000);
      el.textContent = clock(run);
      var phase = "normal";
      if (limit && run > limit) phase = "red";
      else if (limit && run >= amber) phase = "amber";
      el.classList.remove("timer-normal", "timer-amber", "timer-red");
      el.classList.add("timer-" + phase);
    }
    tick();
    setInterval(tick, 1000);
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-timer]").forEach(start);
  });
})();
