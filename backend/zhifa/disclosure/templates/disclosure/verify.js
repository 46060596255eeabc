/* The verification page (验真): the chosen PDF is hashed here, in the browser, and never sent anywhere; its
   SHA-256 is looked up in the static manifest the publishing pipeline writes next to this page. */
(function () {
  "use strict";
  var result = document.getElementById("verify-result");
  var LARGE = 256 * 1024 * 1024;

  function show(kind, lines) {
    result.className = "verify-result " + kind;
    result.textContent = "";
    lines.forEach(function (line, index) {
      var p = document.createElement("p");
      if (index > 0) { p.lang = "en"; }
      p.textContent = line;
      result.appendChild(p);
    });
  }

  function getJson(path) {
    return fetch(path, {cache: "no-cache"}).then(function (response) {
      if (response.status === 404) { return null; }
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.json();
    });
  }

  function dateText(iso) {
    var p = iso.split("-");
    return p[0] + "年" + Number(p[1]) + "月" + Number(p[2]) + "日";
  }

  function describe(doc, checkedFile) {
    var lines = [
      "本文书由" + doc.agency + "于" + dateText(doc.issued_on) + "签发" + (checkedFile ? "，未被篡改。" : "，文号与验证码相符。"),
      (checkedFile ? "Issued by " + doc.agency + " on " + doc.issued_on + ", unaltered."
                   : "Issued by " + doc.agency + " on " + doc.issued_on + "; the number and code match.")
    ];
    lines.push(doc.kind_label + " " + doc.number + "，SHA-256：" + doc.sha256);
    if (doc.status === "replaced") {
      lines.push("注意：本文书已被更正，现行文书为 " + doc.replaced_by + "。 Note: replaced by " + doc.replaced_by + ".");
    }
    if (doc.replaces) {
      lines.push("本文书更正了 " + doc.replaces + "。 It corrects " + doc.replaces + ".");
    }
    return lines;
  }

  function mismatch() {
    show("mismatch", ["不一致：所选文件与本机关签发的文书不一致，可能被修改过，或并非本机关签发。",
                      "No match: the file is not one the agency issued, or it has been changed."]);
  }

  function failed() {
    show("error", ["暂时无法读取验真清单，请稍后再试。", "The verification list can't be read just now."]);
  }

  function findInMonth(month, test) {
    return getJson("manifest/" + month + ".json").then(function (shard) {
      if (!shard) { return null; }
      for (var i = 0; i < shard.documents.length; i++) {
        if (test(shard.documents[i])) { return shard.documents[i]; }
      }
      return null;
    });
  }

  // --- SHA-256: WebCrypto where the page is a secure context, otherwise a small streaming implementation ---
  var K = [0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1,
    0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d,
    0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
    0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3,
    0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3,
    0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb,
    0xbef9a3f7, 0xc67178f2];

  function Sha256() {
    this.h = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
    this.buffer = new Uint8Array(64); this.used = 0; this.length = 0; this.w = new Int32Array(64);
  }
  Sha256.prototype.block = function (b, o) {
    var w = this.w, h = this.h, i, t1, t2;
    for (i = 0; i < 16; i++) { w[i] = (b[o + 4 * i] << 24) | (b[o + 4 * i + 1] << 16) | (b[o + 4 * i + 2] << 8) | b[o + 4 * i + 3]; }
    for (i = 16; i < 64; i++) {
      var x = w[i - 15], y = w[i - 2];
      var s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
      var s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
      w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
    }
    var a = h[0], bb = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
    for (i = 0; i < 64; i++) {
      t1 = (hh + (((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))) + ((e & f) ^ (~e & g)) + K[i] + w[i]) | 0;
      t2 = ((((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))) + ((a & bb) ^ (a & c) ^ (bb & c))) | 0;
      hh = g; g = f; f = e; e = (d + t1) | 0; d = c; c = bb; bb = a; a = (t1 + t2) | 0;
    }
    h[0] = (h[0] + a) | 0; h[1] = (h[1] + bb) | 0; h[2] = (h[2] + c) | 0; h[3] = (h[3] + d) | 0;
    h[4] = (h[4] + e) | 0; h[5] = (h[5] + f) | 0; h[6] = (h[6] + g) | 0; h[7] = (h[7] + hh) | 0;
  };
  Sha256.prototype.update = function (data) {
    var i = 0;
    this.length += data.length;
    if (this.used) {
      while (this.used < 64 && i < data.length) { this.buffer[this.used++] = data[i++]; }
      if (this.used < 64) { return; }
      this.block(this.buffer, 0); this.used = 0;
    }
    for (; i + 64 <= data.length; i += 64) { this.block(data, i); }
    while (i < data.length) { this.buffer[this.used++] = data[i++]; }
  };
  Sha256.prototype.hex = function () {
    var bits = this.length * 8, pad = new Uint8Array(((this.used < 56) ? 56 : 120) - this.used + 8);
    pad[0] = 0x80;
    var high = Math.floor(bits / 0x100000000), low = bits >>> 0, n = pad.length;
    pad[n - 8] = high >>> 24; pad[n - 7] = high >>> 16; pad[n - 6] = high >>> 8; pad[n - 5] = high;
    pad[n - 4] = low >>> 24; pad[n - 3] = low >>> 16; pad[n - 2] = low >>> 8; pad[n - 1] = low;
    this.update(pad);
    return this.h.map(function (v) { return ("00000000" + (v >>> 0).toString(16)).slice(-8); }).join("");
  };

  function hex(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  function readSlice(file, start, end) {
    var blob = file.slice(start, end);
    if (blob.arrayBuffer) { return blob.arrayBuffer(); }
    return new Promise(function (resolve, reject) {
      var reader = new FileReader();
      reader.onload = function () { resolve(reader.result); };
      reader.onerror = function () { reject(reader.error); };
      reader.readAsArrayBuffer(blob);
    });
  }

  function sha256File(file) {
    if (window.crypto && window.crypto.subtle && file.size <= LARGE) {
      return readSlice(file, 0, file.size).then(function (data) {
        return window.crypto.subtle.digest("SHA-256", data);
      }).then(hex);
    }
    var hash = new Sha256(), chunk = 4 * 1024 * 1024, position = 0;
    function next() {
      if (position >= file.size) { return Promise.resolve(hash.hex()); }
      var end = Math.min(file.size, position + chunk);
      return readSlice(file, position, end).then(function (data) {
        hash.update(new Uint8Array(data)); position = end; return next();
      });
    }
    return next();
  }

  // --- the two checks ---------------------------------------------------------------------------------
  function checkFile(file) {
    show("working", ["正在本机计算文件校验值……", "Hashing the file on this computer..."]);
    sha256File(file).then(function (sha256) {
      return getJson("sha256/" + sha256.slice(0, 2) + ".json").then(function (shard) {
        var found = shard && shard[sha256];
        if (!found) { return null; }
        return findInMonth(found.month, function (doc) { return doc.sha256 === sha256; });
      });
    }).then(function (doc) {
      if (doc) { show(doc.status === "replaced" ? "match replaced" : "match", describe(doc, true)); } else { mismatch(); }
    }, failed);
  }

  function normalNumber(text) {
    return String(text || "").replace(/\s+/g, "").replace(/[\[［(（【]/g, "〔").replace(/[\]］)）】]/g, "〕");
  }

  function normalCode(text) {
    return String(text || "").toUpperCase().replace(/[^0-9A-F]/g, "");
  }

  function checkNumber(numberText, codeText) {
    var number = normalNumber(numberText), code = normalCode(codeText);
    if (!number) { return; }
    show("working", ["正在查询……", "Looking it up..."]);
    getJson("manifest/index.json").then(function (index) {
      if (!index) { return null; }
      var year = (number.match(/〔(\d{4})〕/) || [])[1];
      var months = index.months.map(function (m) { return m.month; }).filter(function (m) {
        return !year || m.slice(0, 4) === year || Number(m.slice(0, 4)) === Number(year) + 1;
      });
      var search = function (i) {
        if (i >= months.length) { return Promise.resolve(null); }
        return findInMonth(months[i], function (doc) { return normalNumber(doc.number) === number; })
          .then(function (doc) { return doc || search(i + 1); });
      };
      return search(0);
    }).then(function (doc) {
      if (!doc) {
        show("mismatch", ["未找到文号为“" + number + "”的文书：请核对文号，或该文书并非本机关签发。",
                          "No document with this number was issued by the agency."]);
      } else if (!code) {
        show("partial", ["找到" + doc.kind_label + " " + doc.number + "（" + dateText(doc.issued_on) + "签发" +
                         (doc.status === "replaced" ? "，已被 " + doc.replaced_by + " 更正" : "") + "）。请输入验证码或选择文件核验。",
                         "Found; enter the printed code or choose the file to check it."]);
      } else if (normalCode(doc.code) === code) {
        show(doc.status === "replaced" ? "match replaced" : "match", describe(doc, false));
      } else {
        show("mismatch", ["不一致：验证码与文号" + doc.number + "的记录不符。",
                          "No match: the code does not belong to this document number."]);
      }
    }, failed);
  }

  var input = document.getElementById("verify-file-input");
  input.addEventListener("change", function () {
    if (input.files && input.files[0]) { checkFile(input.files[0]); }
  });
  var form = document.getElementById("verify-code-form");
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    checkNumber(form.elements.n.value, form.elements.c.value);
  });
  var params = new URLSearchParams(window.location.search);
  if (params.get("n")) {
    form.elements.n.value = params.get("n");
    form.elements.c.value = params.get("c") || "";
    checkNumber(params.get("n"), params.get("c"));
  }
}());
