// <form data-confirm="Question?">: asks before submitting (no inline onsubmit handlers:
// the Content-Security-Policy allows scripts from our own files only).
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
}, true);
