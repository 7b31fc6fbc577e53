'use strict';
// Parley admin page: a static page over /admin/api. Everything shown is set with textContent,
// never parsed as HTML. The CSRF token lives only in this page's memory.
(() => {
  const api = '/admin/api';
  let csrf = null;

  const $ = (id) => document.getElementById(id);
  const cell = (row, text, cls) => {
    const td = row.insertCell();
    td.textContent = text === null || text === undefined ? '—' : String(text);
    if (cls) td.className = cls;
    return td;
  };
  const when = (iso) => (iso ? new Date(iso).toLocaleString() : '—');

  async function call(method, path, body) {
    const headers = { 'Accept': 'application/json' };
    if (method !== 'GET') {
      headers['Content-Type'] = 'application/json';
      if (csrf) headers['X-CSRF-Token'] = csrf;
    }
    const response = await fetch(api + path, {
      method, headers, credentials: 'same-origin', cache: 'no-store',
      body: method === 'GET' ? undefined : JSON.stringify(body || {}),
    });
    const json = await response.json().catch(() => ({}));
    if (!response.ok) {
      const error = new Error(json.message || ('HTTP ' + response.status));
      error.status = response.status;
      throw error;
    }
    return json;
  }

  function showLogin(message) {
    csrf = null;
    $('console').hidden = true;
    $('whoami').hidden = true;
    $('login').hidden = false;
    $('login-error').textContent = message || '';
  }

  async function showConsole(session) {
    csrf = session.csrfToken;
    $('operator-name').textContent = session.operator;
    $('login').hidden = true;
    $('whoami').hidden = false;
    $('console').hidden = false;
    await Promise.all([loadOverview(), loadUsers(''), loadGroups(), loadAudit()]);
  }

  async function guarded(work) {
    try {
      await work();
    } catch (e) {
      if (e.status === 401) showLogin('Your session has ended; sign in again.');
      else $('notice').textContent = e.message;
    }
  }

  async function loadOverview() {
    const o = await call('GET', '/overview');
    $('totals').textContent = o.accounts + ' accounts · ' + o.connections + ' broker connections · '
      + o.backlog + ' messages waiting' + (o.brokersConfigured ? '' : ' · brokers not configured for management');
    const body = $('nodes').tBodies[0];
    body.replaceChildren();
    for (const n of o.nodes) {
      const row = body.insertRow();
      row.dataset.node = n.url;
      cell(row, n.url);
      cell(row, n.up ? 'up' : 'down', n.up ? 'up' : 'down');
      cell(row, n.up ? n.connections : null, 'num');
      cell(row, n.up ? n.consumers : null, 'num');
      cell(row, n.up ? n.backlog : null, 'num');
      cell(row, n.up ? n.messagesAdded : null, 'num');
      cell(row, n.messagesPerSecond, 'num');
    }
  }

  async function loadUsers(prefix) {
    const path = prefix ? '/users/search/' + encodeURIComponent(prefix) : '/users';
    const result = await call('GET', path);
    const body = $('user-table').tBodies[0];
    body.replaceChildren();
    for (const u of result.users) {
      const row = body.insertRow();
      row.dataset.user = u.username;
      cell(row, u.username, 'name');
      cell(row, when(u.createdAt));
      cell(row, when(u.lastLoginAt));
      cell(row, u.online ? 'online' : 'offline', 'online');
      cell(row, u.backlog, 'num backlog');
      cell(row, u.disabled ? 'disabled' : 'enabled', 'state ' + (u.disabled ? 'disabled-state' : 'enabled-state'));
      const actions = row.insertCell();
      const button = document.createElement('button');
      button.type = 'button';
      button.className = u.disabled ? 'enable' : 'disable danger';
      button.textContent = u.disabled ? 'Enable' : 'Disable';
      button.addEventListener('click', () => guarded(() => toggle(u)));
      actions.appendChild(button);
    }
    if (result.users.length === 0) {
      cell(body.insertRow(), 'No matching users.');
    }
  }

  async function toggle(user) {
    const disabling = !user.disabled;
    if (disabling && !window.confirm('Disable ' + user.username + '? Their sessions end at once.')) return;
    const result = await call('POST', '/users/' + encodeURIComponent(user.username) + (disabling ? '/disable' : '/enable'));
    const missed = (result.brokers || []).filter((b) => !b.applied).map((b) => b.url);
    $('notice').textContent = user.username + (disabling ? ' disabled' : ' enabled')
      + (missed.length ? ' (not yet confirmed by ' + missed.join(', ') + '; retried automatically)' : '') + '.';
    await Promise.all([loadUsers($('user-search').value.trim()), loadAudit(), loadOverview()]);
  }

  async function loadGroups() {
    const g = await call('GET', '/groups');
    $('groups-note').textContent = g.total === 0 ? 'No groups yet.'
      : g.total + (g.total === 1 ? ' group' : ' groups') + (g.total > g.groups.length ? ', the ' + g.groups.length + ' most recently changed shown' : '') + '.';
    const body = $('group-table').tBodies[0];
    body.replaceChildren();
    for (const group of g.groups) {
      const row = body.insertRow();
      row.dataset.group = group.id;
      cell(row, group.name, 'name');
      cell(row, group.admin);
      cell(row, group.size, 'num size');
      cell(row, group.members.join(', '), 'members');
      cell(row, when(group.updatedAt));
    }
  }

  async function loadAudit() {
    const result = await call('GET', '/audit');
    const body = $('audit-table').tBodies[0];
    body.replaceChildren();
    for (const e of result.entries.slice(0, 30)) {
      const row = body.insertRow();
      cell(row, when(e.at));
      cell(row, e.operator);
      cell(row, e.action);
      cell(row, e.target);
      cell(row, e.detail);
    }
  }

  $('login-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    $('login-error').textContent = '';
    try {
      const session = await call('POST', '/login', { username: $('username').value, password: $('password').value });
      $('password').value = '';
      await showConsole(session);
    } catch (e) {
      $('login-error').textContent = e.status === 401 ? 'Wrong operator name or password.' : e.message;
    }
  });
  $('search-form').addEventListener('submit', (event) => {
    event.preventDefault();
    guarded(() => loadUsers($('user-search').value.trim()));
  });
  $('refresh').addEventListener('click', () => guarded(loadOverview));
  $('logout').addEventListener('click', async () => {
    try { await call('POST', '/logout'); } finally { showLogin('Signed out.'); }
  });

  call('GET', '/session').then(showConsole, () => showLogin(''));
})();
