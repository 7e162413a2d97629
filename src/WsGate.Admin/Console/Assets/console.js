// WsGate console: confirmations, keeping typed form fields across an expired session, and the dashboard chart.
// Plain browser JavaScript, no build step and nothing fetched from elsewhere.
(function () {
    "use strict";

    // Destructive buttons carry data-confirm; the form is sent only when the operator agrees.
    document.addEventListener("submit", function (event) {
        var submitter = event.submitter;
        var message = (submitter && submitter.getAttribute("data-confirm")) || event.target.getAttribute("data-confirm");
        if (message && !window.confirm(message)) {
            event.preventDefault();
            return;
        }
        saveDraft(event.target);
    });

    // Drafts: what was typed into a form is kept in this tab until the server confirms a change. When the session has
    // expired, the post goes to the sign-in page; after signing in the same form gets its fields back.
    function draftKey(form) {
        var url = new URL(form.action || window.location.href, window.location.href);
        url.searchParams.delete("handler");
        url.searchParams.delete("signedin");
        return "wsgate-draft:" + url.pathname + url.search + "#" + (form.getAttribute("data-draft") || "");
    }

    function saveDraft(form) {
        if ((form.method || "").toLowerCase() !== "post" || !form.hasAttribute("data-draft")) {
            return;
        }
        var fields = [];
        Array.prototype.forEach.call(form.elements, function (el) {
            if (!el.name || el.type === "password" || el.type === "hidden" || el.type === "file" || el.type === "submit") {
                return;
            }
            fields.push([el.name, el.type === "checkbox" || el.type === "radio" ? (el.checked ? "\u0001" + el.value : "\u0000" + el.value) : el.value]);
        });
        try {
            sessionStorage.setItem(draftKey(form), JSON.stringify({ at: Date.now(), fields: fields }));
        } catch (e) { /* storage full or disabled: nothing to keep */ }
    }

    function restoreDrafts() {
        var body = document.body;
        if (body.getAttribute("data-saved") === "true") {
            Object.keys(sessionStorage).filter(function (k) { return k.indexOf("wsgate-draft:") === 0; })
                .forEach(function (k) { sessionStorage.removeItem(k); });
            return;
        }
        if (body.getAttribute("data-after-login") !== "true") {
            return;
        }
        var restored = false;
        document.querySelectorAll("form[data-draft]").forEach(function (form) {
            var key = draftKey(form);
            var text = sessionStorage.getItem(key);
            if (!text) {
                return;
            }
            sessionStorage.removeItem(key);
            var draft = JSON.parse(text);
            if (Date.now() - draft.at > 12 * 3600 * 1000) {
                return;
            }
            var seen = {};
            draft.fields.forEach(function (pair) {
                var name = pair[0], value = pair[1];
                var matches = form.querySelectorAll("[name='" + name.replace(/'/g, "\\'") + "']");
                if (value.charAt(0) === "\u0001" || value.charAt(0) === "\u0000") {
                    matches.forEach(function (el) {
                        if (el.value === value.substring(1)) { el.checked = value.charAt(0) === "\u0001"; }
                    });
                    return;
                }
                var index = seen[name] || 0;
                seen[name] = index + 1;
                if (matches[index]) { matches[index].value = value; }
            });
            restored = true;
        });
        if (restored) {
            var notice = document.getElementById("restored");
            if (notice) { notice.hidden = false; }
        }
    }

    // The dashboard's messages-per-second chart, drawn as inline SVG from the sampler's JSON.
    function drawChart(el, samples) {
        var width = el.clientWidth || 800, height = el.clientHeight || 180, left = 44, bottom = 20, top = 8;
        var max = 1;
        samples.forEach(function (s) { max = Math.max(max, s.inPerSecond, s.outPerSecond); });
        max = niceCeiling(max);
        var span = 300;
        var x = function (i) { return left + (width - left - 8) * (i + span - samples.length) / (span - 1); };
        var y = function (v) { return top + (height - top - bottom) * (1 - v / max); };
        var line = function (field) {
            return samples.map(function (s, i) { return (i === 0 ? "M" : "L") + x(i).toFixed(1) + "," + y(s[field]).toFixed(1); }).join("");
        };
        var grid = "";
        for (var g = 0; g <= 4; g++) {
            var v = max * g / 4, gy = y(v).toFixed(1);
            grid += "<line x1='" + left + "' x2='" + (width - 8) + "' y1='" + gy + "' y2='" + gy + "'/>";
            grid += "<text x='" + (left - 6) + "' y='" + (Number(gy) + 4) + "' text-anchor='end'>" + formatNumber(v) + "</text>";
        }
        var labels = "<text x='" + left + "' y='" + (height - 4) + "'>-5 min</text><text x='" + (width - 8) + "' y='" + (height - 4) + "' text-anchor='end'>now</text>";
        el.innerHTML = "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 " + width + " " + height + "'>" +
            "<g class='grid axis'>" + grid + labels + "</g>" +
            (samples.length > 1 ? "<path class='in' d='" + line("inPerSecond") + "'/><path class='out' d='" + line("outPerSecond") + "'/>" : "") +
            "</svg>";
        var last = samples[samples.length - 1];
        var stat = document.getElementById("stat-rate");
        if (last && stat) { stat.textContent = formatNumber(last.inPerSecond + last.outPerSecond); }
        var connections = document.getElementById("stat-connections");
        if (last && connections) { connections.textContent = last.connections; }
    }

    function niceCeiling(v) {
        var p = Math.pow(10, Math.floor(Math.log10(v)));
        var steps = [1, 2, 2.5, 5, 10];
        for (var i = 0; i < steps.length; i++) { if (steps[i] * p >= v) { return steps[i] * p; } }
        return 10 * p;
    }

    function formatNumber(v) {
        if (v >= 1000000) { return (v / 1000000).toFixed(1) + "M"; }
        if (v >= 10000) { return (v / 1000).toFixed(0) + "k"; }
        return v >= 100 ? v.toFixed(0) : (Math.round(v * 10) / 10).toString();
    }

    function startChart() {
        var el = document.getElementById("rate-chart");
        if (!el) {
            return;
        }
        var poll = function () {
            fetch(el.getAttribute("data-source"), { credentials: "same-origin", headers: { "Accept": "application/json" } })
                .then(function (r) {
                    if (r.redirected || r.status === 401 || r.status === 403) { window.location.reload(); return null; }
                    return r.ok ? r.json() : null;
                })
                .then(function (samples) { if (samples) { drawChart(el, samples); } })
                .catch(function () { /* the next poll tries again */ });
        };
        poll();
        window.setInterval(poll, 2000);
    }

    // The portal's subscribe form offers only the tiers of the chosen API (each API option lists them in data-tiers);
    // the server refuses any other tier as well, so this only spares a round trip.
    document.addEventListener("change", function (event) {
        var apis = event.target;
        if (!apis.matches || !apis.matches("form.subscribe select[name=apiId]")) {
            return;
        }
        var tierSelect = apis.form.querySelector("select[name=tier]");
        var option = apis.options[apis.selectedIndex];
        var offered = ((option && option.getAttribute("data-tiers")) || "").split(",").filter(function (t) { return t; });
        var kept = tierSelect.value;
        tierSelect.innerHTML = "";
        offered.forEach(function (name) {
            var o = document.createElement("option");
            o.value = name;
            o.textContent = name;
            o.selected = name === kept;
            tierSelect.appendChild(o);
        });
    });

    restoreDrafts();
    startChart();
})();
