/* Work-order screens: the signature pad and opening the action a link points at.
   No library: pointer events cover mouse, pen and finger. */
(function () {
  "use strict";

  function setupPad(pad) {
    var canvas = pad.querySelector("canvas");
    var input = pad.querySelector("input[type=hidden]");
    var hint = pad.querySelector(".sigpad-hint");
    var row = pad.closest(".sigpad-row") || pad.parentNode;
    var clear = row.querySelector("[data-sigpad-clear]");
    var ctx = canvas.getContext("2d");
    var drawing = false;
    var drawn = false;
    var last = null;

    function size() {
      var rect = canvas.getBoundingClientRect();
      if (!rect.width || drawn) return;
      var ratio = window.devicePixelRatio || 1;
      canvas.width = Math.round(rect.width * ratio);
      canvas.height = Math.round(rect.height * ratio);
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.fillStyle = "#fff";
      ctx.fillRect(0, 0, rect.width, rect.height);
      ctx.lineWidth = 2.5;
      ctx.lineCap = "round";
      ctx.lineJoin = "round";
      ctx.strokeStyle = "#111";
    }

    function point(event) {
      var rect = canvas.getBoundingClientRect();
      return { x: event.clientX - rect.left, y: event.clientY - rect.top };
    }

    function save() {
      input.value = drawn ? canvas.toDataURL("image/png") : "";
    }

    canvas.addEventListener("pointerdown", function (event) {
      if (!canvas.width || canvas.width < 10) size();
      event.preventDefault();
      canvas.setPointerCapture(event.pointerId);
      drawing = true;
      last = point(event);
      ctx.beginPath();
      ctx.arc(last.x, last.y, ctx.lineWidth / 2, 0, Math.PI * 2);
      ctx.fillStyle = "#111";
      ctx.fill();
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!drawing) return;
      event.preventDefault();
      var events = event.getCoalescedEvents ? event.getCoalescedEvents() : [event];
      if (!events.length) events = [event];
      ctx.beginPath();
      ctx.moveTo(last.x, last.y);
      events.forEach(function (e) {
        var p = point(e);
        ctx.lineTo(p.x, p.y);
        last = p;
      });
      ctx.stroke();
      drawn = true;
      if (hint) hint.hidden = true;
    });
    function end(event) {
      if (!drawing) return;
      drawing = false;
      drawn = true;
      if (hint) hint.hidden = true;
      save();
    }
    canvas.addEventListener("pointerup", end);
    canvas.addEventListener("pointercancel", end);
    if (clear) {
      clear.addEventListener("click", function () {
        drawn = false;
        size();
        save();
        if (hint) hint.hidden = false;
      });
    }
    var details = pad.closest("details");
    if (details) details.addEventListener("toggle", size);
    window.addEventListener("resize", size);
    size();
  }

  function openFromHash() {
    if (!location.hash) return;
    var target = document.getElementById(location.hash.slice(1));
    if (target && target.tagName === "DETAILS") {
      target.open = true;
      target.scrollIntoView({ block: "start" });
    }
  }

  function outletClearsRadios(select) {
    select.addEventListener("change", function () {
      if (!select.value) return;
      var form = select.form;
      var empty = form.querySelector("input[name=technician][value='']");
      if (empty) empty.checked = true;
    });
    var form = select.form;
    form.querySelectorAll("input[name=technician]").forEach(function (radio) {
      radio.addEventListener("change", function () {
        if (radio.value) select.value = "";
      });
    });
  }

  function init() {
    document.querySelectorAll("[data-signature-pad]").forEach(setupPad);
    document.querySelectorAll("select[data-clears-radios]").forEach(outletClearsRadios);
    var failed = document.querySelector("details[data-has-errors]");
    if (failed) {
      failed.open = true;
      failed.scrollIntoView({ block: "start" });
    } else {
      openFromHash();
    }
  }
  window.addEventListener("hashchange", openFromHash);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
