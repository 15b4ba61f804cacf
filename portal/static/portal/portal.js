// The handout's QR code opens /portal/login/#code=XXXX: the code stays in the fragment, which
// the browser never sends to the server, and is copied into the code field here.
document.addEventListener("DOMContentLoaded", function () {
  var match = /[#&]code=([A-Za-z0-9-]+)/.exec(window.location.hash);
  var field = document.getElementById("id_code");
  if (match && field) {
    field.value = match[1];
    history.replaceState(null, "", window.location.pathname);
    var pin = document.getElementById("id_pin");
    if (pin) { pin.focus(); }
  }
});
