// The operations page: /ops#key=<API key> (or type the key). Polls /api/v1/ops every second and
// draws the last five minutes with uPlot (bundled into this file at build time).
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import "./ops.css";

const PERIOD_MS = 1000;
const POINTS = 300;
const $ = (id) => document.getElementById(id);

function apiKey() {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get("key");
  if (fromHash) {
    sessionStorage.setItem("roomcast.apiKey", fromHash);
    history.replaceState(null, "", location.pathname); // keep the key out of the address bar
  }
  return sessionStorage.getItem("roomcast.apiKey");
}

const series = { t: [], published: [], polls: [], processCpu: [], systemCpu: [], heap: [], connections: [] };
let last;

function chart(target, labels, colors) {
  return new uPlot({
    width: 380,
    height: 180,
    series: [{}, ...labels.map((label, i) => ({ label, stroke: colors[i], width: 2 }))],
    axes: [{ stroke: "#aaa" }, { stroke: "#aaa" }],
    legend: { show: true },
  }, [[]], target);
}

const charts = {
  rates: chart($("chart-rates"), ["published/s", "polls/s"], ["#f9ab00", "#8ab4f8"]),
  cpu: chart($("chart-cpu"), ["process", "system"], ["#d93025", "#81c995"]),
  memory: chart($("chart-memory"), ["heap MiB", "connections"], ["#c58af9", "#78d9ec"]),
};

const sum = (o) => Object.values(o ?? {}).reduce((a, b) => a + b, 0);

function rows(tbody, entries) {
  tbody.replaceChildren(...entries.map((cells) => {
    const tr = document.createElement("tr");
    for (const c of cells) {
      const td = document.createElement("td");
      td.textContent = c;
      tr.append(td);
    }
    return tr;
  }));
}

function show(s) {
  const polls = sum(s.polls);
  const published = s.published.accepted ?? 0;
  const dt = last ? (s.at - last.at) / 1000 : 0;
  const rate = (now, before) => (dt > 0 ? Math.max(0, now - before) / dt : 0);
  const pollsRate = last ? rate(polls, sum(last.polls)) : 0;
  const publishedRate = last ? rate(published, last.published.accepted ?? 0) : 0;
  last = s;

  $("cpu").textContent = `${(100 * s.node.processCpu).toFixed(1)} %`;
  $("heap").textContent = `${(s.node.heapUsed / 2 ** 20).toFixed(0)} / ${(s.node.heapMax / 2 ** 20).toFixed(0)} MiB`;
  $("connections").textContent = Object.entries(s.connections).map(([k, v]) => `${v} ${k}`).join(" · ") || "0";
  $("polls-rate").textContent = pollsRate.toFixed(1);
  $("published-rate").textContent = publishedRate.toFixed(1);
  $("published-total").textContent = published;

  rows($("rooms").tBodies[0], s.rooms.map((r) => [r.roomId, r.online, r.publishedPerSecond.toFixed(1), r.published, sum(r.discarded)]));
  rows($("discarded").tBodies[0], Object.entries(s.discarded).map(([reason, n]) => [reason, n]));
  rows($("skipped").tBodies[0], Object.entries(s.skipped).flatMap(([source, by]) => Object.entries(by).map(([reason, n]) => [`${source} · ${reason}`, n])));

  const push = (name, v) => {
    series[name].push(v);
    if (series[name].length > POINTS) series[name].shift();
  };
  push("t", s.at / 1000);
  push("published", publishedRate);
  push("polls", pollsRate);
  push("processCpu", 100 * s.node.processCpu);
  push("systemCpu", 100 * s.node.systemCpu);
  push("heap", s.node.heapUsed / 2 ** 20);
  push("connections", sum(s.connections));
  charts.rates.setData([series.t, series.published, series.polls]);
  charts.cpu.setData([series.t, series.processCpu, series.systemCpu]);
  charts.memory.setData([series.t, series.heap, series.connections]);
}

async function tick(key) {
  try {
    const answer = await fetch("/api/v1/ops", { headers: { Authorization: `Bearer ${key}` }, cache: "no-store" });
    if (answer.status === 401) {
      sessionStorage.removeItem("roomcast.apiKey");
      $("state").textContent = "the API key was refused";
      askForKey();
      return;
    }
    if (!answer.ok) throw new Error(`HTTP ${answer.status}`);
    show(await answer.json());
    $("state").textContent = `live · ${new Date().toLocaleTimeString()}`;
    $("state").dataset.live = "true";
  } catch (e) {
    $("state").textContent = `cannot reach the node: ${e.message}`;
    $("state").dataset.live = "false";
  }
  setTimeout(() => tick(key), PERIOD_MS);
}

function askForKey() {
  const form = $("key-form");
  form.hidden = false;
  form.onsubmit = (event) => {
    event.preventDefault();
    sessionStorage.setItem("roomcast.apiKey", $("key").value);
    form.hidden = true;
    tick($("key").value);
  };
}

const key = apiKey();
key ? tick(key) : askForKey();
