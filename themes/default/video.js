// Tribune video facades (render/video_html.h): a click on a video's poster puts the provider's
// player in its place. Until then the page has loaded nothing from the provider; without this
// script the poster is a link to the video's page. A click that asks for a new tab keeps it.
(function () {
  document.addEventListener("click", function (event) {
    var facade = event.target.closest && event.target.closest("a.video-facade");
    if (!facade || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    var player = document.createElement("iframe");
    player.className = "video-player";
    player.src = facade.getAttribute("data-player");
    player.title = facade.textContent;
    player.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
    player.allowFullscreen = true;
    facade.replaceWith(player);
    player.focus();
  });
})();
