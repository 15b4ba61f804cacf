/* Drawn signatures on a phone or tablet (training/attendance.html).
 *
 * Every <div class="signature-pad" data-input="ID"> holds a <canvas> and a "clear" button.
 * Strokes are drawn with pointer events (finger, pen or mouse) and written, in a fixed
 * 600×200 box whatever the screen size, as SVG path data ("M x y L x y …") into the hidden
 * input with that ID; the server checks that grammar (training/services.py) and draws the
 * path back as inline SVG. No inline script: CSP allows only scripts from our origin.
 * The canvas is a Tab stop with a name (role=img); whoever cannot draw types the name in the
 * field beside it and confirms (recorded as typed, issue 24).
 */
(function () {
  "use strict";
  var WIDTH = 600;
  var HEIGHT = 200;

  function round(value) {
    return Math.max(0, Math.min(999, Math.round(value * 10) / 10));
  }

  function setUp(pad) {
    var canvas = pad.querySelector("canvas");
    var input = document.getElementById(pad.dataset.input);
    var clear = pad.querySelector("[data-signature-clear]");
    if (!canvas || !input) {
      return;
    }
    var context = canvas.getContext("2d");
    // A signature sent back after a refused save is drawn again, never dropped.
    var parts = input.value ? [input.value] : [];
    if (pad.closest("fieldset[disabled]")) {
      canvas.style.pointerEvents = "none";
      canvas.setAttribute("tabindex", "-1");
      if (clear) {
        clear.disabled = true;
      }
    }
    var drawing = false;
    var last = null;

    function resize() {
      var ratio = window.devicePixelRatio || 1;
      var rect = canvas.getBoundingClientRect();
      canvas.width = Math.round(rect.width * ratio);
      canvas.height = Math.round(rect.height * ratio);
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
        var command = tokens[i].charAt(0);
        var x = parseFloat(tokens[i].slice(1));
        var y = parseFloat(tokens[i + 1]);
        if (command === "M") {
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

    function store() {
      input.value = parts.join(" ");
      pad.classList.toggle("signed", parts.length > 0);
      input.dispatchEvent(new Event("change", { bubbles: true }));
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
        store();
      }
    }
    canvas.addEventListener("pointerup", stop);
    canvas.addEventListener("pointercancel", stop);
    canvas.addEventListener("pointerleave", stop);
    if (clear) {
      clear.addEventListener("click", function () {
        parts = [];
        store();
        redraw();
      });
    }
    window.addEventListener("resize", resize);
    resize();
    pad.classList.toggle("signed", parts.length > 0);
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
