/* The options page: store the site's address, with the browser's permission to read it. */
"use strict";

const api = globalThis.browser ?? globalThis.chrome;
const input = document.getElementById("site");
const statusLine = document.getElementById("status");
const userChoice = document.getElementById("user-choice");
const userSelect = document.getElementById("user");

function say(text, state = "") {
  statusLine.textContent = text;
  statusLine.dataset.state = state;
}

async function report() {
  const answer = await api.runtime.sendMessage({kind: "check"});
  if (answer.state === "ok") {
    say(`Connected: ${answer.movies} films in the library at ${answer.site}`, "ok");
    return listUsers();
  }
  userChoice.hidden = true;
  if (answer.state === "unconfigured") say("No site yet: enter its address and save.");
  else say(`Could not read the library at ${answer.site}: ${answer.reason}`, "error");
}

async function load() {
  const {site} = await api.storage.local.get("site");
  if (site) input.value = site;
  await report();
}

document.getElementById("site-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const site = siteAddressOf(input.value);
  if (!site) return say("Enter the site's http(s) address, e.g. https://movies.example.org/", "error");
  // Asked first, while the click still counts as the user's gesture (Firefox insists).
  let granted = false;
  try {
    granted = await api.permissions.request({origins: [originPatternOf(site)]});
  } catch (error) {
    return say(`The browser refused access to ${site}: ${error.message}`, "error");
  }
  if (!granted) return say(`Not saved: the extension needs your permission to read ${site}`, "error");
  const {site: previous} = await api.storage.local.get("site");
  if (previous !== site) await api.storage.local.remove("state");      // another site, other users
  await api.storage.local.set({site});
  input.value = site;
  await dropAccess(previous, site);
  say("Saved. Checking the library…");
  await report();
});

document.getElementById("forget").addEventListener("click", async () => {
  const {site} = await api.storage.local.get("site");
  await api.storage.local.remove(["site", "state"]);
  userChoice.hidden = true;
  await dropAccess(site, null);
  input.value = "";
  say("Forgotten: the extension reads no site until you save one.");
});

/** A site with several users lets the reader choose whose watch state the badge shows. */
async function listUsers() {
  const {users, chosen} = await api.runtime.sendMessage({kind: "users"});
  userSelect.replaceChildren(...users.map((user) => {
    const option = new Option(user.label, user.state);
    option.selected = user.state === chosen;
    return option;
  }));
  userChoice.hidden = users.length === 0;
}

userSelect.addEventListener("change", async () => {
  await api.storage.local.set({state: userSelect.value});
  say(`Showing ${userSelect.selectedOptions[0].textContent}'s watch state.`, "ok");
});

/** Give back the access a previous site needed, unless the new one needs the same. */
async function dropAccess(previous, current) {
  const old = previous && siteAddressOf(previous);
  if (!old || (current && originPatternOf(old) === originPatternOf(current))) return;
  await api.permissions.remove({origins: [originPatternOf(old)]}).catch(() => false);
}

load();
