// zhfix page: send text or a file to the API, show every change, let the reader keep or
// reject each one.  Plain JS, no build step, no outside resources.
"use strict";

const LOW = 0.9; // changes less sure than this stand out
const $ = (id) => document.getElementById(id);
const state = {
  source: "",       // the text the changes' offsets refer to
  payload: null,    // the API's answer
  changes: [],      // changes with offsets (text input); empty for PDFs
  rejected: new Set(),
  tree: [],         // top-level change nodes, in text order
  marks: [],        // [node, element] of the repaired pane, in order
  current: -1,      // index into marks of the roving focus
  pdf: null,        // the uploaded PDF File, to ask for the repaired copy
  name: "text",
};

// ---- the same replay as zhfix.apply_changes -------------------------------------------
function order(a, b) {
  return a.c.start - b.c.start || (a.c.start < a.c.end) - (b.c.start < b.c.end) ||
    b.c.end - a.c.end || a.i - b.i;
}
function covers(outer, inner) {
  if (inner.start === inner.end) return outer.start < inner.start && inner.start < outer.end;
  return outer.start <= inner.start && inner.end <= outer.end;
}
// Nodes: {c, i, children}; a change covered by another is its child, and of two changes of
// one span the later (the later step) is the parent.
function buildTree(changes) {
  const items = changes.map((c, i) => ({ c, i, children: [] })).sort(order);
  const top = [];
  for (const node of items) {
    const last = top[top.length - 1];
    if (last && covers(last.c, node.c)) {
      if (last.c.start === node.c.start && last.c.end === node.c.end) {
        node.children = [last];
        top[top.length - 1] = node;
      } else {
        addChild(last, node);
      }
    } else {
      top.push(node);
    }
  }
  return top;
}
function addChild(parent, node) {
  const last = parent.children[parent.children.length - 1];
  if (last && covers(last.c, node.c)) addChild(last, node);
  else parent.children.push(node);
}
// What a span of the source becomes: accepted nodes give their `after`, rejected ones
// what their children make of the source.
function replay(nodes, start, end) {
  let out = "", pos = start;
  for (const n of nodes) {
    out += state.source.slice(pos, n.c.start);
    out += state.rejected.has(n.i) ? replay(n.children, n.c.start, n.c.end) : n.c.after;
    pos = n.c.end;
  }
  return out + state.source.slice(pos, end);
}
function currentText() {
  if (!state.changes.length) return state.payload ? state.payload.text : "";
  return replay(state.tree, 0, state.source.length);
}

// ---- rendering ------------------------------------------------------------------------
function visible(s) {
  return s.replace(/\n/g, "⏎").replace(/\u3000/g, "□").replace(/ /g, "␣") || "∅";
}
function isLow(c) { return c.confidence < LOW; }
function markFor(node, original) {
  const c = node.c;
  const el = document.createElement("mark");
  const rejected = state.rejected.has(node.i);
  el.className = "chg" + (c.step === "layout" ? " layout" : "") + (isLow(c) ? " low" : "") +
    (rejected ? " rejected" : "");
  el.dataset.i = node.i;
  const shown = original ? state.source.slice(c.start, c.end) :
    rejected ? replay(node.children, c.start, c.end) : c.after;
  if (shown === "" || /^\s+$/.test(shown)) {
    el.classList.add("gap");
    el.appendChild(document.createTextNode(shown));
  } else {
    el.textContent = shown;
  }
  if (!original) {
    el.tabIndex = -1;
    el.setAttribute("aria-label", label(c, rejected));
  }
  return el;
}
function label(c, rejected) {
  return `${visible(c.before)} → ${visible(c.after)}，${c.reason}，置信度 confidence ` +
    `${pct(c.confidence)}${isLow(c) ? "，低置信 low confidence" : ""}` +
    (rejected ? "，已拒绝 rejected" : "");
}
function pct(x) { return (100 * x).toFixed(x > 0.999 ? 2 : 1) + "%"; }

function render() {
  const repaired = $("text-repaired"), original = $("text-original");
  repaired.textContent = "";
  original.textContent = "";
  state.marks = [];
  if (!state.changes.length) {
    repaired.textContent = state.payload.text;
    original.textContent = state.source || "（PDF：原文见原文件 the original is the PDF itself）";
  } else {
    let pos = 0;
    for (const node of state.tree) {
      repaired.appendChild(document.createTextNode(state.source.slice(pos, node.c.start)));
      original.appendChild(document.createTextNode(state.source.slice(pos, node.c.start)));
      const el = markFor(node, false);
      repaired.appendChild(el);
      original.appendChild(markFor(node, true));
      state.marks.push([node, el]);
      pos = node.c.end;
    }
    repaired.appendChild(document.createTextNode(state.source.slice(pos)));
    original.appendChild(document.createTextNode(state.source.slice(pos)));
  }
  if (state.marks.length) {
    state.current = Math.min(Math.max(state.current, 0), state.marks.length - 1);
    state.marks[state.current][1].tabIndex = 0;
  }
  const low = state.changes.filter(isLow).length;
  $("count").textContent = state.changes.length ?
    `${state.changes.length} 处修改 changes · ${low} 处低置信 low confidence · ` +
    `${state.rejected.size} 处已拒绝 rejected` : "";
  $("nav").hidden = $("hint").hidden = !state.changes.length;
}

// ---- the explanation tooltip and keyboard use -------------------------------------------
function showTip(el) {
  const c = state.changes[+el.dataset.i];
  const tip = $("tip");
  const rejected = state.rejected.has(+el.dataset.i);
  tip.innerHTML = "";
  const line = (cls, text) => {
    const p = document.createElement("p");
    p.className = cls;
    p.textContent = text;
    tip.appendChild(p);
  };
  line("fromto", `${visible(c.before)} → ${visible(c.after)}`);
  line("reason", c.reason);
  line("conf" + (isLow(c) ? " low" : ""),
    `置信度 confidence ${pct(c.confidence)}` + (isLow(c) ? " · 低置信，请核对 low, please check" : ""));
  line("act", rejected ? "已拒绝 · Enter 恢复 (rejected; Enter restores)" :
    "Enter 拒绝此修改 (Enter rejects this change)");
  tip.hidden = false;
  document.querySelectorAll("mark.active").forEach((m) => m.classList.remove("active"));
  el.classList.add("active");
  const box = el.getBoundingClientRect(), host = $("result").getBoundingClientRect();
  const width = Math.min(320, host.width - 8);
  tip.style.width = width + "px";
  let left = box.left - host.left;
  left = Math.max(4, Math.min(left, host.width - width - 4));
  tip.style.left = left + "px";
  tip.style.setProperty("--arrow", Math.max(8, Math.min(width - 16, box.left - host.left - left + box.width / 2 - 6)) + "px");
  tip.style.top = (box.bottom - host.top + 6) + "px";
  el.setAttribute("aria-describedby", "tip");
}
function hideTip() {
  $("tip").hidden = true;
  document.querySelectorAll("mark.active").forEach((m) => m.classList.remove("active"));
}

function focusMark(k) {
  if (!state.marks.length) return;
  k = (k + state.marks.length) % state.marks.length;
  state.marks[state.current][1].tabIndex = -1;
  state.current = k;
  const el = state.marks[k][1];
  el.tabIndex = 0;
  el.focus();
  el.scrollIntoView({ block: "nearest" });
}
function toggle(i) {
  if (state.rejected.has(i)) state.rejected.delete(i);
  else state.rejected.add(i);
  const k = state.current;
  render();
  updateDiff();
  focusMark(k);
}
function nextLow() {
  for (let step = 1; step <= state.marks.length; step++) {
    const k = (state.current + step) % state.marks.length;
    if (isLow(state.marks[k][0].c)) return focusMark(k);
  }
  status("没有低置信的修改 No low-confidence changes");
}

// ---- views ------------------------------------------------------------------------------
function updateDiff() {
  const view = document.querySelector('input[name="view"]:checked').value;
  $("pane-original").hidden = view === "repaired";
  $("pane-repaired").hidden = view === "original";
  $("pane-repaired").querySelector("h3").hidden = view !== "diff";
  $("panes").classList.toggle("diff", view === "diff");
}

// ---- talking to the API -----------------------------------------------------------------
function status(text, error) {
  const s = $("status");
  s.textContent = text;
  s.classList.toggle("error", !!error);
}
async function call(path, init) {
  const r = await fetch(path, init);
  const type = r.headers.get("content-type") || "";
  if (!r.ok) {
    const body = type.includes("json") ? await r.json() : { error: r.statusText };
    throw new Error(`${body.error || r.statusText} (HTTP ${r.status})`);
  }
  return type.includes("json") ? r.json() : r.blob();
}
function postJSON(path, body) {
  return call(path, { method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body) });
}
async function run() {
  const text = $("source").value;
  if (!text.trim()) { status("请先粘贴文本或选择文件 Paste a text or choose a file first", true); return; }
  const mode = document.querySelector('input[name="mode"]:checked').value;
  status("正在修复… Repairing…");
  try {
    const [payload, detection] = await Promise.all([
      postJSON("/api/" + mode, { text }), postJSON("/api/detect", { text })]);
    if (mode === "fix") payload.changes.forEach((c) => { c.step = "characters"; });
    show(text, payload, detection, null);
  } catch (e) {
    status("出错了 Error: " + e.message, true);
  }
}
function show(source, payload, detection, pdf) {
  state.source = source;
  state.payload = payload;
  state.pdf = pdf;
  state.changes = pdf ? [] : payload.changes;
  state.rejected = new Set();
  state.tree = buildTree(state.changes);
  state.current = 0;
  render();
  updateDiff();
  summary(detection, payload, pdf);
  $("save-pdf").hidden = !pdf;
  $("result").hidden = $("summary").hidden = false;
  const n = pdf ? payload.articles.length + " 篇文章 articles" : state.changes.length + " 处修改 changes";
  status(`完成 Done: ${n}`);
}
function summary(detection, payload, pdf) {
  const body = $("summary-body");
  body.textContent = "";
  const p = (text, cls) => {
    const el = document.createElement("p");
    el.textContent = text;
    if (cls) el.className = cls;
    body.appendChild(el);
  };
  if (pdf) {
    const glyphs = payload.changes.filter((c) => c.step === "glyphs");
    const model = payload.changes.filter((c) => c.step === "characters");
    p(`PDF「${state.name}」：第 ${payload.pages.join(", ")} 页 pages; ` +
      `${glyphs.length} 个字形映射按字形修复 glyph maps repaired from glyph evidence, ` +
      `${model.length} 处由语言模型判定 decided by the language model`, glyphs.length ? "damaged" : "clean");
    const fonts = {};
    glyphs.forEach((c) => { (fonts[c.font || c.evidence] = fonts[c.font || c.evidence] || []).push(`${c.before}→${c.after}`); });
    Object.keys(fonts).forEach((f) => p(`${f}: ${fonts[f].slice(0, 30).join(" ")}${fonts[f].length > 30 ? " …" : ""}`, "fonts"));
    if (payload.pages_without_text.length) p(`无文字层的页 pages without text: ${payload.pages_without_text.join(", ")}`);
  } else if (!detection.damaged) {
    p(`看起来没有损坏 Looks clean (${detection.length} 个字符 characters)`, "clean");
  } else {
    p(`已损坏 Damaged (${detection.length} 个字符 characters)`, "damaged");
    for (const f of detection.findings) {
      if (!f.count) continue;
      const first = f.regions.length ? f.regions[0][0] : 0;
      const line = state.source.slice(0, first).split("\n").length;
      p(`${f.description}: ${f.count} 处 to repair, 把握 confidence ${pct(f.confidence)}; ` +
        `${f.regions.length} 个区域 regions, 第一个在第 ${line} 行 the first at line ${line}`);
    }
  }
  const list = $("article-list");
  list.textContent = "";
  const articles = payload.articles || [];
  $("articles").hidden = articles.length === 0;
  for (const a of articles) {
    const li = document.createElement("li");
    const head = (a.headline && a.headline.length ? a.headline.join(" / ") : (a.paragraphs[0] || "").slice(0, 30) + "…");
    const bits = [a.dateline, day(a.date), a.pages ? "第 " + a.pages.join(", ") + " 页 p." : null].filter(Boolean);
    li.textContent = head + (bits.length ? "（" + bits.join(" · ") + "）" : "");
    list.appendChild(li);
  }
}

// "2020-06-06" as it is; a date the page gave without its year ("--06-06") as 6月6日.
function day(date) {
  const m = /^--(\d\d)-(\d\d)$/.exec(date || "");
  return m ? `${+m[1]}月${+m[2]}日` : date;
}

async function openFile(file) {
  if (!file) return;
  state.name = file.name.replace(/\.[^.]*$/, "") || "text";
  const form = new FormData();
  form.append("file", file);
  const isPdf = /\.pdf$/i.test(file.name) || file.type === "application/pdf";
  status(`正在读取 Reading ${file.name}…`);
  try {
    if (isPdf) {
      const payload = await call("/api/pdf", { method: "POST", body: form });
      $("source").value = "";
      show("", payload, null, file);
    } else {
      const decoded = await call("/api/decode", { method: "POST", body: form });
      $("source").value = decoded.text;
      status(`${decoded.name}: ${decoded.encoding}`);
      await run();
    }
  } catch (e) {
    status("出错了 Error: " + e.message, true);
  }
}

// ---- taking the result away ---------------------------------------------------------------
function download(blob, name) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}
function resultJSON() {
  const out = Object.assign({}, state.payload, { text: currentText() });
  if (state.changes.length) {
    out.changes = state.changes.filter((c, i) => !state.rejected.has(i));
    out.rejected = state.changes.filter((c, i) => state.rejected.has(i));
  }
  return JSON.stringify(out, null, 1);
}
async function copy() {
  const text = currentText();
  try {
    await navigator.clipboard.writeText(text);
  } catch (e) { // not a secure context: the old way
    const area = document.createElement("textarea");
    area.value = text;
    document.body.appendChild(area);
    area.select();
    document.execCommand("copy");
    area.remove();
  }
  status("已复制到剪贴板 Copied to the clipboard");
}
async function savePdf() {
  const form = new FormData();
  form.append("file", state.pdf);
  status("正在生成修复后的 PDF… Making the repaired PDF…");
  try {
    const blob = await call("/api/pdf", { method: "POST", body: form, headers: { Accept: "application/pdf" } });
    download(blob, state.name + "-repaired.pdf");
    status("已下载 Downloaded " + state.name + "-repaired.pdf");
  } catch (e) {
    status("出错了 Error: " + e.message, true);
  }
}

// ---- wiring -------------------------------------------------------------------------------
document.addEventListener("DOMContentLoaded", () => {
  $("run").addEventListener("click", run);
  $("source").addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); run(); }
  });
  $("file").addEventListener("change", (e) => openFile(e.target.files[0]));
  const drop = $("drop");
  ["dragenter", "dragover"].forEach((t) => drop.addEventListener(t, (e) => {
    e.preventDefault(); drop.classList.add("over");
  }));
  ["dragleave", "drop"].forEach((t) => drop.addEventListener(t, () => drop.classList.remove("over")));
  drop.addEventListener("drop", (e) => { e.preventDefault(); openFile(e.dataTransfer.files[0]); });
  document.querySelectorAll('input[name="view"]').forEach((r) => r.addEventListener("change", updateDiff));
  $("copy").addEventListener("click", copy);
  $("save-txt").addEventListener("click", () =>
    download(new Blob([currentText()], { type: "text/plain;charset=utf-8" }), state.name + "-repaired.txt"));
  $("save-json").addEventListener("click", () =>
    download(new Blob([resultJSON()], { type: "application/json" }), state.name + "-repaired.json"));
  $("save-pdf").addEventListener("click", savePdf);
  $("prev").addEventListener("click", () => focusMark(state.current - 1));
  $("next").addEventListener("click", () => focusMark(state.current + 1));
  $("next-low").addEventListener("click", nextLow);

  const text = $("text-repaired");
  text.addEventListener("mouseover", (e) => { const m = e.target.closest("mark"); if (m) showTip(m); });
  text.addEventListener("mouseout", (e) => { if (e.target.closest("mark") && document.activeElement !== e.target.closest("mark")) hideTip(); });
  text.addEventListener("focusin", (e) => {
    const m = e.target.closest("mark");
    if (!m) return;
    const k = state.marks.findIndex(([, el]) => el === m);
    if (k >= 0 && k !== state.current) { state.marks[state.current][1].tabIndex = -1; state.current = k; m.tabIndex = 0; }
    showTip(m);
  });
  text.addEventListener("focusout", hideTip);
  text.addEventListener("click", (e) => { const m = e.target.closest("mark"); if (m) toggle(+m.dataset.i); });
  text.addEventListener("keydown", (e) => {
    const m = e.target.closest("mark");
    if (!m) return;
    const keys = { ArrowRight: 1, ArrowDown: 1, n: 1, ArrowLeft: -1, ArrowUp: -1, p: -1 };
    if (e.key in keys) { e.preventDefault(); focusMark(state.current + keys[e.key]); }
    else if (e.key === "Enter" || e.key === " " || e.key === "Delete") { e.preventDefault(); toggle(+m.dataset.i); }
    else if (e.key === "Home") { e.preventDefault(); focusMark(0); }
    else if (e.key === "End") { e.preventDefault(); focusMark(state.marks.length - 1); }
    else if (e.key === "Escape") hideTip();
  });
});
