// The boards' one script. Each `board` event's HTML replaces the board; the dot and its words say
// whether the feed is live. When the posts do not fit the screen, they are shown a page at a time,
// each page as many whole posts as fit, turning every ten seconds; the pager says which page. A
// post taller than the screen by itself is shown smaller, to fit (never below half size).
(function () {
  var b = document.getElementById('board'), l = document.getElementById('live');
  var pager = document.getElementById('pager'), at = document.getElementById('page-at');
  var pages = [], page = 0;
  function fits() { return document.documentElement.scrollHeight <= window.innerHeight; }
  function show() {
    if (pages.length === 0) { pager.hidden = true; return; }
    page = page % pages.length;
    for (var k = 0; k < pages.length; k++) {
      for (var i = 0; i < pages[k].length; i++) { pages[k][i].hidden = k !== page; }
    }
    pager.hidden = pages.length < 2;
    at.textContent = (page + 1) + ' / ' + pages.length;
    shrink();
  }
  function shrink() {
    var z = 1;
    b.style.zoom = '';
    for (var i = 0; i < 4 && !fits() && z > 0.5; i++) {
      z = Math.max(0.5, z * window.innerHeight / document.documentElement.scrollHeight - 0.01);
      b.style.zoom = z.toFixed(3);
    }
  }
  function paginate() {
    // The hall's board only: its posts sit right under the board (the township's are inside its votes,
    // and scroll).
    var posts = b.querySelectorAll(':scope > div.posts > section.post'), current = [];
    pages = [];
    b.style.zoom = '';
    for (var i = 0; i < posts.length; i++) { posts[i].hidden = true; }
    for (var j = 0; j < posts.length; j++) {
      posts[j].hidden = false;
      if (current.length > 0 && !fits()) {
        for (var k = 0; k < current.length; k++) { current[k].hidden = true; }
        pages.push(current);
        current = [];
      }
      current.push(posts[j]);
    }
    if (current.length > 0) { pages.push(current); }
    show();
  }
  var es = new EventSource('events');
  es.addEventListener('board', function (e) { b.innerHTML = e.data; l.className = 'on'; paginate(); });
  es.onerror = function () { l.className = 'off'; };
  window.addEventListener('resize', paginate);
  setInterval(function () { if (pages.length > 1) { page++; show(); } }, 10000);
  paginate();
})();
