// Draws every <div data-chart="id-of-json-script"> with ECharts, in the page's language.
(function () {
  function draw(root) {
    var lang = (document.documentElement.lang || "zh-hans").indexOf("zh") === 0 ? "ZH" : "EN";
    root.querySelectorAll("[data-chart]").forEach(function (el) {
      if (el.dataset.chartReady) return;
      var source = document.getElementById(el.dataset.chart);
      if (!source || !window.echarts) return;
      var chart = echarts.init(el, null, { locale: lang, renderer: "svg" });
      chart.setOption(JSON.parse(source.textContent));
      // data-chart-link="/…/{id}/": a dot opens its page (the id is the data's 4th value).
      if (el.dataset.chartLink) {
        chart.on("click", function (p) {
          if (p.data && p.data[3] != null) window.location = el.dataset.chartLink.replace("{id}", p.data[3]);
        });
      }
      el.dataset.chartReady = "1";
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  document.addEventListener("htmx:afterSettle", function (e) { draw(e.target); });
})();
