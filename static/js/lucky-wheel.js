// The lucky wheel on the spin page (templates/events/telecom/spin.html): turns the SVG
// wheel so the slice the server drew ends under the pointer. The server has already
// decided and recorded the prize (data-land: the slice's middle, degrees clockwise from
// the top); this only animates it. Without JavaScript, or with reduced motion asked for,
// the wheel is shown at rest on the prize.
(function () {
  "use strict";
  var svg = document.querySelector("svg.lucky-wheel[data-land]");
  if (!svg) return;
  var disc = svg.querySelector(".wheel-disc");
  var land = parseFloat(svg.getAttribute("data-land"));
  if (!disc || isNaN(land)) return;
  var rest = (360 - land) % 360;
  var reduced = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var seen = sessionStorage.getItem("wheel-spun:" + location.pathname);
  disc.style.transformOrigin = "100px 100px";
  disc.style.transformBox = "view-box";
  if (reduced || seen) {
    disc.style.transform = "rotate(" + rest + "deg)";
    svg.setAttribute("data-landed", "true");
    return;
  }
  sessionStorage.setItem("wheel-spun:" + location.pathname, "1");
  var turns = 5 * 360 + rest;
  var duration = 4000;
  var start = null;
  function ease(t) { return 1 - Math.pow(1 - t, 3); }
  function frame(now) {
    if (start === null) start = now;
    var t = Math.min((now - start) / duration, 1);
    disc.style.transform = "rotate(" + (turns * ease(t)) + "deg)";
    if (t < 1) {
      window.requestAnimationFrame(frame);
    } else {
      svg.setAttribute("data-landed", "true");
    }
  }
  window.requestAnimationFrame(frame);
})();
