/* Drawn signatures on a phone or tablet: the one drawing core for the attendance page
 * (training/attendance.html) and the offline page (static/js/offline.js, which loads this file
 * first and calls window.ReintegraSignature.pad).
 *
 * Strokes are drawn with pointer events (finger, pen or mouse) and written, in a fixed
 * 600×200 box whatever the screen size, as SVG path data ("M x y L x y …"); the server checks
 * that grammar (training/services.py) and draws the path back as inline SVG. No inline
 * script: CSP allows only scripts from our origin.
 *
 * On the attendance page every <div class="signature-pad" data-input="ID"> holds a <canvas>
 * and a "clear" button, and the path goes into the hidden input with that ID. The canvas is a
 * Tab stop with a name (role=img); whoever cannot draw types the name in the field beside it
 * and confirms (recorded as typed, issue 24).
 */
(function () {
  "use strict";
  var WIDTH = 600;
  var HEIGHT = 200;

  function round(value) {
    return Math.max(0, Math.min(999, Math.round(value * 10) / 10));
  }

  /* Drawing on `canvas`; `clear` (a button, or null) empties it; `onChange(path)` gets the whole
   * path after every stroke and after clearing. Returns {set(path)}: draw a path again (one sent
   * back after a refused save, or a day recorded offline), never dropped. */
  function pad(canvas, clear, onChange) {
    var context = canvas.getContext("2d");
    var parts = [];
    var drawing = false;
    var last = null;

    function resize() {
      var ratio = window.devicePixelRatio || 1;
      var rect = canvas.getBoundingClientRect();
      canvas.width = Math.max(1, Math.round(rect.width * ratio));
      canvas.height = Math.max(1, Math.round(rect.height * ratio));
      context.setTransform(canvas.width / WIDTH, 0, 0, canvas.height / HEIGHT, 0, 0);
      context.lineWidth = 4;
      context.lineCap = "round";
      context.lineJoin = "round";
      context.strokeStyle = "#1d2430";
      redraw();
    }

    function redraw() {
      context.clearRect(0, 0, WIDTH, HEIGHT);
      context.beginPath();
      var tokens = parts.join(" ").split(" ");
      for (var i = 0; i + 1 < tokens.length; i += 2) {
        var x = parseFloat(tokens[i].slice(1));
        var y = parseFloat(tokens[i + 1]);
        if (tokens[i].charAt(0) === "M") {
          context.moveTo(x, y);
          context.lineTo(x + 0.1, y + 0.1);
        } else {
          context.lineTo(x, y);
        }
      }
      context.stroke();
    }

    function point(event) {
      var rect = canvas.getBoundingClientRect();
      return {
        x: round(((event.clientX - rect.left) * WIDTH) / rect.width),
        y: round(((event.clientY - rect.top) * HEIGHT) / rect.height),
      };
    }

    canvas.addEventListener("pointerdown", function (event) {
      event.preventDefault();
      canvas.setPointerCapture(event.pointerId);
      drawing = true;
      last = point(event);
      parts.push("M" + last.x + " " + last.y);
      redraw();
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!drawing) {
        return;
      }
      event.preventDefault();
      var next = point(event);
      // points closer than 1.5 units add nothing a verifier could see, only length
      if (Math.abs(next.x - last.x) + Math.abs(next.y - last.y) < 1.5) {
        return;
      }
      last = next;
      parts.push("L" + next.x + " " + next.y);
      redraw();
    });
    function stop() {
      if (drawing) {
        drawing = false;
        onChange(parts.join(" "));
      }
    }
    canvas.addEventListener("pointerup", stop);
    canvas.addEventListener("pointercancel", stop);
    canvas.addEventListener("pointerleave", stop);
    if (clear) {
      clear.addEventListener("click", function () {
        parts = [];
        redraw();
        onChange("");
      });
    }
    window.addEventListener("resize", resize);
    resize();
    return {
      set: function (value) {
        parts = value ? [value] : [];
        redraw();
      },
    };
  }

  window.ReintegraSignature = { pad: pad };

  function setUp(node) {
    var canvas = node.querySelector("canvas");
    var input = document.getElementById(node.dataset.input);
    var clear = node.querySelector("[data-signature-clear]");
    if (!canvas || !input) {
      return;
    }
    if (node.closest("fieldset[disabled]")) {
      canvas.style.pointerEvents = "none";
      canvas.setAttribute("tabindex", "-1");
      if (clear) {
        clear.disabled = true;
      }
    }
    var drawing = pad(canvas, clear, function (path) {
      input.value = path;
      node.classList.toggle("signed", path !== "");
      input.dispatchEvent(new Event("change", { bubbles: true }));
    });
    drawing.set(input.value);
    node.classList.toggle("signed", input.value !== "");
  }

  function init() {
    var pads = document.querySelectorAll(".signature-pad");
    for (var i = 0; i < pads.length; i++) {
      setUp(pads[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
