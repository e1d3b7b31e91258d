// The search box: a combobox over the version's index, which quire
// writes at build time (src/search/ in quire's source describes the
// files). Loaded by site.js when a reader first focuses a search box.
//
// Words are folded as the index folds them: lower case, accents
// dropped, split at anything that is not a letter or a digit, words of
// one character left out.

const MAX_RESULTS = 10;
const SNIPPET = 150;
const indexes = new Map();
let versionsList = null;
let uid = 0;

const fold = (text) => text.toLowerCase().normalize("NFD").replace(/\p{M}/gu, "").replace(/ς/g, "σ");
const WORD = /[\p{Alphabetic}\p{N}]+/gu;
const isWordChar = (c) => /[\p{Alphabetic}\p{N}]/u.test(c);

export function words(text) {
  const out = [];
  for (const match of fold(text).matchAll(WORD)) {
    const length = [...match[0]].length;
    if (length >= 2 && length <= 40 && !out.includes(match[0])) out.push(match[0]);
  }
  return out;
}

// The file a word's entry is in: see `shard` in src/search/tokens.rs.
export function shard(word) {
  const [a, b] = [...word];
  if (b === undefined) return "";
  if (/^[a-z0-9]$/.test(a) && /^[a-z0-9]$/.test(b)) return a + b;
  return "u" + ((a.codePointAt(0) * 31 + b.codePointAt(0)) % 251);
}

// Edit distance with transpositions, stopping early past `limit`.
function distance(a, b, limit) {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before = null;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      let d = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (before && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2] + 1);
      row.push(d);
      best = Math.min(best, d);
    }
    if (best > limit) return limit + 1;
    before = previous;
    previous = row;
  }
  return previous[b.length];
}

// One version's index: its manifest, then word and record files as asked.
class Index {
  constructor(url, label) {
    this.url = url;
    this.label = label;
    this.files = new Map();
    this.manifest = fetch(url, { cache: "no-cache" }).then((r) => {
      if (!r.ok) throw new Error(`${url}: ${r.status}`);
      return r.json();
    });
  }

  async file(path) {
    if (!this.files.has(path)) {
      const manifest = await this.manifest;
      const url = this.url.replace(/index\.json$/, `${manifest.id}/${path}`);
      this.files.set(path, fetch(url).then((r) => (r.ok ? r.json() : [])).catch(() => []));
    }
    return this.files.get(path);
  }

  // Records matching `term` (a word, or the start of one): id -> score.
  async matches(term) {
    const entries = await this.file(`w/${shard(term)}.json`);
    const found = new Map();
    let cut = false;
    const take = (entry, factor) => {
      const [, list, isCut] = entry;
      if (isCut) cut = true;
      let id = 0;
      for (let i = 0; i < list.length; i += 2) {
        id += list[i];
        const score = list[i + 1] * factor;
        if (!(found.get(id) >= score)) found.set(id, score);
      }
    };
    // Entries are sorted by word: the words starting with `term` follow
    // the first one not before it.
    let low = 0;
    let high = entries.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (entries[mid][0] < term) low = mid + 1;
      else high = mid;
    }
    for (let i = low; i < entries.length && entries[i][0].startsWith(term); i++) {
      take(entries[i], entries[i][0] === term ? 1 : 0.8);
    }
    // Nothing starts so: a typo past the first two letters.
    if (!found.size && [...term].length >= 4) {
      const limit = term.length >= 8 ? 2 : 1;
      for (const entry of entries) {
        const word = entry[0];
        if (distance(term, word, limit) <= limit || distance(term, word.slice(0, term.length), limit) <= limit) {
          take(entry, 0.5);
        }
      }
    }
    return { found, cut };
  }

  // The best records for `terms`: every term's (all but the common
  // words'), or else as many as can be.
  async search(terms) {
    const all = await Promise.all(terms.map((t) => this.matches(t)));
    const scores = new Map();
    const hits = new Map();
    for (const { found } of all) {
      for (const [id, score] of found) {
        scores.set(id, (scores.get(id) || 0) + score);
        hits.set(id, (hits.get(id) || 0) + 1);
      }
    }
    const required = all.filter((m) => !m.cut);
    let ids = [...scores.keys()].filter((id) => required.every((m) => m.found.has(id)));
    if (!ids.length || (required.length === 0 && terms.length > 1)) {
      ids = [...scores.keys()].filter((id) => hits.get(id) === Math.max(...hits.values()));
    }
    ids.sort((a, b) => scores.get(b) - scores.get(a) || a - b);
    const manifest = await this.manifest;
    return Promise.all(
      ids.slice(0, MAX_RESULTS).map(async (id) => {
        const chunk = await this.file(`r/${Math.floor(id / manifest.chunk)}.json`);
        const [href, title, trail, text] = chunk[id % manifest.chunk] || ["", "", "", ""];
        return { href, title, trail, text, score: scores.get(id), version: this.label };
      })
    );
  }
}

function indexFor(url, label) {
  if (!indexes.has(url)) indexes.set(url, new Index(url, label));
  return indexes.get(url);
}

// `text` as nodes, with each word starting with one of `terms` marked.
function marked(text, terms) {
  const fragment = document.createDocumentFragment();
  let plain = "";
  let at = 0;
  const chars = [...text];
  while (at < chars.length) {
    const startsWord = at === 0 || !isWordChar(chars[at - 1]);
    let length = 0;
    if (startsWord && isWordChar(chars[at])) {
      let end = at;
      while (end < chars.length && isWordChar(chars[end])) end++;
      const word = fold(chars.slice(at, end).join(""));
      if (terms.some((t) => word.startsWith(t))) length = end - at;
    }
    if (length) {
      if (plain) fragment.append(plain);
      plain = "";
      const mark = document.createElement("mark");
      mark.textContent = chars.slice(at, at + length).join("");
      fragment.append(mark);
      at += length;
    } else {
      plain += chars[at];
      at += 1;
    }
  }
  if (plain) fragment.append(plain);
  return fragment;
}

// Up to SNIPPET characters of `text` around its first match.
function snippet(text, terms) {
  const chars = [...text];
  let first = -1;
  for (let i = 0; i < chars.length && first < 0; i++) {
    if ((i === 0 || !isWordChar(chars[i - 1])) && isWordChar(chars[i])) {
      const rest = fold(chars.slice(i, i + 45).join(""));
      if (terms.some((t) => rest.startsWith(t))) first = i;
    }
  }
  if (chars.length <= SNIPPET) return text;
  const from = Math.max(0, Math.min(first - 40, chars.length - SNIPPET));
  const cut = chars.slice(from, from + SNIPPET).join("");
  return (from > 0 ? "…" : "") + cut + (from + SNIPPET < chars.length ? "…" : "");
}

async function versions(form) {
  if (!versionsList) {
    versionsList = fetch(form.dataset.versions, { cache: "no-cache" })
      .then((r) => (r.ok ? r.json() : []))
      .catch(() => []);
  }
  return versionsList;
}

export function start(form) {
  if (form.dataset.searchStarted) return;
  form.dataset.searchStarted = "true";
  const input = form.querySelector("input[type=search]");
  const id = `${input.id || "search"}-${++uid}`;
  const current = form.dataset.version;
  const here = indexFor(form.dataset.searchIndex, null);
  let everywhere = false;
  let active = -1;
  let shown = [];
  let asked = 0;

  const popup = document.createElement("div");
  popup.className = "search-popup";
  popup.hidden = true;
  const list = document.createElement("ul");
  list.id = `${id}-results`;
  list.className = "search-results";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", "Search results");
  const footer = document.createElement("div");
  footer.className = "search-footer";
  const scope = document.createElement("button");
  scope.type = "button";
  scope.className = "search-scope";
  scope.hidden = true;
  const aToZ = document.createElement("a");
  aToZ.href = form.action;
  aToZ.textContent = "A–Z index";
  footer.append(scope, aToZ);
  popup.append(list, footer);
  const status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  form.append(popup, status);

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", list.id);

  versions(form).then((all) => {
    if (all.length > 1) {
      scope.hidden = false;
      scope.textContent = "Search all versions";
    }
  });

  const open = (yes) => {
    popup.hidden = !yes;
    input.setAttribute("aria-expanded", String(yes));
    if (!yes) select(-1);
  };

  const select = (n) => {
    const options = list.querySelectorAll("[role=option]");
    options.forEach((o, i) => o.setAttribute("aria-selected", String(i === n)));
    active = n;
    if (n >= 0 && options[n]) {
      input.setAttribute("aria-activedescendant", options[n].id);
      options[n].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  };

  const show = (results, terms, query) => {
    list.replaceChildren();
    // Which query the list answers (themes and tests may read it).
    list.dataset.query = query;
    shown = results;
    results.forEach((result, n) => {
      const option = document.createElement("li");
      option.id = `${id}-option-${n}`;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.className = "search-result";
      const link = document.createElement("a");
      link.href = result.href;
      link.tabIndex = -1;
      const title = document.createElement("span");
      title.className = "search-result-title";
      title.append(marked(result.title, terms));
      if (result.version) {
        const badge = document.createElement("span");
        badge.className = "search-result-version";
        badge.textContent = result.version;
        title.append(" ", badge);
      }
      link.append(title);
      if (result.trail) {
        const trail = document.createElement("span");
        trail.className = "search-result-trail";
        trail.textContent = result.trail;
        link.append(trail);
      }
      if (result.text) {
        const text = document.createElement("span");
        text.className = "search-result-snippet";
        text.append(marked(snippet(result.text, terms), terms));
        link.append(text);
      }
      option.append(link);
      option.addEventListener("mousedown", (event) => event.preventDefault());
      list.append(option);
    });
    if (!results.length) {
      const none = document.createElement("li");
      none.className = "search-empty";
      none.textContent = `No results for “${query}”. Try another word, or browse the A–Z index.`;
      list.append(none);
    }
    const where = everywhere ? " in all versions" : "";
    status.textContent = results.length
      ? `${results.length} result${results.length === 1 ? "" : "s"}${where}. Use the up and down arrows to choose.`
      : `No results${where}.`;
    active = -1;
    input.removeAttribute("aria-activedescendant");
    open(true);
  };

  const run = async () => {
    const query = input.value.trim();
    const terms = words(query);
    const ticket = ++asked;
    if (!terms.length) {
      list.replaceChildren();
      shown = [];
      status.textContent = query ? "Type at least two letters." : "";
      open(false);
      return;
    }
    let results;
    try {
      if (everywhere) {
        const all = await versions(form);
        const lists = await Promise.all(
          all.map((v) => {
            const url = form.dataset.searchIndex.replace(/[^/]+\/index\.json$/, `${encodeURIComponent(v.name)}/index.json`);
            return indexFor(url, v.name === current ? null : v.label).search(terms).catch(() => []);
          })
        );
        results = lists.flat().sort((a, b) => b.score - a.score).slice(0, MAX_RESULTS);
      } else {
        results = await here.search(terms);
      }
    } catch (error) {
      console.error("quire: search failed:", error);
      results = [];
    }
    if (ticket === asked) show(results, terms, query);
  };

  input.addEventListener("input", run);
  input.addEventListener("focus", () => {
    if (input.value.trim()) run();
  });
  input.addEventListener("keydown", (event) => {
    const count = shown.length;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (popup.hidden) {
        if (input.value.trim()) run();
        event.preventDefault();
        return;
      }
      if (!count) return;
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      select(active < 0 ? (step > 0 ? 0 : count - 1) : (active + step + count) % count);
    } else if (event.key === "Enter") {
      const chosen = shown[active >= 0 ? active : 0];
      if (chosen && !popup.hidden) {
        event.preventDefault();
        location.href = chosen.href;
      }
    } else if (event.key === "Escape") {
      if (!popup.hidden) {
        event.preventDefault();
        open(false);
      } else if (input.value) {
        event.preventDefault();
        input.value = "";
        status.textContent = "";
      }
    }
  });
  scope.addEventListener("click", () => {
    everywhere = !everywhere;
    scope.textContent = everywhere ? "Search this version only" : "Search all versions";
    input.focus();
    run();
  });
  form.addEventListener("focusout", (event) => {
    if (!form.contains(event.relatedTarget)) open(false);
  });
  if (document.activeElement === input && input.value.trim()) run();
}
