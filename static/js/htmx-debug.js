// Under DEBUG only (campaigns/templatetags/htmx_tags.py): when an htmx request fails
// with an answer htmx treats as an error (base.html's responseHandling: never 400 or
// 409, which carry a form back into its place), show Django's debug page for it, as a
// normal page load would. Only a whole page (<!doctype ...> or <html>) replaces the
// document: a fragment never does.
(function () {
  "use strict";
  var WHOLE_PAGE = /^\s*(<!doctype html|<html[\s>])/i;

  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    if (!xhr || xhr.status === 400 || xhr.status === 409) {
      return;
    }
    var text = xhr.responseText || "";
    if (!WHOLE_PAGE.test(text)) {
      return;
    }
    document.open();
    document.write(text);
    document.close();
  });
})();
