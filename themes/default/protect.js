// Tribune content protection (content.protection): "attribution" adds the source to what a
// reader copies; "strict" blocks selection and the context menu with a localized notice.
// The text stays in the page for screen readers, search engines and readers without script.
(function () {
  var article = document.querySelector("article[data-protect]");
  if (!article) return;
  var mode = article.getAttribute("data-protect");
  var source = article.getAttribute("data-source");
  if (mode === "attribution") {
    document.addEventListener("copy", function (event) {
      var selection = document.getSelection();
      if (!selection || selection.isCollapsed || !event.clipboardData) return;
      if (!article.contains(selection.anchorNode) && !article.contains(selection.focusNode)) return;
      event.clipboardData.setData("text/plain", selection.toString() + "\n\n" + source);
      event.preventDefault();
    });
  } else if (mode === "strict") {
    article.classList.add("protected");
    var notice = null;
    var block = function (event) {
      event.preventDefault();
      if (!notice) {
        notice = document.createElement("p");
        notice.className = "protect-notice";
        notice.setAttribute("role", "status");
        notice.textContent = article.getAttribute("data-notice");
        document.body.appendChild(notice);
        setTimeout(function () { notice.remove(); notice = null; }, 3000);
      }
    };
    ["copy", "cut", "contextmenu", "selectstart", "dragstart"].forEach(function (type) {
      article.addEventListener(type, block);
    });
  }
})();
