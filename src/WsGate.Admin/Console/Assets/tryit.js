// The portal's try-it console: opens a WebSocket from the browser to the gateway, with the chosen credential, and logs
// every message and the close code and reason (RFC 6455 section 7.4). Browsers cannot set headers on a WebSocket, so a
// token goes as a subprotocol pair or a query parameter, the two browser-friendly ways WsGate accepts.
(function () {
    "use strict";
    var $ = function (id) { return document.getElementById(id); };
    var socket = null;
    var opened = 0;

    function log(kind, text) {
        var line = document.createElement("div");
        line.className = kind;
        var time = new Date().toISOString().substring(11, 23);
        line.textContent = time + "  " + ({ sent: "→ ", received: "← ", event: "• ", problem: "! " }[kind] || "") + text;
        $("tryit-log").appendChild(line);
        $("tryit-log").scrollTop = $("tryit-log").scrollHeight;
    }

    function setState(state) {
        $("tryit-state").textContent = state;
        $("tryit-state").className = "pill " + (state === "open" ? "ok" : state === "connecting" ? "warn" : "");
        $("tryit-connect").disabled = state !== "closed";
        $("tryit-close").disabled = state !== "open";
        $("tryit-send").disabled = state !== "open";
    }

    function connect() {
        $("tryit-url-error").textContent = "";
        var url;
        try {
            url = new URL($("tryit-url").value.trim());
        } catch (e) {
            $("tryit-url-error").textContent = "Enter a full URL such as ws://host:port/path.";
            return;
        }
        if (url.protocol !== "ws:" && url.protocol !== "wss:") {
            $("tryit-url-error").textContent = "The URL must start with ws:// or wss://.";
            return;
        }
        var credential = $("tryit-credential").value;
        var token = $("tryit-token").value.trim();
        var protocols = [];
        if (credential !== "none" && !token) {
            $("tryit-url-error").textContent = "Enter a token or key, or choose no credential.";
            return;
        }
        if (credential === "subprotocol") { protocols = ["access_token", token]; }
        if (credential === "query") { url.searchParams.set("access_token", token); }
        if (credential === "apikey") { url.searchParams.set("apikey", token); }

        setState("connecting");
        log("event", "connecting to " + url.origin + url.pathname + (credential === "none" ? "" : " with " + credential));
        try {
            socket = protocols.length ? new WebSocket(url.toString(), protocols) : new WebSocket(url.toString());
        } catch (e) {
            log("problem", e.message);
            setState("closed");
            return;
        }
        socket.binaryType = "arraybuffer";
        socket.onopen = function () {
            opened = Date.now();
            setState("open");
            log("event", "open" + (socket.protocol ? " (subprotocol " + socket.protocol + ")" : ""));
        };
        socket.onmessage = function (event) {
            if (typeof event.data === "string") {
                log("received", event.data);
            } else {
                var bytes = new Uint8Array(event.data);
                log("received", "binary " + bytes.length + " bytes: " + Array.prototype.map.call(bytes.slice(0, 32), function (b) { return ("0" + b.toString(16)).slice(-2); }).join(" ") + (bytes.length > 32 ? " ..." : ""));
            }
        };
        socket.onerror = function () {
            // Browsers hide the handshake's HTTP status from scripts; the close that follows carries 1006.
            log("problem", "connection error" + (opened ? "" : ": the handshake was refused or the server is unreachable (wrong credential, no subscription, or an origin not allowed)"));
        };
        socket.onclose = function (event) {
            log("event", "closed with code " + event.code + (event.reason ? " \"" + event.reason + "\"" : "") + (event.wasClean ? "" : " (not clean)"));
            socket = null;
            opened = 0;
            setState("closed");
        };
    }

    $("tryit-connect").addEventListener("click", connect);
    $("tryit-close").addEventListener("click", function () {
        if (!socket) { return; }
        var code = parseInt($("tryit-code").value, 10);
        if (!(code === 1000 || (code >= 3000 && code <= 4999))) {
            log("problem", "a browser may close only with 1000 or 3000-4999");
            return;
        }
        socket.close(code, $("tryit-reason").value);
        setState("closing");
    });
    $("tryit-send").addEventListener("click", function () {
        var text = $("tryit-message").value;
        if (socket && socket.readyState === WebSocket.OPEN) {
            socket.send(text);
            log("sent", text);
        }
    });
    $("tryit-message").addEventListener("keydown", function (event) {
        if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { $("tryit-send").click(); }
    });
    $("tryit-clear").addEventListener("click", function () { $("tryit-log").innerHTML = ""; });
    // An API's example messages (from its AsyncAPI contract): picking one puts it in the message box.
    if ($("tryit-example")) {
        $("tryit-example").addEventListener("change", function () { $("tryit-message").value = $("tryit-example").value; });
    }
    setState("closed");
})();
