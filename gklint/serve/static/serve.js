/* gklint serve: drag files onto the upload area, show their names, say "checking" while waiting.
   The form works without this script; it only makes dropping files possible everywhere in the area. */
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
  form.addEventListener("submit", function () {
    document.getElementById("gk-submit").disabled = true;
    document.getElementById("gk-wait").hidden = false;
  });
})();
