// Scan page: submit each scan without reloading, show the result loudly, keep
// the input focused for the next envelope. Without JavaScript the form posts.
(function () {
  "use strict";
  var form = document.getElementById("scan-form");
  if (!form || !window.fetch) { return; }
  var input = document.getElementById("number");
  var result = document.getElementById("scan-result");
  var log = document.getElementById("scan-log");

  function show(data) {
    var line = document.createElement("p");
    line.className = "scan-result scan-" + data.outcome;
    line.setAttribute("data-outcome", data.outcome);
    var number = document.createElement("strong");
    number.textContent = data.tracking_number;
    line.appendChild(number);
    line.appendChild(document.createTextNode(" " + data.message));
    result.replaceChildren(line);
    var entry = document.createElement("li");
    entry.className = "scan-" + data.outcome;
    entry.textContent = data.tracking_number + ": " + data.message;
    log.insertBefore(entry, log.firstChild);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var body = new FormData(form);
    input.value = "";
    input.focus();
    fetch(form.action, {
      method: "POST",
      body: body,
      headers: { "Accept": "application/json" },
      credentials: "same-origin"
    }).then(function (answer) {
      if (!answer.ok) { throw new Error("HTTP " + answer.status); }
      return answer.json();
    }).then(show).catch(function () {
      show({ outcome: "error", tracking_number: body.get("number"),
             message: "Not recorded: the server did not answer. Scan again." });
    });
  });
})();
