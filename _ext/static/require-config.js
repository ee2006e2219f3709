// Loaded between require.js and the Jupyter widget manager (embed-amd.js).
(function () {
  // 1. The widget manager finds its icon fonts next to its own module URI, which
  //    require.js derives from baseUrl (by default the page's folder).  Point baseUrl
  //    at the folder of this file, where `make book` puts the manager and its fonts,
  //    so every page finds them locally, over http and from file:// alike.
  var src = document.currentScript && document.currentScript.src;
  if (src && typeof require !== "undefined") {
    require.config({ baseUrl: src.slice(0, src.lastIndexOf("/") + 1) });
  }

  // 2. The widgets typeset their labels with the MathJax 2 call
  //    MathJax.Hub.Queue(["Typeset", MathJax.Hub, element]); the site runs MathJax 3,
  //    which has no Hub.  Provide that one call on top of MathJax 3's typesetPromise.
  var hub = {
    Queue: function () {
      for (var i = 0; i < arguments.length; i++) {
        var job = arguments[i];
        var el = job && job[0] === "Typeset" ? job[2] : null;
        var mj = window.MathJax;
        if (el && mj && mj.startup && mj.startup.promise) {
          mj.startup.promise.then(function (node) {
            return function () { return window.MathJax.typesetPromise([node]); };
          }(el));
        }
      }
    }
  };
  function install() {
    if (window.MathJax && !window.MathJax.Hub) {
      // non-enumerable: MathJax 3 would otherwise read it as a configuration key
      Object.defineProperty(window.MathJax, "Hub", { value: hub, configurable: true });
    }
  }
  install();                                              // on the configuration object
  document.addEventListener("DOMContentLoaded", install); // on MathJax 3 once loaded

  // 3. Accessibility: the widgets' slider handles (role="slider") have no accessible
  //    name.  Name each one after its widget's description label, e.g. "p(heads)".
  function nameSliders(root) {
    var handles = root.querySelectorAll ? root.querySelectorAll(".noUi-handle:not([aria-label])") : [];
    for (var i = 0; i < handles.length; i++) {
      var box = handles[i].closest(".widget-slider, .jupyter-widgets");
      var label = box && box.querySelector(".widget-label");
      var text = label && label.textContent.trim();
      handles[i].setAttribute("aria-label", text || "slider");
    }
  }
  document.addEventListener("DOMContentLoaded", function () {
    nameSliders(document);
    new MutationObserver(function () { nameSliders(document); })
      .observe(document.body, { childList: true, subtree: true });
  });
})();
