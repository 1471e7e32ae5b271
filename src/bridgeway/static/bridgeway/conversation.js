// A conversation page: send without reloading, and show new, changed and deleted messages as
// they happen. Without JavaScript the form posts and the page reloads; nothing depends on this.
(function () {
  "use strict";
  var list = document.getElementById("message-list");
  if (!list) { return; }
  var form = document.querySelector("[data-compose]");
  var conversation = list.dataset.conversation;
  var fetching = false;
  var again = false;

  function newKey() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID().replace(/-/g, ""); }
    return String(Date.now()) + String(Math.random()).slice(2);
  }

  // Put each item from the server in place: a new one at the end, a changed one where it was.
  function merge(html) {
    var holder = document.createElement("ol");
    holder.innerHTML = html;
    var items = holder.querySelectorAll("li[data-message]");
    for (var i = 0; i < items.length; i++) {
      var item = items[i];
      var existing = document.getElementById(item.id);
      if (existing) {
        existing.replaceWith(item);
      } else {
        list.appendChild(item);
      }
      var id = parseInt(item.dataset.message, 10);
      if (id > parseInt(list.dataset.newest || "0", 10)) { list.dataset.newest = String(id); }
    }
    var empty = document.querySelector("[data-empty]");
    if (empty && items.length) { empty.remove(); }
  }

  function fetchAfter(after) {
    if (fetching) { again = true; return; }
    fetching = true;
    // A page in a background tab fetches without marking the messages read ("Seen by").
    var hidden = document.hidden ? "&hidden=1" : "";
    fetch(list.dataset.newUrl + "?after=" + after + hidden, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) { if (html) { merge(html); } })
      .finally(function () {
        fetching = false;
        if (again) { again = false; fetchAfter(list.dataset.newest || "0"); }
      });
  }

  document.addEventListener("bridgeway:event", function (e) {
    var event = e.detail;
    if (String(event.conversation) !== conversation) { return; }
    if (event.type === "message") {
      fetchAfter(list.dataset.newest || "0");
    } else if (event.type === "message.changed") {
      fetchAfter(String(Math.max(0, event.message - 1)));
    } else if (event.type === "call.ended") {
      // The call's line arrives as a message; the page offers to start a new call again.
      var live = document.querySelector(".call-now");
      var start = document.querySelector(".call-actions");
      if (live) { live.remove(); }
      if (start) { start.hidden = false; }
    }
  });

  // Looked at again: what arrived meanwhile is read now.
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) { fetchAfter(list.dataset.newest || "0"); }
  });

  if (form) {
    form.addEventListener("submit", function (e) {
      // Looked up on each send: a refused send puts the server's form (with its errors) here.
      var key = form.querySelector('input[name="client_key"]');
      var text = form.querySelector("textarea");
      var files = form.querySelector('input[type="file"]');
      var hasFiles = files && files.files && files.files.length > 0;
      if ((!text || !text.value.trim()) && !hasFiles) { return; }  // the server explains
      e.preventDefault();
      var data = new FormData(form);
      data.append("after", list.dataset.newest || "0");
      var button = form.querySelector('button[type="submit"]');
      if (button) { button.disabled = true; }
      fetch(form.action, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "HX-Request": "true", "X-CSRFToken": document.body.dataset.csrf }
      }).then(function (response) {
        if (response.status === 400) {
          // Refused (a file too large or of a kind not accepted): show the reasons in place
          // rather than sending the files a second time the plain way.
          return response.text().then(function (page) {
            var fresh = new DOMParser().parseFromString(page, "text/html").getElementById("compose");
            if (!fresh) { throw new Error("400"); }
            form.innerHTML = fresh.innerHTML;
            var invalid = form.querySelector('[aria-invalid="true"]');
            if (invalid) { invalid.focus(); }
            return null;
          });
        }
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.text();
      }).then(function (html) {
        if (html === null) { return; }
        merge(html);
        if (text) { text.value = ""; }
        if (files) { files.value = ""; }
        if (key) { key.value = newKey(); }
        if (text) { text.focus(); }
      }).catch(function () {
        // Send it the plain way: the same key stores it once, and any error is shown.
        form.submit();
      }).finally(function () {
        if (button) { button.disabled = false; }
      });
    });
  }
})();
