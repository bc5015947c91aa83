// Chart.js in the reader's language (docs/FIGURES.md): numbers, money (₽), percents and dates
// through Intl in the page's <html lang>, reading like smm_platform/formatting.py on the server
// (ru: 160 000 · 1 007,50 ₽ · 73,5 % · 03.11.2026; en: 160,000 · ₽1,007.50 · 73.5% · Nov 3, 2026).
// Value axes start at zero (a chart never shows a made-up −1…1 axis); a chart without data is
// not drawn at all: the page shows "No data for this period" in its place (includes/chart_empty.html).
// Load after vendor/chart/chart.umd.min.js; pages call SmmCharts.draw(canvas, config).
(function () {
  "use strict";
  const lang = (document.documentElement.lang || "ru").toLowerCase().startsWith("ru") ? "ru" : "en";
  const cache = {};

  function numberFormat(key, options) {
    if (!cache[key]) cache[key] = new Intl.NumberFormat(lang, options);
    return cache[key];
  }

  function money(places) {
    return {
      style: "currency",
      currency: "RUB",
      currencyDisplay: "narrowSymbol",
      minimumFractionDigits: places,
      maximumFractionDigits: places,
    };
  }

  // "2026-11-03" is a calendar day: build it in local time so no time zone moves it.
  function day(value) {
    const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(value));
    if (match) return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
    const parsed = new Date(value);
    return isNaN(parsed) ? null : parsed;
  }

  const DAY = lang === "ru" ? { day: "2-digit", month: "2-digit" } : { month: "short", day: "numeric" };
  const FULL_DAY =
    lang === "ru"
      ? { day: "2-digit", month: "2-digit", year: "numeric" }
      : { month: "short", day: "numeric", year: "numeric" };
  // Moments (an hour of an incident) in the page's time zone (<html data-time-zone>, the server's
  // active zone, as fmt_datetime shows the posts next to the chart), not the browser's. Calendar
  // days above stay zone-free.
  const timeZone = document.documentElement.getAttribute("data-time-zone") || undefined;
  const HOUR = Object.assign({ hour: "2-digit", minute: "2-digit", timeZone: timeZone }, DAY);

  const formats = {
    int: function (v) { return numberFormat("int", { maximumFractionDigits: 0 }).format(v); },
    number: function (v) { return numberFormat("number", { maximumFractionDigits: 2 }).format(v); },
    money: function (v) { return numberFormat("money", money(2)).format(v); },
    // axis ticks of money: whole roubles (160 000 ₽)
    moneyTick: function (v) { return numberFormat("moneyTick", money(0)).format(v); },
    // values arrive in percent already (73.5 means 73.5 %)
    percent: function (v) {
      return numberFormat("percent", { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(v / 100);
    },
    day: function (v) {
      const d = day(v);
      return d ? new Intl.DateTimeFormat(lang, DAY).format(d) : String(v);
    },
    fullDay: function (v) {
      const d = day(v);
      return d ? new Intl.DateTimeFormat(lang, FULL_DAY).format(d) : String(v);
    },
    hour: function (v) {
      const d = new Date(v);
      return isNaN(d) ? String(v) : new Intl.DateTimeFormat(lang, HOUR).format(d);
    },
  };

  function format(kind, value) {
    if (value === null || value === undefined || value === "") return "—";
    const formatter = formats[kind] || formats.number;
    return kind === "day" || kind === "fullDay" || kind === "hour" ? formatter(value) : formatter(Number(value));
  }

  // A value axis of a kind: starts at zero, ticks in the reader's format (counts: whole numbers).
  function valueAxis(kind, extra) {
    const tickKind = kind === "money" ? "moneyTick" : kind;
    const axis = {
      beginAtZero: true,
      ticks: {
        callback: function (value) { return format(tickKind, value); },
      },
    };
    if (kind === "int") axis.ticks.precision = 0;
    return Object.assign(axis, extra || {});
  }

  // A category axis of calendar days ("2026-11-03" labels).
  function dayAxis(extra) {
    return Object.assign(
      {
        ticks: {
          callback: function (value) { return format("day", this.getLabelForValue(value)); },
        },
      },
      extra || {}
    );
  }

  // Tooltips: each dataset's value in its own kind (``dataset.format``: int, money, percent, number),
  // titles of day axes as full dates.
  function tooltip(options) {
    const days = options && options.days;
    const valueAxisName = (options && options.valueAxis) || "y";
    return {
      callbacks: {
        title: function (items) {
          if (!items.length) return "";
          return days ? format("fullDay", items[0].label) : items[0].label;
        },
        label: function (context) {
          const kind = context.dataset.format || "number";
          const parsed = context.parsed || {};
          const value = typeof parsed === "object" ? parsed[valueAxisName] : parsed;
          const name = context.dataset.label;
          return (name ? name + ": " : "") + format(kind, value);
        },
      },
    };
  }

  function draw(canvas, config) {
    if (!canvas || typeof window.Chart === "undefined") return null;
    window.Chart.defaults.locale = lang;
    return new window.Chart(canvas, config);
  }

  window.SmmCharts = {
    lang: lang,
    format: format,
    valueAxis: valueAxis,
    dayAxis: dayAxis,
    tooltip: tooltip,
    draw: draw,
  };
})();
