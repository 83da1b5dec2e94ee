// Tributary dashboard: pipelines and their status, a live chart of one key's metric (history from
// /results, then Server-Sent Events from /stream; the key's forecast band ahead of it when the
// pipeline forecasts that metric), the top keys by that metric and the open alerts; for a graph pipeline
// its window's largest components and a node's relations. Plain browser
// JavaScript against the query API; no build step. With API keys on, the page asks for a key once and exchanges it
// for a session cookie (POST /api/v1/session): EventSource cannot send a key, and the page keeps none.
(function () {
	'use strict';

	const API = 'api/v1';
	const HISTORY_MINUTES = 10;
	const TOP_MINUTES = 5;
	const REFRESH_MS = 5000;

	// a graph pipeline's window summary (key '*'): one number each, so they chart and rank
	const GRAPH_METRICS = ['nodes', 'edges', 'components', 'largest_component'];

	const state = {
		pipelines: [],
		pipeline: null,
		key: null,
		metric: null,
		source: null,
		// window start (ms) -> {revision, value}
		points: new Map(),
		// the newest forecast the key's results carried (the one learned from most windows), or null
		forecast: null,
		received: 0,
		chart: null,
		signedIn: false,
		started: false,
	};

	// the CSRF token of this browser's session: the login and logout requests carry it
	const session = { csrfHeader: null, csrfToken: null };

	const $ = (id) => document.getElementById(id);

	async function getJson(path) {
		const response = await fetch(path, { headers: { Accept: 'application/json' } });
		if (response.status === 401) {
			showLogin('The session ended: sign in again.');
		}
		if (!response.ok) {
			let detail = response.statusText;
			try {
				detail = (await response.json()).detail || detail;
			}
			catch (e) {
				// not a problem document
			}
			throw new Error(response.status + ' ' + detail);
		}
		return response.json();
	}

	function text(value) {
		return value === null || value === undefined ? '–' : String(value);
	}

	function row(cells, numeric) {
		const tr = document.createElement('tr');
		cells.forEach((cell, i) => {
			const td = document.createElement('td');
			td.textContent = text(cell);
			if (numeric && numeric.includes(i)) {
				td.className = 'num';
			}
			tr.appendChild(td);
		});
		return tr;
	}

	function fill(select, values, selected) {
		select.replaceChildren(...values.map((v) => {
			const option = document.createElement('option');
			option.value = v;
			option.textContent = v;
			option.selected = v === selected;
			return option;
		}));
	}

	// --- pipelines ---------------------------------------------------------------------------------

	async function loadPipelines() {
		try {
			const list = await getJson(API + '/pipelines');
			state.pipelines = list.items;
			$('pipelines-error').hidden = true;
			$('pipelines').tBodies[0].replaceChildren(...list.items.map((p) => {
				const w = p.definition.window;
				const window = w.type + ' ' + text(w.size) + (w.slide ? ' / ' + w.slide : '');
				return row([p.name, p.definition.source, window, p.status.watermark, p.status.lastResultAt,
					p.status.keys], [5]);
			}));
			if (!state.pipeline && list.items.length > 0) {
				await choosePipeline(list.items[0].name);
			}
		}
		catch (e) {
			$('pipelines-error').textContent = 'Cannot load the pipelines: ' + e.message;
			$('pipelines-error').hidden = false;
		}
	}

	function numericMetrics(pipeline) {
		// metrics that are one number per window: what a line chart and a ranking can show
		return Object.entries(pipeline.definition.aggregate)
			.filter(([, call]) => !/^(top|first|last)\(/.test(call) && !/^quantile\([^,]+,[^,]+,/.test(call))
			.map(([name]) => name)
			.concat(pipeline.definition.graph ? GRAPH_METRICS : [])
			.concat(Object.keys(pipeline.definition.select || {}));
	}

	async function choosePipeline(name) {
		state.pipeline = name;
		const pipeline = state.pipelines.find((p) => p.name === name);
		fill($('pipeline'), state.pipelines.map((p) => p.name), name);
		const metrics = numericMetrics(pipeline);
		state.metric = metrics[0] || null;
		fill($('metric'), metrics, state.metric);
		const keys = await getJson(API + '/pipelines/' + encodeURIComponent(name) + '/keys?limit=100');
		const names = keys.items.map((k) => k.key);
		// a graph pipeline's summary is its '*' key; the other keys are its nodes
		state.key = (pipeline.definition.graph && names.includes('*')) ? '*' : (names[0] || null);
		fill($('key'), names, state.key);
		await follow();
		await loadTop();
		await loadAlerts();
		await loadGraph();
	}

	// --- live chart ----------------------------------------------------------------------------------

	function upsert(result) {
		const start = Date.parse(result.windowStart);
		const known = state.points.get(start);
		if (known && known.revision >= result.revision) {
			return;
		}
		const value = result.metrics[state.metric];
		state.points.set(start, { revision: result.revision, value: typeof value === 'number' ? value : null });
		const forecast = result.forecast;
		if (forecast && forecast.metric === state.metric
				&& (!state.forecast || forecast.learnedFrom >= state.forecast.learnedFrom)) {
			state.forecast = forecast;
		}
	}

	function draw() {
		// the forecast's points ahead of the last window plotted: value, and the interval as a band
		const last = Math.max(...state.points.keys(), -Infinity);
		const ahead = new Map();
		(state.forecast ? state.forecast.points : []).forEach((p) => {
			const start = Date.parse(p.windowStart);
			if (start > last) {
				ahead.set(start, p);
			}
		});
		const starts = [...state.points.keys(), ...ahead.keys()].sort((a, b) => a - b);
		const at = (t, f) => (ahead.has(t) ? f(ahead.get(t)) : null);
		const data = [starts.map((t) => t / 1000),
			starts.map((t) => (state.points.has(t) ? state.points.get(t).value : null)),
			starts.map((t) => at(t, (p) => p.value)), starts.map((t) => at(t, (p) => p.lower)),
			starts.map((t) => at(t, (p) => p.upper))];
		if (!state.chart) {
			const width = Math.max(320, $('chart').clientWidth || 800);
			const band = state.forecast ? Math.round(state.forecast.confidence * 100) + '% interval' : 'interval';
			state.chart = new uPlot({
				width: width,
				height: 280,
				series: [{}, { label: state.metric, stroke: '#2f6fdf', width: 2, points: { show: true } },
					{ label: 'forecast', stroke: '#d9822b', width: 2, dash: [6, 4] },
					{ label: 'lower', stroke: 'rgba(217,130,43,0.35)', width: 1 },
					{ label: 'upper (' + band + ')', stroke: 'rgba(217,130,43,0.35)', width: 1 }],
				bands: [{ series: [4, 3], fill: 'rgba(217,130,43,0.15)' }],
				axes: [{}, {}],
			}, data, $('chart'));
			// the chart's handle, for scripts and the browser test (they read what it plots)
			$('chart').chart = state.chart;
		}
		else {
			state.chart.setData(data);
		}
	}

	function resetChart() {
		state.points.clear();
		state.forecast = null;
		if (state.chart) {
			state.chart.destroy();
			state.chart = null;
			$('chart').chart = null;
		}
	}

	async function follow() {
		if (state.source) {
			state.source.close();
			state.source = null;
		}
		resetChart();
		state.received = 0;
		if (!state.pipeline || !state.key || !state.metric) {
			$('live-status').textContent = 'no key to follow yet';
			return;
		}
		const base = API + '/pipelines/' + encodeURIComponent(state.pipeline);
		const from = new Date(Date.now() - HISTORY_MINUTES * 60000).toISOString();
		const history = await getJson(base + '/results?key=' + encodeURIComponent(state.key) + '&from=' + from
			+ '&limit=1000');
		history.items.forEach(upsert);
		draw();
		// EventSource reconnects by itself and then sends Last-Event-ID: the stream resumes without a gap
		const source = new EventSource(base + '/stream?key=' + encodeURIComponent(state.key));
		source.addEventListener('open', () => {
			$('live-status').textContent = 'live: following ' + state.key + ', ' + state.received + ' results received';
		});
		source.addEventListener('result', (event) => {
			upsert(JSON.parse(event.data));
			state.received++;
			$('live-status').dataset.received = String(state.received);
			$('live-status').textContent = 'live: following ' + state.key + ', ' + state.received + ' results received';
			draw();
		});
		source.addEventListener('alert', () => loadAlerts());
		source.addEventListener('retraction', (event) => {
			// a session merged into another: its old start is gone, the merged result came before
			state.points.delete(Date.parse(JSON.parse(event.data).windowStart));
			draw();
		});
		source.addEventListener('error', () => {
			$('live-status').textContent = 'reconnecting…';
			if (source.readyState === EventSource.CLOSED) {
				// refused (the session ended, say): EventSource does not retry that by itself
				checkSession();
			}
		});
		state.source = source;
	}

	// --- top keys ------------------------------------------------------------------------------------

	async function loadTop() {
		if (!state.pipeline || !state.metric) {
			return;
		}
		const from = new Date(Date.now() - TOP_MINUTES * 60000).toISOString();
		$('top-metric').textContent = state.metric;
		$('top-range').textContent = 'last ' + TOP_MINUTES + ' minutes by ' + state.metric;
		try {
			const top = await getJson(API + '/pipelines/' + encodeURIComponent(state.pipeline) + '/top?metric='
				+ encodeURIComponent(state.metric) + '&n=10&from=' + from);
			$('top').tBodies[0].replaceChildren(...top.items.map((k) => row([k.key, k.value, k.windows,
				k.allFinal ? 'yes' : 'no'], [1, 2])));
		}
		catch (e) {
			$('top').tBodies[0].replaceChildren(row(['cannot rank: ' + e.message]));
		}
	}

	// --- graph --------------------------------------------------------------------------------------

	function isGraph() {
		const pipeline = state.pipelines.find((p) => p.name === state.pipeline);
		return Boolean(pipeline && pipeline.definition.graph);
	}

	async function loadGraph() {
		$('graph').hidden = !isGraph();
		if (!isGraph()) {
			return;
		}
		try {
			const c = await getJson(API + '/pipelines/' + encodeURIComponent(state.pipeline) + '/graph/components?limit=10');
			$('graph-window').textContent = 'window ' + c.windowStart + (c.final ? '' : ' (open)') + ': ' + c.nodes
				+ ' nodes, ' + c.edges + ' edges, ' + c.components + ' components';
			$('components').tBodies[0].replaceChildren(...c.items.map((item) => row([item.id, item.size, item.edges,
				item.members.join(', ') + (item.members.length < item.size ? ', …' : '')], [1, 2])));
		}
		catch (e) {
			$('components').tBodies[0].replaceChildren(row(['no components: ' + e.message]));
		}
	}

	async function loadNode() {
		const name = $('node-name').value.trim();
		if (!name || !isGraph()) {
			return;
		}
		try {
			const n = await getJson(API + '/pipelines/' + encodeURIComponent(state.pipeline) + '/graph/nodes/'
				+ encodeURIComponent(name));
			$('node').tBodies[0].replaceChildren(row([n.node, n.degree, n.component.id, n.component.size,
				n.neighbours.map((x) => x.node + ' (' + (x.weight !== undefined ? x.weight : x.events) + ')').join(', '),
				n.windowStart], [1, 3]));
		}
		catch (e) {
			$('node').tBodies[0].replaceChildren(row([name + ': ' + e.message]));
		}
	}

	// --- alerts --------------------------------------------------------------------------------------

	async function loadAlerts() {
		if (!state.pipeline) {
			return;
		}
		try {
			const alerts = await getJson(API + '/pipelines/' + encodeURIComponent(state.pipeline)
				+ '/alerts?status=open&limit=50');
			$('alerts-count').textContent = alerts.open + ' open';
			$('alerts').tBodies[0].replaceChildren(...alerts.items.map((a) => {
				const tr = row([a.key, a.rule, a.severity, a.condition, a.windowStart, a.breaches,
					a.value !== undefined ? a.value : null], [5, 6]);
				tr.className = 'severity-' + a.severity;
				return tr;
			}));
		}
		catch (e) {
			$('alerts').tBodies[0].replaceChildren(row(['cannot load alerts: ' + e.message]));
		}
	}

	// --- wiring --------------------------------------------------------------------------------------

	$('pipeline').addEventListener('change', (e) => choosePipeline(e.target.value));
	$('key').addEventListener('change', (e) => {
		state.key = e.target.value;
		follow();
	});
	$('metric').addEventListener('change', (e) => {
		state.metric = e.target.value;
		follow();
		loadTop();
	});
	$('node-form').addEventListener('submit', (e) => {
		e.preventDefault();
		loadNode();
	});
	$('login-form').addEventListener('submit', (e) => {
		e.preventDefault();
		signIn();
	});
	$('logout').addEventListener('click', signOut);

	// --- session -------------------------------------------------------------------------------------

	async function sessionState() {
		const response = await fetch(API + '/session', { headers: { Accept: 'application/json' } });
		if (!response.ok) {
			// no session endpoint: API keys are off (local development)
			return { authenticated: true, key: null };
		}
		const s = await response.json();
		session.csrfHeader = s.csrfHeader;
		session.csrfToken = s.csrfToken;
		return s;
	}

	async function checkSession() {
		let s;
		try {
			s = await sessionState();
		}
		catch (e) {
			showLogin('Cannot reach the query service: ' + e.message);
			return;
		}
		if (s.authenticated) {
			showApp(s.key);
		}
		else {
			showLogin(state.signedIn ? 'The session ended: sign in again.' : null);
		}
	}

	async function signIn() {
		const field = $('api-key');
		const key = field.value.trim();
		// the field is emptied at once: the key stays in no element of the page
		field.value = '';
		$('login-error').hidden = true;
		// the token of the session as it is now (a refused attempt may have renewed the session)
		await sessionState();
		const headers = { Accept: 'application/json', Authorization: 'Bearer ' + key };
		if (session.csrfHeader) {
			headers[session.csrfHeader] = session.csrfToken;
		}
		const response = await fetch(API + '/session', { method: 'POST', headers: headers });
		if (!response.ok) {
			$('login-error').textContent = response.status === 403
				? 'That key may not read results (it needs the query scope).'
				: 'That key is not valid.';
			$('login-error').hidden = false;
			return;
		}
		const s = await response.json();
		session.csrfHeader = s.csrfHeader;
		session.csrfToken = s.csrfToken;
		showApp(s.key);
	}

	async function signOut() {
		const headers = { Accept: 'application/json' };
		if (session.csrfHeader) {
			headers[session.csrfHeader] = session.csrfToken;
		}
		await fetch(API + '/session', { method: 'DELETE', headers: headers });
		if (state.source) {
			state.source.close();
			state.source = null;
		}
		state.signedIn = false;
		session.csrfToken = null;
		showLogin(null);
	}

	function showLogin(message) {
		$('app').hidden = true;
		$('who').hidden = true;
		$('logout').hidden = true;
		$('login').hidden = false;
		$('login-error').textContent = message || '';
		$('login-error').hidden = !message;
		if (state.source) {
			state.source.close();
			state.source = null;
		}
		state.signedIn = false;
	}

	function showApp(keyName) {
		$('login').hidden = true;
		$('app').hidden = false;
		$('who').textContent = keyName ? 'signed in with key ' + keyName : '';
		$('who').hidden = !keyName;
		$('logout').hidden = !keyName;
		state.signedIn = true;
		if (!state.started) {
			state.started = true;
			setInterval(() => state.signedIn && loadPipelines(), REFRESH_MS);
			setInterval(() => state.signedIn && loadTop(), REFRESH_MS);
			setInterval(() => state.signedIn && loadAlerts(), REFRESH_MS);
			setInterval(() => state.signedIn && loadGraph(), REFRESH_MS);
		}
		state.pipeline = null;
		loadPipelines();
	}

	checkSession();
}());
