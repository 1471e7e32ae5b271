// A call page: camera and microphone choice, then a WebRTC mesh with everyone in the call
// (each browser sends its media to each other one; fine up to six people). The server only
// passes the browsers' messages along (ws/calls/<conversation>/) and never sees the media.
// Every word shown comes from the page (data-text-*), in the reader's language.
(function () {
  "use strict";
  var root = document.getElementById("call");
  if (!root) { return; }
  var status = document.getElementById("call-status");
  var media = navigator.mediaDevices;
  var data = root.dataset;

  function text(key, values) {
    var value = data["text" + key] || "";
    Object.keys(values || {}).forEach(function (name) {
      value = value.split("%(" + name + ")s").join(values[name]);
    });
    return value;
  }
  function say(message) { status.textContent = message; }

  if (!media || !media.getUserMedia || !window.RTCPeerConnection || !("WebSocket" in window)) {
    say(text("MediaUnsupported"));
    return;
  }
  root.hidden = false;

  var el = {
    camera: document.getElementById("call-camera"),
    microphone: document.getElementById("call-microphone"),
    voiceOnly: document.getElementById("call-voice-only"),
    join: document.getElementById("call-join"),
    stage: document.getElementById("call-stage"),
    grid: document.getElementById("call-grid"),
    self: document.querySelector("[data-self]"),
    mute: document.getElementById("call-mute"),
    cameraOff: document.getElementById("call-camera-off"),
    share: document.getElementById("call-share"),
    leave: document.getElementById("call-leave"),
    tile: document.getElementById("call-tile")
  };
  var canShare = typeof media.getDisplayMedia === "function";

  var socket = null;
  var callId = null;
  var iceServers = [];
  var peers = {};          // peer id -> {pc, name, tile, video, remote, queued, audio, videoSender}
  var local = new MediaStream();
  var mic = null;          // the microphone's track
  var cam = null;          // the camera's track
  var screen = null;       // the shared screen's track
  var muted = false;
  var leaving = false;
  var anyoneCame = false;
  var ringTimer = null;
  var mediaNotice = "";    // what went wrong with the camera or microphone, said on joining

  // --- Devices ---------------------------------------------------------------------------

  function fillDevices() {
    if (!media.enumerateDevices) { return Promise.resolve(); }
    return media.enumerateDevices().then(function (devices) {
      fill(el.camera, devices.filter(function (d) { return d.kind === "videoinput"; }), "CameraDefault", cam);
      fill(el.microphone, devices.filter(function (d) { return d.kind === "audioinput"; }), "MicrophoneDefault", mic);
    }).catch(function () {});
  }

  function fill(select, devices, fallback, track) {
    if (!devices.length) { return; }
    var chosen = select.value || (track && track.getSettings ? track.getSettings().deviceId : "") || "";
    var usual = select.options[0];
    select.textContent = "";
    select.appendChild(usual);
    devices.forEach(function (device, index) {
      var option = document.createElement("option");
      option.value = device.deviceId;
      option.textContent = device.label || text(fallback, { number: String(index + 1) });
      option.selected = device.deviceId === chosen;
      select.appendChild(option);
    });
  }

  function audioWanted() {
    return el.microphone.value ? { deviceId: { exact: el.microphone.value } } : true;
  }
  function videoWanted() {
    var wanted = { width: { ideal: 640 }, height: { ideal: 480 } };
    if (el.camera.value) { wanted.deviceId = { exact: el.camera.value }; }
    return wanted;
  }

  // Start what the person asked for; without a camera (or when it fails) fall back to voice,
  // and without a microphone still join to listen.
  function startMedia() {
    var withVideo = !el.voiceOnly.checked;
    return media.getUserMedia({ audio: audioWanted(), video: withVideo ? videoWanted() : false })
      .catch(function () {
        if (!withVideo) { throw new Error("microphone"); }
        mediaNotice = text("CameraFailed");
        el.voiceOnly.checked = true;
        return media.getUserMedia({ audio: audioWanted(), video: false });
      })
      .then(function (stream) {
        mic = stream.getAudioTracks()[0] || null;
        cam = stream.getVideoTracks()[0] || null;
      })
      .catch(function () {
        mic = null;
        mediaNotice = text("MicrophoneFailed");
      })
      .then(function () {
        rebuildLocal();
        return fillDevices();
      });
  }

  function rebuildLocal() {
    local = new MediaStream();
    [mic, screen || cam].forEach(function (track) { if (track) { local.addTrack(track); } });
    var video = el.self.querySelector("video");
    video.srcObject = local;
    el.self.classList.toggle("no-video", !(screen || cam));
    if (mic) { mic.enabled = !muted; }
    pressed(el.cameraOff, !cam);
    showOwnState();
  }

  function stopMedia() {
    [mic, cam, screen].forEach(function (track) { if (track) { track.stop(); } });
    mic = cam = screen = null;
    el.self.querySelector("video").srcObject = null;
  }

  function pressed(button, value) { button.setAttribute("aria-pressed", value ? "true" : "false"); }

  // --- Peers -----------------------------------------------------------------------------

  function send(message) {
    if (socket && socket.readyState === WebSocket.OPEN) { socket.send(JSON.stringify(message)); }
  }

  function addPeer(id, name) {
    if (peers[id]) { return peers[id]; }
    var tile = el.tile.content.firstElementChild.cloneNode(true);
    tile.querySelector("[data-name]").textContent = name;
    tile.dataset.peer = String(id);
    el.grid.appendChild(tile);
    var pc = new RTCPeerConnection({ iceServers: iceServers });
    var peer = { id: id, name: name, pc: pc, tile: tile, video: tile.querySelector("video"),
                 remote: new MediaStream(), queued: [], audio: null, videoSender: null };
    peer.video.srcObject = peer.remote;
    pc.onicecandidate = function (event) {
      if (event.candidate) { send({ type: "signal", to: id, data: { candidate: event.candidate.toJSON() } }); }
    };
    pc.ontrack = function (event) {
      peer.remote.addTrack(event.track);
      var played = peer.video.play();
      if (played && played.catch) { played.catch(function () {}); }
    };
    pc.onconnectionstatechange = function () {
      if (pc.connectionState === "failed") { say(text("PeerFailed", { name: name })); }
    };
    peers[id] = peer;
    return peer;
  }

  // The newcomer offers to everyone already there; they answer. One audio and one video
  // transceiver each way from the start, so that the camera, the screen or another device
  // is swapped in with replaceTrack and never needs a new offer.
  function offerTo(peer) {
    peer.audio = peer.pc.addTransceiver(mic || "audio", { direction: "sendrecv", streams: [local] }).sender;
    peer.videoSender = peer.pc.addTransceiver(screen || cam || "video", { direction: "sendrecv", streams: [local] }).sender;
    peer.pc.createOffer()
      .then(function (offer) { return peer.pc.setLocalDescription(offer); })
      .then(function () { send({ type: "signal", to: peer.id, data: { sdp: peer.pc.localDescription.toJSON() } }); })
      .catch(function () { say(text("PeerFailed", { name: peer.name })); });
  }

  function answerWithMedia(peer) {
    peer.pc.getTransceivers().forEach(function (transceiver) {
      var kind = transceiver.receiver.track && transceiver.receiver.track.kind;
      if (kind === "audio" && !peer.audio) {
        transceiver.direction = "sendrecv";
        peer.audio = transceiver.sender;
        if (mic) { transceiver.sender.replaceTrack(mic); }
      } else if (kind === "video" && !peer.videoSender) {
        transceiver.direction = "sendrecv";
        peer.videoSender = transceiver.sender;
        if (screen || cam) { transceiver.sender.replaceTrack(screen || cam); }
      }
    });
  }

  function onSignal(from, message) {
    var peer = peers[from] || addPeer(from, "");
    var pc = peer.pc;
    if (message.sdp) {
      pc.setRemoteDescription(message.sdp).then(function () {
        peer.queued.splice(0).forEach(function (candidate) { pc.addIceCandidate(candidate).catch(function () {}); });
        if (message.sdp.type !== "offer") { return null; }
        answerWithMedia(peer);
        return pc.createAnswer()
          .then(function (answer) { return pc.setLocalDescription(answer); })
          .then(function () { send({ type: "signal", to: from, data: { sdp: pc.localDescription.toJSON() } }); });
      }).catch(function () { say(text("PeerFailed", { name: peer.name })); });
    } else if (message.candidate) {
      if (pc.remoteDescription) {
        pc.addIceCandidate(message.candidate).catch(function () {});
      } else {
        peer.queued.push(message.candidate);
      }
    }
  }

  function removePeer(id) {
    var peer = peers[id];
    if (!peer) { return null; }
    peer.pc.close();
    peer.tile.remove();
    delete peers[id];
    return peer;
  }

  function sendTrack(kind, track) {
    Object.keys(peers).forEach(function (id) {
      var sender = kind === "audio" ? peers[id].audio : peers[id].videoSender;
      if (sender) { sender.replaceTrack(track).catch(function () {}); }
    });
  }

  function showState(tile, state) {
    var words = [];
    if (state.muted) { words.push(text("PeerMuted")); }
    if (!state.camera && !state.sharing) { words.push(text("PeerCameraOff")); }
    if (state.sharing) { words.push(text("PeerSharing")); }
    tile.querySelector("[data-state]").textContent = words.length ? "(" + words.join(", ") + ")" : "";
    tile.classList.toggle("no-video", !state.camera && !state.sharing);
  }

  function ownState() {
    return { muted: muted || !mic, camera: Boolean(cam), sharing: Boolean(screen) };
  }
  function showOwnState() { showState(el.self, ownState()); }
  function sendState() {
    var state = ownState();
    send({ type: "state", muted: state.muted, camera: state.camera, sharing: state.sharing });
  }

  // --- Joining and leaving ---------------------------------------------------------------

  function join() {
    el.join.disabled = true;
    leaving = false;
    anyoneCame = false;
    mediaNotice = "";
    say(text("Connecting"));
    // What the person asked for: a call they start as a video call stays one for the others
    // even when their own camera fails.
    var audio = el.voiceOnly.checked ? "?audio=1" : "";
    startMedia().then(function () {
      var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
      socket = new WebSocket(scheme + window.location.host + data.socketUrl + audio);
      socket.onmessage = function (event) { onMessage(JSON.parse(event.data)); };
      socket.onclose = function () {
        socket = null;
        if (!leaving) { finish(text("Lost")); }
      };
    });
  }

  function onMessage(message) {
    if (message.type === "welcome") {
      callId = message.call;
      iceServers = message.iceServers || [];
      el.stage.hidden = false;
      el.join.hidden = true;
      var before = document.getElementById("call-now");  // who was in it when the page loaded
      if (before) { before.hidden = true; }
      el.voiceOnly.disabled = true;
      message.peers.forEach(function (p) { offerTo(addPeer(p.peer, p.name)); });
      var notice = mediaNotice ? mediaNotice + " " : "";
      mediaNotice = "";
      if (message.peers.length) {
        anyoneCame = true;
        say(notice + message.peers.map(function (p) { return text("Joined", { name: p.name }); }).join(" "));
      } else {
        say(notice + text("Waiting"));
        ringTimer = window.setTimeout(function () {
          if (!anyoneCame) { leave(text("NoAnswer")); }
        }, (parseInt(data.ringSeconds, 10) || 60) * 1000);
      }
      sendState();
      el.mute.focus();
    } else if (message.type === "refused") {
      leaving = true;
      finish(message.reason);
    } else if (message.type === "replaced") {
      leaving = true;
      finish(text("Replaced"));
    } else if (message.type === "signal") {
      onSignal(message.from, message.data);
    } else if (message.type === "peer.joined") {
      anyoneCame = true;
      addPeer(message.peer, message.name);
      say(text("Joined", { name: message.name }));
      sendState();
    } else if (message.type === "peer.left") {
      var gone = removePeer(message.peer);
      if (gone) {
        say(text("Left", { name: gone.name }) + (Object.keys(peers).length ? "" : " " + text("Alone")));
      }
    } else if (message.type === "peer.state") {
      var peer = peers[message.peer];
      if (peer) { showState(peer.tile, message); }
    }
  }

  function leave(why) {
    leaving = true;
    send({ type: "leave" });
    if (socket) { socket.close(); }
    finish(why || text("YouLeft"));
  }

  function finish(why) {
    window.clearTimeout(ringTimer);
    Object.keys(peers).forEach(removePeer);
    stopMedia();
    muted = false;
    pressed(el.mute, false);
    pressed(el.share, false);
    el.stage.hidden = true;
    el.join.hidden = false;
    el.join.disabled = false;
    el.voiceOnly.disabled = false;
    el.join.textContent = text("JoinAgain");
    say(why);
    el.join.focus();
  }

  el.join.addEventListener("click", join);
  el.leave.addEventListener("click", function () { leave(); });

  el.mute.addEventListener("click", function () {
    muted = !muted;
    if (mic) { mic.enabled = !muted; }
    pressed(el.mute, muted);
    say(text(muted ? "Muted" : "Unmuted"));
    showOwnState();
    sendState();
  });

  el.cameraOff.addEventListener("click", function () {
    if (cam) {
      cam.stop();  // the camera's light goes off too
      cam = null;
      if (!screen) { sendTrack("video", null); }
      rebuildLocal();
      say(text("CameraOff"));
      sendState();
      return;
    }
    media.getUserMedia({ video: videoWanted() }).then(function (stream) {
      cam = stream.getVideoTracks()[0];
      el.voiceOnly.checked = false;
      if (!screen) { sendTrack("video", cam); }
      rebuildLocal();
      say(text("CameraOn"));
      sendState();
    }).catch(function () { say(text("CameraFailed")); });
  });

  if (canShare) {
    el.share.hidden = false;
    el.share.addEventListener("click", function () {
      if (screen) { stopSharing(); return; }
      media.getDisplayMedia({ video: true }).then(function (stream) {
        screen = stream.getVideoTracks()[0];
        screen.addEventListener("ended", stopSharing);
        sendTrack("video", screen);
        pressed(el.share, true);
        rebuildLocal();
        say(text("Sharing"));
        sendState();
      }).catch(function () {});
    });
  }

  function stopSharing() {
    if (!screen) { return; }
    screen.stop();
    screen = null;
    sendTrack("video", cam);
    pressed(el.share, false);
    rebuildLocal();
    say(text("SharingStopped"));
    sendState();
  }

  // Another camera or microphone chosen during the call: swap the track in place.
  el.microphone.addEventListener("change", function () {
    if (!socket || !mic) { return; }
    media.getUserMedia({ audio: audioWanted() }).then(function (stream) {
      mic.stop();
      mic = stream.getAudioTracks()[0];
      sendTrack("audio", mic);
      rebuildLocal();
    }).catch(function () { say(text("MicrophoneFailed")); });
  });
  el.camera.addEventListener("change", function () {
    if (!socket || !cam) { return; }
    media.getUserMedia({ video: videoWanted() }).then(function (stream) {
      cam.stop();
      cam = stream.getVideoTracks()[0];
      if (!screen) { sendTrack("video", cam); }
      rebuildLocal();
    }).catch(function () { say(text("CameraFailed")); });
  });

  // The last person left elsewhere, or nobody answered: the server says the call ended.
  document.addEventListener("bridgeway:event", function (event) {
    var detail = event.detail;
    if (detail.type === "call.ended" && detail.call === callId && socket) {
      leave(anyoneCame ? text("Alone") : text("NoAnswer"));
    }
  });

  window.addEventListener("pagehide", function () {
    if (socket) { leaving = true; send({ type: "leave" }); socket.close(); }
  });

  fillDevices();
})();
