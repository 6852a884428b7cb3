// Netzwerk-Check im Browser: the form on the chapter "Netzwerk-Check" computes, from the model the
// chapter exported when it was executed (JSON in the page), what kmunetz.netcheck.assess_exported
// computes in Python: the probability with its delta-method interval (on the scale of the linear
// predictor, transformed back), the average network (the mean prediction of the model with corrected
// intercept: the share of networks with active KMU), the gap with its interval (the probability's
// minus the average), and each feature's exact Shapley contribution with a delta-method interval
// (its exact gradient in the coefficients, as in Python). No server, no library; works from file://.
(function () {
  "use strict";

  // ---- the normal distribution (probit) ---------------------------------------------------------
  var SQRT2 = Math.SQRT2, SQRTPI = Math.sqrt(Math.PI);
  function erfSeries(x) {  // |x| < 3: Maclaurin series, absolute error about 1e-13
    var sum = x, term = x, x2 = x * x;
    for (var n = 1; n < 200; n++) {
      term *= -x2 / n;
      var add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) { break; }
    }
    return 2 / SQRTPI * sum;
  }
  function erfcFraction(x) {  // x >= 3: continued fraction (modified Lentz), relative error about 1e-15
    var tiny = 1e-300, f = x, C = x, D = 0;
    for (var n = 1; n < 500; n++) {
      var a = n / 2;
      D = x + a * D; D = Math.abs(D) < tiny ? tiny : D; D = 1 / D;
      C = x + a / C; C = Math.abs(C) < tiny ? tiny : C;
      var delta = C * D;
      f *= delta;
      if (Math.abs(delta - 1) < 1e-16) { break; }
    }
    return Math.exp(-x * x) / SQRTPI / f;
  }
  function erfc(x) {
    if (x >= 3) { return erfcFraction(x); }
    if (x <= -3) { return 2 - erfcFraction(-x); }
    return 1 - erfSeries(x);
  }
  var LINKS = {
    logit: {
      F: function (t) { return 1 / (1 + Math.exp(-t)); },
      f: function (t) { var p = 1 / (1 + Math.exp(-t)); return p * (1 - p); }
    },
    probit: {
      F: function (t) { return 0.5 * erfc(-t / SQRT2); },
      f: function (t) { return Math.exp(-t * t / 2) / Math.sqrt(2 * Math.PI); }
    }
  };

  // ---- linear algebra and the model ---------------------------------------------------------------
  function dot(a, b) { var s = 0; for (var i = 0; i < a.length; i++) { s += a[i] * b[i]; } return s; }
  function quad(v, M) {  // v' M v
    var s = 0;
    for (var i = 0; i < v.length; i++) { s += v[i] * dot(M[i], v); }
    return s;
  }

  // Shapley values (points) of every feature and their derivatives in every coefficient, exactly as
  // kmunetz.netcheck.shapley and shapley_gradient: v(S) is the mean predicted probability of the
  // surveyed networks when the network's own values replace theirs for the features in S.
  function shapley(beta, x, B, link) {
    var m = x.length, n = B.length, p = beta.length, size = 1 << m;
    var v = new Float64Array(size), dens = new Float64Array(size), densB = new Float64Array(size * m);
    var lin = new Float64Array(size), low = new Int32Array(size), pop = new Int32Array(size);
    for (var mask = 1; mask < size; mask++) {
      low[mask] = 31 - Math.clz32(mask & -mask);
      pop[mask] = pop[mask & (mask - 1)] + 1;
    }
    var diff = new Float64Array(m);
    for (var i = 0; i < n; i++) {
      var row = B[i], base = beta[0];
      for (var j = 0; j < m; j++) { base += row[j] * beta[j + 1]; diff[j] = (x[j] - row[j]) * beta[j + 1]; }
      for (mask = 0; mask < size; mask++) {
        var t = mask === 0 ? base : lin[mask & (mask - 1)] + diff[low[mask]];
        lin[mask] = t;
        v[mask] += link.F(t);
        var d = link.f(t);
        dens[mask] += d;
        var off = mask * m;
        for (j = 0; j < m; j++) { densB[off + j] += d * row[j]; }
      }
    }
    // dv[mask][0] = mean f; dv[mask][j+1] = mean f times (x_j if j is in the coalition, else the network's value)
    var dv = new Float64Array(size * p);
    for (mask = 0; mask < size; mask++) {
      v[mask] /= n;
      dv[mask * p] = dens[mask] / n;
      for (j = 0; j < m; j++) {
        dv[mask * p + j + 1] = (mask & (1 << j)) ? x[j] * dens[mask] / n : densB[mask * m + j] / n;
      }
    }
    var fact = [1];
    for (var k = 1; k <= m; k++) { fact[k] = fact[k - 1] * k; }
    var weight = [];
    for (k = 0; k < m; k++) { weight[k] = fact[k] * fact[m - k - 1] / fact[m]; }
    var phi = [], grad = [];
    for (j = 0; j < m; j++) {
      var bit = 1 << j, s = 0, g = new Float64Array(p);
      for (mask = 0; mask < size; mask++) {
        if (mask & bit) { continue; }
        var w = weight[pop[mask]], other = mask | bit;
        s += w * (v[other] - v[mask]);
        for (k = 0; k < p; k++) { g[k] += w * (dv[other * p + k] - dv[mask * p + k]); }
      }
      phi.push(100 * s);
      grad.push(Array.prototype.map.call(g, function (gk) { return 100 * gk; }));
    }
    return {phi: phi, grad: grad};
  }

  // The same numbers as kmunetz.netcheck.assess_exported.
  function assess(model, x) {
    var link = LINKS[model.link], F = link.F;
    var beta = model.coefficients, cov = model.covariance, B = model.background, z = model.z;
    var exog = [1].concat(x), eta = dot(exog, beta), se = Math.sqrt(quad(exog, cov));
    var n = B.length, average = 0;
    for (var i = 0; i < n; i++) { average += F(dot([1].concat(B[i]), beta)); }
    average /= n;
    var probability = F(eta), low = F(eta - z * se), high = F(eta + z * se);
    var sh = shapley(beta, x, B, link), lower = [], upper = [];
    for (var j = 0; j < x.length; j++) {
      var s = Math.sqrt(quad(sh.grad[j], cov));
      lower.push(sh.phi[j] - z * s); upper.push(sh.phi[j] + z * s);
    }
    return {  // the average is a fixed number of the data: the gap's interval is the probability's, shifted
      probability: probability, lower: low, upper: high, average: average,
      gap: 100 * (probability - average), gapLower: 100 * (low - average), gapUpper: 100 * (high - average),
      contribution: sh.phi, contributionLower: lower, contributionUpper: upper
    };
  }

  // ---- German numbers, as kmunetz.formatting writes them -------------------------------------------
  var NBSP = "\u00a0", MINUS = "\u2212";
  function number(v, decimals) {  // rounded half up, "−" for minus, "." between thousands
    var factor = Math.pow(10, decimals), a = Number(Math.abs(v).toPrecision(15));
    var text = (Math.round(a * factor) / factor).toFixed(decimals);
    if (Number(text) === 0) { v = 0; }  // no "−0"
    var parts = text.split("."), whole = parts[0];
    if (whole.length > 3) { whole = whole.replace(/\B(?=(\d{3})+(?!\d))/g, "."); }
    return (v < 0 ? MINUS : "") + whole + (parts.length > 1 ? "," + parts[1] : "");
  }
  function percent(p, decimals) { return number(100 * p, decimals) + NBSP + "%"; }
  function interval(lo, hi, decimals, unit) {  // "42 bis 58 %"; bounds equal at this precision: one value
    var a = number(lo, decimals), b = number(hi, decimals), suffix = unit ? NBSP + unit : "";
    return a === b ? a + suffix : a + " bis " + b + suffix;
  }
  function escapeHtml(s) {
    return String(s).replace(/[&<>"]/g, function (c) { return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}[c]; });
  }
  function germanList(items) {
    if (items.length < 2) { return items.join(""); }
    return items.slice(0, -1).join(", ") + " und " + items[items.length - 1];
  }

  // ---- one form -----------------------------------------------------------------------------------
  function Check(root) {
    this.root = root;
    this.model = JSON.parse(root.querySelector("script.kmunetz-netcheck-model").textContent);
    this.form = root.querySelector("form");
    this.result = root.querySelector(".kmunetz-netcheck-result");
    this.live = root.querySelector(".kmunetz-netcheck-live");
    this.tipCounter = 0;
    this.titles = {};
    var self = this;
    // the chapters' titles and links, from the book's navigation (the recommendations link their chapter)
    document.querySelectorAll(".bd-sidenav a.reference.internal").forEach(function (a) {
      var href = a.getAttribute("href"), key = href.split("#")[0].split("/").pop().replace(/\.html$/, "");
      self.titles[key] = {href: href, title: a.textContent.trim()};
    });
    root.classList.add("kmunetz-netcheck-active");
    this.restore(window.location.hash);
    this.form.addEventListener("input", function () { self.update(true); });
    this.form.addEventListener("change", function () { self.update(true); });
    this.form.addEventListener("submit", function (ev) { ev.preventDefault(); self.update(true); });
    this.form.addEventListener("reset", function () { window.setTimeout(function () { self.update(true); }, 0); });
    window.addEventListener("hashchange", function () { self.restore(window.location.hash); });
  }

  Check.prototype.field = function (feature) { return this.form.elements.namedItem(feature); };

  // Read the form; return {x: [...]} or {errors: {feature: message}}.
  Check.prototype.read = function () {
    var model = this.model, x = [], errors = {};
    for (var j = 0; j < model.features.length; j++) {
      var feature = model.features[j], el = this.field(feature);
      if (model.continuous.indexOf(feature) >= 0) {
        var text = el.value.trim().replace(",", ".");
        var ok = /^-?[0-9]+(\.[0-9]+)?$/.test(text);
        var v = ok ? Number(text) : NaN;
        if (!ok) {
          errors[feature] = text === "" ? "Bitte die Zahl der Jahre angeben (0 bis 100)."
            : "Bitte eine Zahl eingeben, etwa 4 oder 2,5 (Jahre seit der Gründung, 0 bis 100).";
        } else if (v < 0) {
          errors[feature] = "Bitte keine negative Zahl eingeben: Jahre seit der Gründung, 0 bis 100.";
        } else if (v > 100) {
          errors[feature] = "Bitte höchstens 100 Jahre angeben.";
        }
        x.push(v);
      } else {
        x.push(el.checked ? 1 : 0);
      }
    }
    return Object.keys(errors).length ? {errors: errors} : {x: x};
  };

  Check.prototype.showErrors = function (errors) {
    var model = this.model;
    for (var j = 0; j < model.features.length; j++) {
      var feature = model.features[j], el = this.field(feature);
      var note = this.root.querySelector("#kmunetz-netcheck-error-" + feature);
      if (!note) { continue; }
      if (errors[feature]) {
        note.textContent = errors[feature];
        note.hidden = false;
        el.setAttribute("aria-invalid", "true");
      } else {
        note.textContent = "";
        note.hidden = true;
        el.removeAttribute("aria-invalid");
      }
    }
  };

  Check.prototype.encode = function () {
    var model = this.model, parts = [];
    for (var j = 0; j < model.features.length; j++) {
      var feature = model.features[j], el = this.field(feature);
      var value = model.continuous.indexOf(feature) >= 0 ? el.value.trim() : (el.checked ? "1" : "0");
      parts.push(feature + "=" + encodeURIComponent(value));
    }
    return "#" + parts.join("&");
  };

  Check.prototype.restore = function (hash) {
    var model = this.model, values = {};
    (hash || "").replace(/^#/, "").split("&").forEach(function (pair) {
      var i = pair.indexOf("=");
      if (i > 0) {
        try { values[pair.slice(0, i)] = decodeURIComponent(pair.slice(i + 1)); } catch (e) { /* left as is */ }
      }
    });
    var known = model.features.some(function (f) { return f in values; });
    for (var j = 0; j < model.features.length && known; j++) {
      var feature = model.features[j], el = this.field(feature);
      if (!(feature in values)) { continue; }
      if (model.continuous.indexOf(feature) >= 0) { el.value = values[feature]; }
      else { el.checked = values[feature] === "1" || values[feature] === "true"; }
    }
    this.update(false);
  };

  Check.prototype.mark = function (m) {
    var id = "kmunetz-netcheck-tip-" + (++this.tipCounter);
    var lines = m.details.map(function (d) {
      return '<span class="kmunetz-tip-line">' + escapeHtml(d).replace(/`([^`]+)`/g, "<code>$1</code>") + "</span>";
    }).join("");
    return '<sup class="kmunetz-mark" aria-hidden="true">' + escapeHtml(m.mark) + "</sup>" +
      '<span class="kmunetz-sr"> (' + escapeHtml(m.label) + ")</span>" +
      '<span class="kmunetz-tip" role="tooltip" id="' + id + '"><span class="kmunetz-tip-class">' +
      escapeHtml(m.label) + "</span>" + lines + "</span>";
  };

  // One number with its provenance mark (the estimate's unless another mark is given).
  Check.prototype.value = function (text, name, raw, m) {
    m = m || this.model.mark;
    var id = "kmunetz-netcheck-tip-" + (this.tipCounter + 1);
    return '<span class="kmunetz-value kmunetz-' + escapeHtml(m.kind) + ' kmunetz-short" tabindex="0" ' +
      'data-provenance="' + escapeHtml(m.kind) + '" aria-describedby="' + id + '" data-name="' + name + '"' +
      ' data-raw="' + raw + '">' + '<span class="kmunetz-netcheck-number">' + text + "</span>" + this.mark(m) + "</span>";
  };

  Check.prototype.status = function (feature, value, average, direction) {
    if (this.model.continuous.indexOf(feature) >= 0) {
      if (value === average) { return "so lang wie der Durchschnitt"; }
      var longer = value > average;
      if (direction > 0) { return longer ? "länger als der Durchschnitt (günstig)" : "kürzer als der Durchschnitt"; }
      return longer ? "länger als der Durchschnitt (ungünstig)" : "kürzer als der Durchschnitt (günstig)";
    }
    if (direction > 0) { return value ? "vorhanden (günstig)" : "fehlt"; }
    return value ? "vorhanden (ungünstig)" : "nicht vorhanden (günstig)";
  };

  Check.prototype.chart = function (rows) {
    var model = this.model, width = 740, left = 350, right = 16, rowH = 34, top = model.assumed ? 26 : 8, axisH = 46;
    var height = top + rows.length * rowH + axisH;
    var lo = Math.min(0, Math.min.apply(null, rows.map(function (r) { return r.lower; })));
    var hi = Math.max(0, Math.max.apply(null, rows.map(function (r) { return r.upper; })));
    var span = hi - lo || 1, step = [1, 2, 5, 10, 20, 50].find(function (s) { return span / s <= 8; }) || 100;
    lo = Math.floor(lo / step) * step; hi = Math.ceil(hi / step) * step;
    function X(v) { return left + (v - lo) / (hi - lo) * (width - left - right); }
    var out = ['<svg class="kmunetz-netcheck-chart" viewBox="0 0 ' + width + " " + height + '" role="img" ' +
      'aria-labelledby="kmunetz-netcheck-chart-title" xmlns="http://www.w3.org/2000/svg">',
      '<title id="kmunetz-netcheck-chart-title">' + escapeHtml(
        "Horizontale Balken, Beitrag jedes Merkmals zum Abstand vom durchschnittlichen Netzwerk: " +
        rows.map(function (r) { return r.shown + " " + number(r.value, 1) + " Prozentpunkte"; }).join("; ") + ".") +
      "</title>"];
    for (var t = lo; t <= hi + 1e-9; t += step) {
      out.push('<line x1="' + X(t) + '" x2="' + X(t) + '" y1="' + top + '" y2="' + (height - axisH) +
        '" class="grid"/><text x="' + X(t) + '" y="' + (height - axisH + 16) + '" text-anchor="middle">' +
        number(t, 0) + "</text>");
    }
    rows.forEach(function (r, i) {
      var y = top + i * rowH, x0 = X(Math.min(0, r.value)), x1 = X(Math.max(0, r.value));
      var cls = (r.value >= 0 ? "up" : "down") + (r.distinguishable ? "" : " pale");
      out.push('<text x="' + (left - 8) + '" y="' + (y + rowH / 2 - 3) + '" text-anchor="end">' + escapeHtml(r.name) +
        '<tspan class="status" x="' + (left - 8) + '" dy="14">' + escapeHtml(r.status) + "</tspan></text>");
      out.push('<rect class="' + cls + '" x="' + x0 + '" y="' + (y + 4) + '" width="' + Math.max(0.5, x1 - x0) +
        '" height="' + (rowH - 8) + '"/>');
      out.push('<line class="err" x1="' + X(r.lower) + '" x2="' + X(r.upper) + '" y1="' + (y + rowH / 2) + '" y2="' +
        (y + rowH / 2) + '"/>');
    });
    if (model.assumed) {
      out.push('<text class="stamp" x="' + (width - right) + '" y="14" text-anchor="end">Werte angenommen, keine ' +
        "Befunde der Studie</text>");
    }
    out.push('<line class="zero" x1="' + X(0) + '" x2="' + X(0) + '" y1="' + top + '" y2="' + (height - axisH) + '"/>');
    out.push('<text x="' + ((left + width - right) / 2) + '" y="' + (height - 8) + '" text-anchor="middle">' +
      "Beitrag zum Abstand vom Durchschnitt (Prozentpunkte)</text></svg>");
    return out.join("");
  };

  // Announce to screen readers once the reader pauses, not at every keystroke.
  Check.prototype.announce = function (text) {
    var live = this.live;
    window.clearTimeout(this.announceTimer);
    this.announceTimer = window.setTimeout(function () { live.textContent = text; }, 400);
  };

  Check.prototype.update = function (write) {
    var read = this.read();
    this.showErrors(read.errors || {});
    if (write && window.history && window.history.replaceState) {  // the address always holds what is shown
      try { window.history.replaceState(null, "", this.encode()); } catch (e) { window.location.hash = this.encode(); }
    }
    if (read.errors) {
      this.result.innerHTML = '<p class="kmunetz-netcheck-invalid">Kein Ergebnis: Bitte die markierte Angabe ' +
        "korrigieren.</p>";
      this.announce("Kein Ergebnis: Eine Angabe ist ungültig.");
      return;
    }
    var model = this.model, x = read.x, r = assess(model, x), self = this;
    this.tipCounter = 0;
    var dec = model.decimals, verdict = model.verdicts[r.gapLower > 0 ? "über"
      : r.gapUpper < 0 ? "unter" : "nicht unterscheidbar"];
    var rows = model.features.map(function (feature, j) {
      var st = self.status(feature, x[j], model.averages[j], model.directions[j]);
      return {feature: feature, name: model.names[j], label: model.labels[j], status: st, shown: model.names[j] + ": " + st,
        direction: model.directions[j],
        value: r.contribution[j], lower: r.contributionLower[j], upper: r.contributionUpper[j],
        distinguishable: r.contributionLower[j] > 0 || r.contributionUpper[j] < 0};
    });
    var ordered = rows.slice().sort(function (a, b) { return b.value - a.value; });
    var html = [];
    html.push('<p class="kmunetz-netcheck-summary">Geschätzte Wahrscheinlichkeit, aktive KMU zu haben: ' +
      this.value(percent(r.probability, dec), "probability", r.probability) + " (" + escapeHtml(model.confidence_label) +
      ": " + this.value(interval(100 * r.lower, 100 * r.upper, dec, "%"), "interval", r.lower + " " + r.upper) +
      "). Durchschnitt (Anteil der Netzwerke mit aktiven KMU im Datensatz): " +
      this.value(percent(r.average, model.average_decimals), "average", r.average, model.average_mark) +
      ". Abstand: " + this.value(number(r.gap, dec) + NBSP + "Prozentpunkte", "gap", r.gap) + " (" +
      this.value(interval(r.gapLower, r.gapUpper, dec, "Prozentpunkte"), "gap-interval", r.gapLower + " " + r.gapUpper) +
      "); das Netzwerk " + verdict + ".</p>");
    html.push('<p class="kmunetz-netcheck-basis">' + escapeHtml(model.basis) + " " + escapeHtml(model.caution) +
      (model.model_note ? " " + escapeHtml(model.model_note) : "") + "</p>");
    var yearsAt = model.features.indexOf("years_since_founding"), years = x[yearsAt];
    var range = model.years_range, outside = years < range[0] || years > range[1];
    html.push('<p class="kmunetz-netcheck-years-note">Dauer des Bestehens im Datensatz: im Mittel ' +
      this.value(number(model.averages[yearsAt], 1) + NBSP + "Jahre", "years-average", model.averages[yearsAt]) +
      ", von " + number(range[0], 0) + " bis " + number(range[1], 0) + NBSP + "Jahren" + (outside
        ? ". Ihre Angabe liegt außerhalb dieser Spanne: Dort schreibt das Modell den Zusammenhang nur fort, und " +
          "das Ergebnis ist entsprechend unsicher."
        : ".") + "</p>");
    html.push(this.chart(ordered));
    html.push('<p class="kmunetz-netcheck-legend">Balken: Beitrag jedes Merkmals zum Abstand vom Durchschnitt ' +
      "(Shapley-Werte; sie addieren sich zum Abstand). Blau erhöht die geschätzte Wahrscheinlichkeit, orange senkt " +
      "sie; blass: von null nicht zu unterscheiden; Linie: " + escapeHtml(model.confidence_label) + ".</p>");
    html.push('<table class="kmunetz-netcheck-table"><caption>Beitrag jedes Merkmals in Prozentpunkten, mit ' +
      escapeHtml(model.confidence_label_short) + "</caption><thead><tr><th scope=\"col\">Merkmal</th>" +
      '<th scope="col">Richtung laut Studie</th><th scope="col">Status</th><th scope="col">Beitrag</th><th scope="col">' +
      escapeHtml(model.confidence_label_short) + "</th></tr></thead><tbody>" +
      ordered.map(function (row) {
        return '<tr data-feature="' + row.feature + '" data-contribution="' + row.value + '" data-lower="' + row.lower +
          '" data-upper="' + row.upper + '"><td>' + escapeHtml(row.label) + "</td><td>" +
          (row.direction > 0 ? "häufiger aktive KMU" : "seltener aktive KMU") + "</td><td>" + escapeHtml(row.status) +
          "</td><td>" + number(row.value, 1) + "</td><td>" + interval(row.lower, row.upper, 1, "") + "</td></tr>";
      }).join("") + "</tbody></table>");
    var groups = model.status_order.map(function (st) {
      var names = rows.filter(function (row) { return row.status === st; }).map(function (row) { return row.name; });
      return names.length ? "<li><strong>" + escapeHtml(st.charAt(0).toUpperCase() + st.slice(1)) + ":</strong> " +
        escapeHtml(germanList(names)) + "</li>" : "";
    }).join("");
    // advice only where the feature is missing or unfavourable and its contribution lies below zero
    // (as kmunetz.netcheck.advice); where the interval includes zero, one sentence says the data cannot tell
    var missing = rows.filter(function (row) { return model.needs_attention.indexOf(row.status) >= 0; });
    var attention = missing.filter(function (row) { return row.upper < 0; });
    var unclear = missing.filter(function (row) { return row.lower <= 0 && row.upper >= 0; }).map(function (row) {
      return "\u201e" + row.name + "\u201c";
    });
    var undecided = unclear.length ? "<p class=\"kmunetz-netcheck-undecided\">" + escapeHtml(
      model[unclear.length === 1 ? "undecided_one" : "undecided_many"].replace("{names}", germanList(unclear))) +
      "</p>" : "";
    html.push("<h3>Ihr Netzwerk: was vorhanden ist und was fehlt</h3><ul>" + groups + "</ul>" + undecided);
    ["studie", "buch"].forEach(function (source) {
      var items = [];
      attention.forEach(function (row) {
        (model.advice[row.feature] || []).forEach(function (a) {
          if (a.source !== source) { return; }
          var chapter = a.chapter && (self.titles[a.chapter] || {href: a.chapter + ".html", title: a.chapter});
          var see = chapter ? ' (siehe <a href="' + escapeHtml(chapter.href) + '">' + escapeHtml(chapter.title) + "</a>)" : "";
          items.push("<li><em>" + escapeHtml(row.name) + "</em> (" + escapeHtml(row.status.replace(" (", ", ").replace(/\)$/, "")) +
            ") – " + escapeHtml(a.text.replace(/\.$/, "")) + see + ".</li>");
        });
      });
      var head = source === "studie" ? "Ihr Netzwerk: Empfehlungen der Studie, die ansetzen"
        : "Ihr Netzwerk: Hinweise dieses Buchs";
      if (attention.length === 0 && source === "buch") { return; }  // said once is enough
      var lead = source === "studie" ? model.lead_study : model.lead_book;
      var none = missing.length === 0 ? model.none_missing : attention.length === 0 ? model.none_clear : null;
      html.push('<h3>' + head + "</h3>" + (none ? "<p>" + escapeHtml(none) + "</p>"
        : items.length ? "<p>" + escapeHtml(lead) + "</p><ul>" + items.join("") + "</ul>"
        : "<p>" + escapeHtml(source === "studie" ? model.none_study : model.none_book) + "</p>"));
    });
    this.result.innerHTML = html.join("");
    this.announce("Ergebnis" + (model.assumed ? ", mit angenommenen Effektstärken" : "") + ": geschätzte " +
      "Wahrscheinlichkeit, aktive KMU zu haben, " + percent(r.probability, dec) + ", " + model.confidence_label + " " +
      interval(100 * r.lower, 100 * r.upper, dec, "%") + "; Durchschnitt " + percent(r.average, model.average_decimals) +
      "; das Netzwerk " + verdict + ".");
  };

  function start() {
    document.querySelectorAll(".kmunetz-netcheck").forEach(function (root) {
      if (!root.querySelector("script.kmunetz-netcheck-model")) { return; }
      try { root.kmunetzCheck = new Check(root); } catch (e) {
        var out = root.querySelector(".kmunetz-netcheck-result");
        if (out) { out.textContent = "Das Formular konnte nicht rechnen: " + e.message; }
      }
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
