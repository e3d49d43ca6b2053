// The viewer page: /demo/room.html?room=r1[&token=<user token>][&transport=auto|websocket|polling][&cursor=0]
// Polling as a guest, it follows the room's slices when the node offers them (through the client).
import { Category, Priority, RoomcastClient, payloadOf } from "../../src/index.js";

const params = new URLSearchParams(location.search);
const room = params.get("room") || "r1";
const $ = (id) => document.getElementById(id);
const TOASTS_SHOWN = 3;
const TOAST_MS = 8000;
const CHAT_LINES = 200;

$("room-name").textContent = room;
document.title = `roomcast: ${room}`;

const client = new RoomcastClient({
  room,
  token: params.get("token") ?? "",
  transport: params.get("transport") ?? "auto",
  cursor: params.get("cursor"),
});

// The last connection events, for the console (and the browser tests' failure messages).
const events = [];
window.roomcastEvents = events;
const note = (type) => (e) => {
  events.push(`${new Date().toISOString().slice(11, 23)} ${type} ${JSON.stringify(e, (k, v) => (typeof v === "bigint" ? String(v) : v))}`);
  if (events.length > 50) events.shift();
};
["status", "welcome", "error", "goaway"].forEach((type) => client.on(type, note(type)));
client.on("block", (b) => note("block")({ messages: b.messages.length, cursor: b.cursor, transport: b.transport }));

client.on("status", ({ status, transport }) => {
  const badge = $("connection");
  badge.dataset.status = status;
  badge.dataset.transport = transport ?? "";
  badge.textContent = transport && status !== "polling" ? `${status} (${transport})` : status;
});

let delivered = 0;
const skipped = { priority: 0, age: 0, budget: 0, superseded: 0 };
client.on("block", (block) => {
  delivered += block.messages.length;
  for (const reason of Object.keys(skipped)) skipped[reason] += block.skipped[reason] ?? 0;
  $("delivered").textContent = delivered;
  for (const reason of Object.keys(skipped)) $(`skipped-${reason}`).textContent = skipped[reason];
  $("cursor").textContent = client.cursor ?? (client.slice !== null ? `slice ${client.slice}` : "");
});

client.on("message", (m) => {
  if (m.stateKey) return; // state messages drive the PK bar
  if (m.category === Category.GIFT) toast(m);
  else chat(m);
});

client.on("state", ({ key, version, message }) => {
  if (key !== "pk.score") return;
  const score = payloadOf(message) ?? {};
  const red = Number(score.red ?? 0);
  const blue = Number(score.blue ?? 0);
  $("pk-red").textContent = red;
  $("pk-blue").textContent = blue;
  $("pk-version").textContent = `v${version}`;
  $("pk-red-bar").style.width = `${red + blue > 0 ? (100 * red) / (red + blue) : 50}%`;
});

function text(m) {
  try {
    const p = payloadOf(m);
    return typeof p === "object" && p !== null ? p.text ?? p.gift ?? JSON.stringify(p) : String(p);
  } catch {
    return "(binary)";
  }
}

function chat(m) {
  const li = document.createElement("li");
  li.dataset.id = m.id;
  li.dataset.priority = m.priority;
  if (m.category === Category.NOTIFY) li.className = "notify";
  const sender = document.createElement("span");
  sender.className = "sender";
  sender.textContent = m.senderId || "system";
  const body = document.createElement("span");
  body.className = "text";
  body.textContent = text(m);
  li.append(sender, body);
  const list = $("chat");
  list.append(li);
  while (list.children.length > CHAT_LINES) list.firstElementChild.remove();
  list.scrollTop = list.scrollHeight;
}

// Gift toasts: at most TOASTS_SHOWN on screen, the most important first; the rest wait in a
// queue ordered by priority (then position), so a rocket is never hidden behind a rose.
const queue = [];
const shown = [];
const order = (a, b) => b.priority - a.priority || (a.cursorSeq < b.cursorSeq ? -1 : a.cursorSeq > b.cursorSeq ? 1 : 0);

function toast(m) {
  queue.push(m);
  queue.sort(order);
  render();
}

function render() {
  while (shown.length < TOASTS_SHOWN && queue.length) {
    const m = queue.shift();
    shown.push(m);
    setTimeout(() => {
      shown.splice(shown.indexOf(m), 1);
      render();
    }, TOAST_MS);
  }
  shown.sort(order);
  const list = $("toasts");
  list.replaceChildren(...shown.map((m) => {
    const li = document.createElement("li");
    li.className = "toast";
    li.dataset.id = m.id;
    li.dataset.priority = m.priority;
    li.textContent = `${m.senderId || "someone"} sent ${text(m)}${m.giftValue ? ` (${m.giftValue} coins)` : ""} · ${Priority[m.priority]}`;
    return li;
  }));
  list.dataset.waiting = queue.length;
}

client.start();
window.roomcast = client; // for the console and the browser tests
