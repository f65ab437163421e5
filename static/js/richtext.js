// A small rich-text editor for plan sections: <textarea data-richtext> becomes an editable
// area with a toolbar (bold, italic, lists, heading). The textarea stays the form field and
// is kept in sync; the server sanitises whatever arrives (nh3), so this is comfort only.
(function () {
  var TOOLS = [
    ["bold", "B", "加粗 / Bold"],
    ["italic", "I", "斜体 / Italic"],
    ["insertUnorderedList", "•", "项目符号 / Bullets"],
    ["insertOrderedList", "1.", "编号 / Numbering"],
    ["formatBlock:h4", "H", "小标题 / Subheading"],
    ["removeFormat", "⌫", "清除格式 / Clear formatting"],
  ];

  function enhance(textarea) {
    if (textarea.dataset.richtextReady) return;
    textarea.dataset.richtextReady = "1";
    var wrap = document.createElement("div");
    wrap.className = "richtext";
    var bar = document.createElement("div");
    bar.className = "richtext-bar";
    bar.setAttribute("role", "toolbar");
    var area = document.createElement("div");
    area.className = "richtext-area";
    area.contentEditable = "true";
    area.setAttribute("role", "textbox");
    area.setAttribute("aria-multiline", "true");
    var label = textarea.id && document.querySelector('label[for="' + textarea.id + '"]');
    if (label) area.setAttribute("aria-label", label.textContent.trim());
    area.innerHTML = textarea.value;
    // Enter starts a new paragraph (<p>), not a <div> the sanitiser would flatten.
    try { document.execCommand("defaultParagraphSeparator", false, "p"); } catch (e) {}
    TOOLS.forEach(function (tool) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "secondary";
      button.textContent = tool[1];
      button.title = tool[2];
      button.setAttribute("aria-label", tool[2]);
      button.addEventListener("click", function () {
        var parts = tool[0].split(":");
        area.focus();
        document.execCommand(parts[0], false, parts[1] || null);
        sync();
      });
      bar.appendChild(button);
    });
    function sync() { textarea.value = area.innerHTML; }
    area.addEventListener("input", sync);
    textarea.form && textarea.form.addEventListener("submit", sync);
    textarea.hidden = true;
    textarea.parentNode.insertBefore(wrap, textarea);
    wrap.appendChild(bar);
    wrap.appendChild(area);
  }

  function scan(root) {
    (root.querySelectorAll ? root : document).querySelectorAll("textarea[data-richtext]").forEach(enhance);
  }
  document.addEventListener("DOMContentLoaded", function () { scan(document); });
  document.addEventListener("htmx:load", function (e) { scan(e.target); });
})();
