// Small progressive enhancements: CSRF for htmx requests and live status updates.
(function () {
  "use strict";
  var body = document.body;
  document.addEventListener("htmx:configRequest", function (event) {
    event.detail.headers["X-CSRFToken"] = body.dataset.csrf;
  });

  var url = body.dataset.eventsUrl;
  if (!url || !("WebSocket" in window)) { return; }
  var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
  var delay = 1000;

  function announce(text) {
    var region = document.getElementById("live-region");
    if (region) { region.textContent = text; }
  }

  // Someone calls: every open page of the person offers to join (the words come from the
  // server, in the person's language). The call page itself needs no reminder.
  function ring(event) {
    if (window.location.pathname === event.url) { return; }
    var banner = document.getElementById("call-ringing");
    if (!banner) {
      banner = document.createElement("p");
      banner.id = "call-ringing";
      banner.className = "notice call-ringing";
      var main = document.getElementById("main");
      main.insertBefore(banner, main.firstChild);
    }
    banner.textContent = event.text + " ";
    banner.dataset.call = String(event.call);
    var link = document.createElement("a");
    link.className = "button";
    link.href = event.url;
    link.textContent = event.join;
    banner.appendChild(link);
    announce(event.text);
  }

  function connect() {
    var socket = new WebSocket(scheme + window.location.host + url);
    socket.onopen = function () { delay = 1000; };
    socket.onmessage = function (message) {
      var event = JSON.parse(message.data);
      // Pages with their own live parts (a conversation) listen for this.
      document.dispatchEvent(new CustomEvent("bridgeway:event", { detail: event }));
      if (event.type === "message" && event.author && String(event.author) !== body.dataset.person) {
        var open = document.querySelector('[data-conversation="' + event.conversation + '"]');
        var messagesCount = document.querySelector("[data-messages-count]");
        if (!open && messagesCount) {
          var messagesBadge = messagesCount.querySelector(".badge");
          if (messagesBadge) { messagesBadge.textContent = String((parseInt(messagesBadge.textContent, 10) || 0) + 1); }
          messagesCount.hidden = false;
        }
      }
      if (event.type === "notification") {
        // The bell's count, and the new notification read out once (already in the person's
        // language: the server renders it for them).
        var count = document.querySelector("[data-bell-count]");
        if (count) {
          var badge = count.querySelector(".badge");
          if (badge) { badge.textContent = String(event.unread); }
          count.hidden = !event.unread;
        }
        if (event.text) { announce(event.text); }
      } else if (event.type === "call.ringing") {
        ring(event);
      } else if (event.type === "call.ended") {
        var ringing = document.getElementById("call-ringing");
        if (ringing && ringing.dataset.call === String(event.call)) { ringing.remove(); }
      } else if (event.type === "enrollment.status") {
        var badge = document.querySelector('[data-enrollment-status="' + event.enrollment + '"]');
        if (badge) {
          // The page asks the server for fresh, translated text rather than trusting the event.
          window.location.reload();
        } else {
          announce(body.dataset.updatedText || "");
        }
      }
    };
    socket.onclose = function () {
      delay = Math.min(delay * 2, 30000);
      window.setTimeout(connect, delay);
    };
  }
  connect();
})();
