/* gklint serve: drag files onto the upload area, show their names, say "checking" while waiting,
   and refuse before sending what the server would refuse (too many files, too much in all; the
   messages and limits come from the form's data- attributes). The form works without this script. */
(function () {
  "use strict";
  var form = document.getElementById("gk-form");
  if (!form) { return; }
  var drop = document.getElementById("gk-drop");
  var input = document.getElementById("gk-file");
  var chosen = document.getElementById("gk-chosen");

  function showChosen() {
    var names = Array.prototype.map.call(input.files, function (f) { return f.name; });
    chosen.textContent = names.length ? "已选择 " + names.length + " 个文件：" + names.join("、") : "";
  }
  input.addEventListener("change", showChosen);
  ["dragenter", "dragover"].forEach(function (type) {
    drop.addEventListener(type, function (e) { e.preventDefault(); drop.classList.add("over"); });
  });
  ["dragleave", "drop"].forEach(function (type) {
    drop.addEventListener(type, function () { drop.classList.remove("over"); });
  });
  drop.addEventListener("drop", function (e) {
    e.preventDefault();
    if (e.dataTransfer && e.dataTransfer.files.length) {
      input.files = e.dataTransfer.files;
      showChosen();
    }
  });
  var refused = document.getElementById("gk-refused");
  function refusal() {
    var files = Array.prototype.slice.call(input.files);
    var total = files.reduce(function (sum, f) { return sum + f.size; }, 0);
    if (files.length > Number(form.getAttribute("data-max-files"))) { return form.getAttribute("data-too-many"); }
    if (total > Number(form.getAttribute("data-max-total"))) { return form.getAttribute("data-too-large"); }
    return "";
  }
  form.addEventListener("submit", function (e) {
    var why = refusal();
    refused.textContent = why;
    refused.hidden = !why;
    if (why) { e.preventDefault(); return; }
    document.getElementById("gk-submit").disabled = true;
    document.getElementById("gk-wait").hidden = false;
  });
})();
